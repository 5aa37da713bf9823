/**
 * The default {@link dev.rightsflow.auditlog.deadlines.application.OrganisationTargets}: an
 * in-memory view of the organisations' targets and divisions, read from the REGISTRY topic by
 * its own listener ({@code auditlog-deadlines-registry}, its own consumer group), which reads
 * the compacted topic from the beginning at every start.
 */
package dev.rightsflow.auditlog.deadlines.kafka;
