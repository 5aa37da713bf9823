package dev.rightsflow.auditlog.alerts.http;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

import reactor.core.publisher.Mono;

import dev.rightsflow.auditlog.alerts.application.AlertNotifier;
import dev.rightsflow.auditlog.alerts.model.AlertDue;
import dev.rightsflow.auditlog.registry.Organisation;

/**
 * POSTs an alert as JSON to the organisation's {@code alertWebhook}: {@code kind, requestId,
 * controllerId, dueDate, taskId, caseUrl}. Two retries with back-off; a webhook that still fails is
 * logged by the scanner (the alert itself is already on ALERTS and on the dashboard).
 */
@Component("auditLogWebhookNotifier")
public class WebhookNotifier implements AlertNotifier {

    private final WebClient client = WebClient.create();

    @Override
    public Mono<Void> notify(Organisation organisation, AlertDue alert, String caseUrl) {
        if (organisation.alertWebhook() == null || organisation.alertWebhook().isBlank()) {
            return Mono.empty();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", alert.kind().name());
        body.put("requestId", alert.requestId());
        body.put("controllerId", organisation.id());
        body.put("dueDate", String.valueOf(alert.dueDate()));
        body.put("taskId", alert.taskId());
        body.put("caseUrl", caseUrl);
        return client.post().uri(organisation.alertWebhook()).contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .retrieve().toBodilessEntity().timeout(Duration.ofSeconds(10))
                .retryWhen(reactor.util.retry.Retry.backoff(2, Duration.ofMillis(200)))
                .then();
    }
}
