/**
 * Intake's views built from the topics: the listeners on REGISTRY, REQUESTS, CASES, TASK_RESULTS and
 * CASE_COMMANDS, the translation of Avro events into the features' models ({@code kafka.AvroFacts}), the fold into
 * the registry and status views ({@code kafka.IntakeProjection}), intake's part in the shared start-up
 * ({@code kafka.IntakeStartup}) and the operator's rebuild ({@code web.IntakeOperations}). The top feature: no other
 * depends on it.
 */
package dev.rightsflow.intake.projection;
