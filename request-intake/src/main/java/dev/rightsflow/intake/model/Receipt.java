package dev.rightsflow.intake.model;

import java.time.Instant;
import java.time.LocalDate;

/**
 * What a submitter is told once the request is safely on the REQUESTS topic. The status token is
 * here in plain and nowhere else.
 *
 * @param duplicateOf an earlier request this one repeats, flagged and linked, not merged
 */
public record Receipt(String requestId, String statusToken, Instant receivedAt, LocalDate provisionalDeadline,
        Verification verification, String duplicateOf) {
}
