package dev.rightsflow.auditlog.deadlines.application;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

import dev.rightsflow.deadline.ClockFacts;
import dev.rightsflow.deadline.DeadlineEngine;
import dev.rightsflow.deadline.StatutoryDeadline;

/**
 * Whether a case's provisional deadline moved when the bank holidays changed: it was worked out
 * from the rules for a year gov.uk had not published (provisional), and with the new list the due
 * date is another. Staff are then alerted, because the date the requester and the organisation
 * were working to is no longer the legal one (Art 12(3) UK GDPR, ICO method).
 */
public final class ProvisionalDeadlineMoves {

    /**
     * A provisional deadline that moved.
     *
     * @param from   the due date before (provisional)
     * @param to     the due date now
     * @param reason why the earlier date was provisional
     * @param stillProvisional whether the new date is provisional too (a later year still unpublished)
     */
    public record Moved(LocalDate from, LocalDate to, String reason, boolean stillProvisional) {
    }

    private ProvisionalDeadlineMoves() {
    }

    /** The move of one case's statutory deadline between two calendars, if it was provisional and moved. */
    public static Optional<Moved> between(ClockFacts facts, DeadlineEngine before, DeadlineEngine after) {
        StatutoryDeadline was = before.statutory(facts);
        if (!was.provisional() || was.due() == null) {
            return Optional.empty();
        }
        StatutoryDeadline now = after.statutory(facts);
        if (now.due() == null || Objects.equals(was.due(), now.due())) {
            return Optional.empty();
        }
        return Optional.of(new Moved(was.due(), now.due(), was.provisionalReason(), now.provisional()));
    }
}
