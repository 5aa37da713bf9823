package dev.rightsflow.auditlog.dashboard.web;

import java.security.Principal;
import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ServerWebExchange;

import dev.rightsflow.auditlog.webhooks.WebhookLog;
import dev.rightsflow.deadline.PlainWords;
import reactor.core.publisher.Mono;

/**
 * The organisation's webhook deliveries for its staff: {@code /dashboard/webhooks} (a short table: each delivery's
 * event, request, attempts, last status, next retry or why it is dead) and {@code GET /api/v1/dashboard/webhooks}
 * (the same as JSON). Administrators see every organisation's. No personal data: ids, types, codes and times.
 */
@Controller("auditLogWebhookLogPage")
public class WebhookLogPage {

    private static final int LIMIT = 200;

    /** One delivery in words, for {@code webhooks.mustache}. The event type is the message's own name, shown as code. */
    record Delivery(String deliveryId, String eventType, String webhookId, String requestId, int attempts,
            String statusCode, String colour, String state, String next, String lastAttempt) {
    }

    private static Delivery delivery(WebhookLog.Entry e) {
        String colour = switch (e.outcome()) {
            case "DELIVERED" -> "green";
            case "DEAD" -> "red";
            default -> "amber";
        };
        String state = switch (e.outcome()) {
            case "DELIVERED" -> "Delivered";
            case "DEAD" -> "Dead: not tried again";
            case "RETRYING" -> "To be tried again";
            default -> Labels.words(e.outcome());
        };
        return new Delivery(e.deliveryId(), e.eventType(), e.webhookId(), e.requestId(), e.attempts(),
                e.statusCode() == null ? "–" : String.valueOf(e.statusCode()), colour, state,
                e.nextAttemptAt() != null ? "next try " + PlainWords.dateTime(e.nextAttemptAt()) : e.error(),
                PlainWords.dateTime(e.lastAttemptAt()));
    }

    private final WebhookLog log;
    private final Viewers viewers;

    public WebhookLogPage(WebhookLog log, Viewers viewers) {
        this.log = log;
        this.viewers = viewers;
    }

    @GetMapping(path = "/api/v1/dashboard/webhooks", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    public Mono<List<WebhookLog.Entry>> api(Principal principal) {
        return log.visibleTo(viewers.of(principal), LIMIT);
    }

    @GetMapping(path = "/dashboard/webhooks", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    public Mono<String> page(Principal principal, ServerWebExchange exchange) {
        return log.visibleTo(viewers.of(principal), LIMIT).flatMap(entries -> {
            List<Delivery> deliveries = entries.stream().map(WebhookLogPage::delivery).toList();
            return DashboardPages.withCsrf(exchange, Html.page("Webhooks", viewers.label(principal),
                    DashboardTemplates.render("webhooks", Map.of("any", !deliveries.isEmpty(), "deliveries", deliveries)), null));
        });
    }
}
