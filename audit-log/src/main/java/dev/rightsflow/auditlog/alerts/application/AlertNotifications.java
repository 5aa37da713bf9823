package dev.rightsflow.auditlog.alerts.application;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rightsflow.auditlog.AuditLogProperties;
import dev.rightsflow.auditlog.alerts.model.AlertDue;
import dev.rightsflow.auditlog.alerts.model.AlertKind;
import dev.rightsflow.auditlog.registry.Organisation;
import dev.rightsflow.auditlog.registry.RegistryView;

/**
 * Sends each alert that appears on ALERTS to the controller's alert webhook and email, once: it is
 * called by the live listener when an alert event is new to its case (whoever raised it, audit-log
 * or the router), never on redelivery or replay. A failing channel is logged with ids only; the
 * alert itself is already on ALERTS and on the dashboard.
 */
public class AlertNotifications {

    private static final Logger log = LoggerFactory.getLogger(AlertNotifications.class);

    private final RegistryView registry;
    private final List<AlertNotifier> notifiers;
    private final AuditLogProperties properties;

    public AlertNotifications(RegistryView registry, List<AlertNotifier> notifiers, AuditLogProperties properties) {
        this.registry = registry;
        this.notifiers = notifiers;
        this.properties = properties;
    }

    /** Completes once every channel was tried (a failing channel is logged, never failed). */
    public CompletableFuture<Void> raised(String requestId, String kind, LocalDate dueDate, String taskId,
            String controllerId) {
        AlertKind known;
        try {
            known = AlertKind.valueOf(kind);
        } catch (IllegalArgumentException unknownKind) {
            log.info("alert of unknown kind {} on request {} not sent on", kind, requestId);
            return CompletableFuture.completedFuture(null);
        }
        AlertDue alert = new AlertDue(requestId, known, dueDate, taskId);
        String caseUrl = properties.publicUrl() + "/dashboard/cases/" + requestId;
        Optional<Organisation> controller = registry.find(controllerId);
        CompletableFuture<Void> sent = CompletableFuture.completedFuture(null);
        if (controller.isEmpty()) {
            return sent;
        }
        Organisation org = controller.get();
        for (AlertNotifier notifier : notifiers) { // one channel after the other, as before
            sent = sent.thenCompose(previous -> notify(notifier, org, alert, caseUrl)).exceptionally(e -> {
                log.warn("alert {} for request {} could not be sent to organisation {}: {}", kind, requestId, org.id(),
                        failure(e).getClass().getSimpleName());
                return null;
            });
        }
        return sent;
    }

    private static CompletableFuture<Void> notify(AlertNotifier notifier, Organisation org, AlertDue alert,
            String caseUrl) {
        try {
            return notifier.notify(org, alert, caseUrl);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The failure itself, not the future's wrapper. */
    private static Throwable failure(Throwable e) {
        return e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}
