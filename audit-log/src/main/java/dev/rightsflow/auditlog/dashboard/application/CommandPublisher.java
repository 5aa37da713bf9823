package dev.rightsflow.auditlog.dashboard.application;

import java.util.concurrent.CompletableFuture;

import dev.rightsflow.auditlog.dashboard.model.StaffCommand;

/**
 * The port staff actions leave through: publishes a checked {@link StaffCommand} on CASE_COMMANDS, keyed by its
 * request, with the member of staff as actor. Implemented by the Kafka adapter ({@code dashboard.kafka}), which owns
 * the mapping to the contract's command records.
 */
public interface CommandPublisher {

    /** Completes with the published command's type (e.g. {@code AcceptRequest}) once the broker acknowledged it. */
    CompletableFuture<String> publish(StaffCommand command);
}
