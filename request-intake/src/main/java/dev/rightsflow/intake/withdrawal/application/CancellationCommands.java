package dev.rightsflow.intake.withdrawal.application;

import reactor.core.publisher.Mono;

/**
 * Carries a withdrawal into the flow. Every way a request is withdrawn is the one staff command
 * {@code CloseCase} with outcome {@code withdrawn}, published on the case-commands topic for the
 * router, which cancels the tasks not yet done, closes the case and (for a request it forwarded
 * over OpenDSR) tells the controller: an OpenDSR submitter's cancellation (§9) and the subject's
 * own withdrawal (status page, API) here, staff's withdrawal on the dashboard.
 */
public interface CancellationCommands {

    /**
     * Publishes the close command for {@code requestId}, its event id derived from the request, so
     * a repeated cancellation is the same command. Completes once the broker acknowledged it.
     *
     * @param organisationId the submitter that cancelled it
     */
    Mono<Void> cancel(String requestId, String organisationId);

    /**
     * The subject withdrew the request (status page or API, authenticated by the status token).
     * The command's id is derived from the request, so a repeated withdrawal is the same command.
     * Completes once the broker acknowledged it.
     */
    Mono<Void> withdrawBySubject(String requestId);
}
