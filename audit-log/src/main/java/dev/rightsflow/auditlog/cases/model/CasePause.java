package dev.rightsflow.auditlog.cases.model;

import java.time.LocalDate;

/** A clarification pause (Art 12A): {@code to} is null while it lasts. */
public record CasePause(LocalDate from, LocalDate to, String reason) {
}
