/**
 * Kafka adapter of audit-log: the live listeners over every flow topic and the dead-letter topics,
 * and the translation of events into audit entries, case effects and registry entries.
 */
package dev.rightsflow.auditlog.kafka;
