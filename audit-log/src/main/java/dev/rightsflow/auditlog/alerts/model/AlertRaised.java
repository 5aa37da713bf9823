package dev.rightsflow.auditlog.alerts.model;

import java.time.Instant;
import java.time.LocalDate;

/**
 * An alert raised on a case, as it is published: the alert that applied ({@link AlertDue}) with its id (derived from
 * request, kind, due date and task, so raising it again is the same fact), when it was raised and the case's
 * controller (whose staff are notified).
 */
public record AlertRaised(String alertId, AlertDue alert, Instant raisedAt, String controllerId) {
}
