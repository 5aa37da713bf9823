/**
 * Kafka adapter: the listeners (TASKS, CASE_COMMANDS, CASES, REQUESTS), the publisher of
 * TASK_RESULTS events and of the RetryTask command, the translation between Avro and the model,
 * and the start-up rebuild of the projections from the topics before the listeners start.
 */
package dev.rightsflow.connectors.kafka;
