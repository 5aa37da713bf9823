/** Kafka adapter of the audit trail: reads the witness records on {@code rightsflow.audit}. */
package dev.rightsflow.auditlog.trail.kafka;
