package dev.rightsflow.intake.application;

import reactor.core.publisher.Mono;

/**
 * Carries an OpenDSR cancellation (§9) into the flow. Today a cancellation is the existing staff
 * command {@code CloseCase} with outcome {@code withdrawn} (the dashboard's word for a request its
 * subject withdrew), published on the case-commands topic for the router, which closes the case
 * (no new event type was needed).
 */
public interface CancellationCommands {

    /**
     * Publishes the close command for {@code requestId}, its event id derived from the request, so
     * a repeated cancellation is the same command. Completes once the broker acknowledged it.
     *
     * @param organisationId the submitter that cancelled it
     */
    Mono<Void> cancel(String requestId, String organisationId);
}
