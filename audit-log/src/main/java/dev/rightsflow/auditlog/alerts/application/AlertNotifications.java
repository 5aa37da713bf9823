package dev.rightsflow.auditlog.alerts.application;

import java.time.LocalDate;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.rightsflow.auditlog.AuditLogProperties;
import dev.rightsflow.auditlog.alerts.model.AlertDue;
import dev.rightsflow.auditlog.alerts.model.AlertKind;
import dev.rightsflow.auditlog.registry.RegistryView;

/**
 * Sends each alert that appears on ALERTS to the controller's alert webhook and email, once: it is
 * called by the live listener when an alert event is new to its case (whoever raised it, audit-log
 * or the router), never on redelivery or replay. A failing channel is logged with ids only; the
 * alert itself is already on ALERTS and on the dashboard.
 */
@Service("auditLogAlertNotifications")
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

    public Mono<Void> raised(String requestId, String kind, LocalDate dueDate, String taskId, String controllerId) {
        AlertKind known;
        try {
            known = AlertKind.valueOf(kind);
        } catch (IllegalArgumentException unknownKind) {
            log.info("alert of unknown kind {} on request {} not sent on", kind, requestId);
            return Mono.empty();
        }
        AlertDue alert = new AlertDue(requestId, known, dueDate, taskId);
        String caseUrl = properties.publicUrl() + "/dashboard/cases/" + requestId;
        return Mono.justOrEmpty(registry.find(controllerId))
                .flatMapMany(org -> Flux.fromIterable(notifiers).concatMap(n -> n.notify(org, alert, caseUrl)
                        .onErrorResume(e -> {
                            log.warn("alert {} for request {} could not be sent to organisation {}: {}", kind,
                                    requestId, org.id(), e.getClass().getSimpleName());
                            return Mono.empty();
                        })))
                .then();
    }
}
