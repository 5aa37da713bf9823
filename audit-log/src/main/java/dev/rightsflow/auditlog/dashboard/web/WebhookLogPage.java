package dev.rightsflow.auditlog.dashboard.web;

import static dev.rightsflow.auditlog.dashboard.web.Html.esc;

import java.security.Principal;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ServerWebExchange;

import dev.rightsflow.auditlog.webhooks.WebhookLog;
import reactor.core.publisher.Mono;

/**
 * The organisation's webhook deliveries for its staff: {@code /dashboard/webhooks} (a short table: each delivery's
 * event, request, attempts, last status, next retry or why it is dead) and {@code GET /api/v1/dashboard/webhooks}
 * (the same as JSON). Administrators see every organisation's. No personal data: ids, types, codes and times.
 */
@Controller("auditLogWebhookLogPage")
public class WebhookLogPage {

    private static final int LIMIT = 200;

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
            StringBuilder b = new StringBuilder("<h1>Webhook deliveries</h1><p class=\"muted\">Each signed message to"
                    + " your webhooks (Standard Webhooks), its attempts and where it stands; a dead one is not tried"
                    + " again. The pre-approval webhook's message is listed as pre-approval.</p>");
            if (entries.isEmpty()) {
                b.append("<p id=\"webhooks-empty\">No webhook deliveries.</p>");
            } else {
                b.append("<table id=\"webhooks\"><tr><th>Event</th><th>Webhook</th><th>Request</th><th>Attempts</th>"
                        + "<th>Last status</th><th>State</th><th>Next attempt / why</th><th>Last attempt</th></tr>");
                for (WebhookLog.Entry e : entries) {
                    String badge = switch (e.outcome()) {
                        case "DELIVERED" -> "green";
                        case "DEAD" -> "red";
                        default -> "amber";
                    };
                    b.append("<tr data-delivery=\"").append(esc(e.deliveryId())).append("\"><td>")
                            .append(esc(e.eventType())).append("</td><td>").append(esc(e.webhookId()))
                            .append("</td><td><a href=\"/dashboard/cases/").append(esc(e.requestId())).append("\">")
                            .append(esc(e.requestId())).append("</a></td><td>").append(e.attempts()).append("</td><td>")
                            .append(e.statusCode() == null ? "–" : esc(e.statusCode())).append("</td><td><span class=\"badge ")
                            .append(badge).append("\">").append(esc(e.outcome())).append("</span></td><td>")
                            .append(e.nextAttemptAt() != null ? "retry at " + esc(e.nextAttemptAt()) : esc(e.error()))
                            .append("</td><td>").append(esc(e.lastAttemptAt())).append("</td></tr>");
                }
                b.append("</table>");
            }
            return DashboardPages.withCsrf(exchange, Html.page("Webhooks", viewers.label(principal), b.toString(), null));
        });
    }
}
