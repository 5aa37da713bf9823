package dev.rightsflow.intake.status.model;

import java.time.LocalDate;
import java.util.List;

/**
 * The case's status and deadline as the router, their one owner, published them with its last case
 * event (the contract's {@code CaseClock}): what the citizen's status page shows instead of working the
 * deadline out again ({@link StatusReport}).
 *
 * @param status            the router's case status
 * @param statutoryDue      the statutory due date, extension included; null while the clock is stopped
 * @param monthOneDue       the due date without extension (Art 12(3))
 * @param steps             how the due date was reached, rule by rule
 * @param provisionalReason why the date rests on bank holidays gov.uk has not published; null otherwise
 * @param targets           the organisation's own targets beside the statutory deadline
 */
public record RouterDeadline(String status, LocalDate clockStart, LocalDate statutoryDue, LocalDate monthOneDue,
        boolean paused, boolean extended, List<String> steps, String provisionalReason, List<Target> targets) {

    public RouterDeadline {
        steps = steps == null ? List.of() : List.copyOf(steps);
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    /** The organisation's own answer-by date (its {@code respond} target); null when it has none or the clock is stopped. */
    public LocalDate respondTarget() {
        return targets.stream().filter(t -> "respond".equals(t.kind())).findFirst().map(Target::due).orElse(null);
    }

    /** @param kind acknowledge, respond or respond-extended; {@code due} null while the clock is stopped */
    public record Target(String regime, String kind, LocalDate due) {
    }
}
