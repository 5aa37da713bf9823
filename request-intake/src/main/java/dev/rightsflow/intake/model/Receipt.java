package dev.rightsflow.intake.model;

import java.time.Instant;
import java.time.LocalDate;

/**
 * What a submitter is told once the request is safely on the REQUESTS topic. The status token is
 * here in plain and nowhere else.
 *
 * @param duplicateOf       an earlier request this one repeats, flagged and linked, not merged
 * @param deadlineProvisionalReason why {@code provisionalDeadline} rests on bank holidays gov.uk has
 *                          not published yet (computed from the rules, may still move); null when it
 *                          rests on the published list
 */
public record Receipt(String requestId, String statusToken, Instant receivedAt, LocalDate provisionalDeadline,
        Verification verification, String duplicateOf, String deadlineProvisionalReason) {

    /** A receipt whose deadline rests on published bank holidays. */
    public Receipt(String requestId, String statusToken, Instant receivedAt, LocalDate provisionalDeadline,
            Verification verification, String duplicateOf) {
        this(requestId, statusToken, receivedAt, provisionalDeadline, verification, duplicateOf, null);
    }
}
