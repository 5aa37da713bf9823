package dev.rightsflow.intake.submission.model;

import dev.rightsflow.intake.request.model.Verification;

import java.time.Instant;
import java.time.LocalDate;

/**
 * What a submitter is told once the request is safely on the REQUESTS topic. The status token is
 * here in plain and nowhere else.
 *
 * @param provisionalDeadline one month from receipt (Art 12(3), ICO method); shown only once the clock
 *                          has started ({@link #statutoryDeadlineShown})
 * @param duplicateOf       an earlier request this one repeats, flagged and linked, not merged
 * @param deadlineProvisionalReason why {@code provisionalDeadline} rests on bank holidays gov.uk has
 *                          not published yet (computed from the rules, may still move); null when it
 *                          rests on the published list
 */
public record Receipt(String requestId, String statusToken, Instant receivedAt, LocalDate provisionalDeadline,
        Verification verification, String duplicateOf, String deadlineProvisionalReason) {

    /**
     * The statutory deadline the submitter is shown: none while the identity information asked for
     * is awaited, because the clock has not started (Art 12A UK GDPR, inserted by the Data (Use and
     * Access) Act 2025: it starts at the latest of receipt and receipt of that information;
     * shared/DOMAIN.md, "Time"); otherwise one month from receipt ({@code provisionalDeadline}).
     */
    public LocalDate statutoryDeadlineShown() {
        return verification != null && verification.required() ? null : provisionalDeadline;
    }

    /** Why no deadline is shown ({@link #statutoryDeadlineShown}); null when one is. */
    public String deadlineNotStartedReason() {
        return statutoryDeadlineShown() == null && provisionalDeadline != null ? CLOCK_WAITS_FOR_IDENTITY : null;
    }

    /** What a submitter is told while the clock waits for identity. */
    public static final String CLOCK_WAITS_FOR_IDENTITY = "The one-month time limit has not started: it starts on the"
            + " day your identity is confirmed (UK GDPR Art 12A, inserted by the Data (Use and Access) Act 2025)."
            + " The status page shows the date once it has.";

    /** A receipt whose deadline rests on published bank holidays. */
    public Receipt(String requestId, String statusToken, Instant receivedAt, LocalDate provisionalDeadline,
            Verification verification, String duplicateOf) {
        this(requestId, statusToken, receivedAt, provisionalDeadline, verification, duplicateOf, null);
    }
}
