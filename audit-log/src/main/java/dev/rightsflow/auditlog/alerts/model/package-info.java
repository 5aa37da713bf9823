/** Deadline alert rules in plain Java: which alerts apply to a case on a given day. */
package dev.rightsflow.auditlog.alerts.model;
