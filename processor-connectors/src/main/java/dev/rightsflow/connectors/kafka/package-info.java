/**
 * Kafka entry of the whole service: the listeners (TASKS, CASE_COMMANDS, CASES, REQUESTS) that feed the tasks and
 * packages features, and the start-up rebuild of their projections from the topics before the listeners start. Each
 * feature's own Kafka adapter (publishers, Avro mapping) lives in its {@code kafka} package.
 */
package dev.rightsflow.connectors.kafka;
