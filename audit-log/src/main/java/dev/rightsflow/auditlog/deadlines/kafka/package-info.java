/**
 * Deadline events audit-log publishes itself: the alert when a refreshed bank-holiday list moves a
 * provisional deadline ({@link dev.rightsflow.auditlog.deadlines.kafka.ProvisionalDeadlineAlerts}).
 */
package dev.rightsflow.auditlog.deadlines.kafka;
