package dev.rightsflow.auditlog.alerts.model;

import java.time.LocalDate;

/** An alert that applies to a case today. {@code taskId} only for {@link AlertKind#TASK_AT_RISK}. */
public record AlertDue(String requestId, AlertKind kind, LocalDate dueDate, String taskId) {
}
