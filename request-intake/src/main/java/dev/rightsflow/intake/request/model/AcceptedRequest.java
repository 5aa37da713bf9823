package dev.rightsflow.intake.request.model;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A request that passed every check and is about to be published as {@code RequestReceived}.
 *
 * @param receivedAt earliest receipt in the chain (the processor's when forwarded)
 * @param forwarding the hop, when a processor handed it over; null otherwise
 */
public record AcceptedRequest(String requestId, Submission submission, Channel channel, String actorId,
        Instant occurredAt, Instant receivedAt, Forwarding forwarding, Verification verification,
        LocalDate provisionalDeadline, String duplicateOf, String statusTokenHash) {
}
