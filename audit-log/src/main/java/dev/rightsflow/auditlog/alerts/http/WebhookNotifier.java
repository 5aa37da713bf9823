package dev.rightsflow.auditlog.alerts.http;

import java.util.concurrent.CompletableFuture;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import dev.rightsflow.auditlog.AuditLogProperties;
import dev.rightsflow.auditlog.alerts.application.AlertNotifier;
import dev.rightsflow.auditlog.alerts.model.AlertDue;
import dev.rightsflow.auditlog.registry.Organisation;
import dev.rightsflow.schemas.net.ForbiddenOutboundAddressException;
import dev.rightsflow.schemas.net.GuardedWebClients;
import dev.rightsflow.schemas.net.OutboundAddresses;

/**
 * POSTs an alert as JSON to the organisation's {@code alertWebhook}: {@code kind, requestId,
 * controllerId, dueDate, taskId, caseUrl}. Two retries with back-off; a webhook that still fails is
 * logged by the scanner (the alert itself is already on ALERTS and on the dashboard).
 *
 * <p>The webhook address comes from the registry, so it goes through the outbound guard first
 * ({@link OutboundAddresses}, after DNS resolution, right before each call): a webhook on a loopback,
 * private, link-local or metadata address fails with {@link ForbiddenOutboundAddressException} and is
 * not retried, unless its host is on {@code rightsflow.audit-log.webhook-allowed-hosts}. The client connects only
 * to addresses checked again as it resolves them ({@link GuardedWebClients}), so a name re-pointed after the
 * first check (DNS rebinding) is refused too.
 */
public class WebhookNotifier implements AlertNotifier {

    private final WebClient client;
    private final List<String> allowedHosts;

    public WebhookNotifier(AuditLogProperties properties) {
        this.allowedHosts = properties.webhookAllowedHosts();
        this.client = GuardedWebClients.builder(() -> allowedHosts).build();
    }

    @Override
    public CompletableFuture<Void> notify(Organisation organisation, AlertDue alert, String caseUrl) {
        return send(organisation, alert, caseUrl).toFuture();
    }

    private Mono<Void> send(Organisation organisation, AlertDue alert, String caseUrl) {
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
        Mono<Void> guard = Mono.fromRunnable(() -> OutboundAddresses.check(URI.create(organisation.alertWebhook()),
                allowedHosts)).subscribeOn(Schedulers.boundedElastic()).then();
        return guard.then(client.post().uri(organisation.alertWebhook()).contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body).retrieve().toBodilessEntity().timeout(Duration.ofSeconds(10)))
                .retryWhen(reactor.util.retry.Retry.backoff(2, Duration.ofMillis(200))
                        .filter(e -> !(e instanceof ForbiddenOutboundAddressException)
                                && !(e.getCause() instanceof ForbiddenOutboundAddressException)
                                && !(e instanceof IllegalArgumentException)))
                .then();
    }
}
