package dev.rightsflow.auditlog.alerts.application;

import java.util.concurrent.CompletableFuture;

import dev.rightsflow.auditlog.alerts.model.AlertRaised;

/**
 * The port alerts leave through: publishes an {@link AlertRaised} on ALERTS ({@code DeadlineAlertRaised}, keyed by its
 * request). Implemented by the Kafka adapter ({@code alerts.kafka}), which owns the mapping to the contract.
 */
public interface AlertPublisher {

    /** Completes once the broker acknowledged the alert. */
    CompletableFuture<Void> publish(AlertRaised alert);
}
