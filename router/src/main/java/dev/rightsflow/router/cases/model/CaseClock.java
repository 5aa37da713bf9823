package dev.rightsflow.router.cases.model;

import java.time.LocalDate;
import java.util.List;

/**
 * The case's status and its deadline as they stand once a fact took effect: what the router, their one
 * owner, puts on its case events (the contract's {@code CaseClock}) so that intake's status page and
 * audit-log's dashboard and audit trail show them rather than work them out again. Worked out by
 * {@link CaseDeadlines#clock} with the shared deadline engine: one month from the clock start by the
 * ICO's method (Art 12(3)), the clock starting at the latest of receipt and identity verification and
 * stopped while a clarification is awaited (Art 12A), three months once extended (Art 12(3)), bank
 * holidays of the controller's UK division.
 *
 * @param clockStart        the day the clock started (Art 12A)
 * @param statutoryDue      the statutory due date, extension included; null while the clock is stopped
 * @param monthOneDue       the due date without extension, the last day to extend; null while stopped
 * @param steps             how the due date was reached, rule by rule
 * @param provisionalReason why the date rests on bank holidays gov.uk has not published; null otherwise
 * @param targets           the organisation's own targets beside the statutory deadline
 * @param allowedActions    the staff commands the case takes now ({@link CaseDecisions#allowed}), for the dashboard
 *                          to offer: the same rules the router then decides each command by
 */
public record CaseClock(CaseState.Status status, LocalDate clockStart, LocalDate statutoryDue, LocalDate monthOneDue,
        boolean paused, boolean extended, List<String> steps, String provisionalReason, List<Target> targets,
        List<CaseAction> allowedActions) {

    public CaseClock {
        steps = List.copyOf(steps);
        targets = List.copyOf(targets);
        allowedActions = List.copyOf(allowedActions);
    }

    /** The status and deadline alone (the deadline engine's part); the case model adds the actions ({@link #with}). */
    public CaseClock(CaseState.Status status, LocalDate clockStart, LocalDate statutoryDue, LocalDate monthOneDue,
            boolean paused, boolean extended, List<String> steps, String provisionalReason, List<Target> targets) {
        this(status, clockStart, statutoryDue, monthOneDue, paused, extended, steps, provisionalReason, targets,
                List.of());
    }

    /** This clock stating {@code actions} as the staff commands the case takes now. */
    public CaseClock with(List<CaseAction> actions) {
        return new CaseClock(status, clockStart, statutoryDue, monthOneDue, paused, extended, steps, provisionalReason,
                targets, actions);
    }

    /**
     * One of the organisation's own limits.
     *
     * @param kind acknowledge, respond or respond-extended
     * @param due  null while the clock is stopped (an answer in working days moves with the pauses)
     */
    public record Target(String regime, String kind, LocalDate due) {
    }
}
