package dev.rightsflow.auditlog.alerts.application;

import java.util.concurrent.CompletableFuture;

import dev.rightsflow.auditlog.alerts.model.AlertDue;
import dev.rightsflow.auditlog.registry.Organisation;

/**
 * Tells an organisation about an alert, outside the platform (email, webhook): a port implemented in
 * {@code alerts.http}. A notification carries ids, the kind and the due date only: never the subject's personal data.
 */
public interface AlertNotifier {

    /** Completes once sent; at once when the organisation has no address of this notifier's kind. */
    CompletableFuture<Void> notify(Organisation organisation, AlertDue alert, String caseUrl);
}
