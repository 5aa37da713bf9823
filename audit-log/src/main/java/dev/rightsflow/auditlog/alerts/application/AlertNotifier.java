package dev.rightsflow.auditlog.alerts.application;

import reactor.core.publisher.Mono;

import dev.rightsflow.auditlog.alerts.model.AlertDue;
import dev.rightsflow.auditlog.registry.Organisation;

/**
 * Tells an organisation about an alert, outside the platform (email, webhook). A notification
 * carries ids, the kind and the due date only: never the subject's personal data.
 */
public interface AlertNotifier {

    /** Completes empty when the organisation has no address of this notifier's kind. */
    Mono<Void> notify(Organisation organisation, AlertDue alert, String caseUrl);
}
