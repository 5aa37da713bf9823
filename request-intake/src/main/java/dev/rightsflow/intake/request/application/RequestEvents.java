package dev.rightsflow.intake.request.application;

import java.time.Instant;

import dev.rightsflow.intake.request.model.AcceptedRequest;
import dev.rightsflow.intake.request.model.Verification;
import reactor.core.publisher.Mono;

/**
 * Publishes intake's events on the REQUESTS topic. Each Mono completes only when the broker
 * acknowledged the event and fails with {@link BrokerUnavailableException} when it did not.
 * Event ids are derived from the request, so a retried publish is recognisably the same event.
 */
public interface RequestEvents {

    Mono<Void> received(AcceptedRequest request);

    Mono<Void> verificationRequested(String requestId, Verification method, Instant at);

    /** @param actorId who confirmed: the citizen's channel or a member of staff */
    Mono<Void> identityVerified(String requestId, Verification method, Instant verifiedAt, String evidence,
            boolean byStaff, String actorId, String actorOrganisationId);

    /** The broker did not acknowledge in time; nothing was written on intake's side. */
    final class BrokerUnavailableException extends RuntimeException {
        public BrokerUnavailableException(Throwable cause) {
            super("the event broker did not acknowledge the event", cause);
        }
    }
}
