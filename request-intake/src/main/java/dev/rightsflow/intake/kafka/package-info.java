/**
 * Kafka adapters of request intake: publishing to REQUESTS, the listeners on REGISTRY, REQUESTS,
 * CASES, TASK_RESULTS and CASE_COMMANDS, the translation of Avro events into the model, and the
 * start-up replay that rebuilds intake's views from the topics.
 */
package dev.rightsflow.intake.kafka;
