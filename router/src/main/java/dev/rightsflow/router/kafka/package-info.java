/**
 * Kafka adapters and lifecycle of the router: listeners, the publisher, the start-up rebuild from
 * topics with its reconciliation, and the scheduled task-at-risk check.
 */
package dev.rightsflow.router.kafka;
