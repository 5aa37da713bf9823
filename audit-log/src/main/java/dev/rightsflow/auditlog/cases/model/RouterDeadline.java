package dev.rightsflow.auditlog.cases.model;

import java.time.LocalDate;
import java.util.List;

/**
 * The case's status and deadline as the router, their one owner, published them on its last case event
 * (the contract's {@code CaseClock}): what the dashboard, the audit entries and the alerts show instead of
 * working the deadline out again (see {@link CaseDeadline#position}).
 *
 * @param status            the router's case status
 * @param statutoryDue      the statutory due date, extension included; null while the clock is stopped
 * @param monthOneDue       the due date without extension, the last day to extend (Art 12(3))
 * @param steps             how the due date was reached, rule by rule
 * @param provisionalReason why the date rests on bank holidays gov.uk has not published; null otherwise
 * @param targets           the organisation's own targets beside the statutory deadline
 * @param allowedActions    the staff commands the router's case took as of that event, by their contract names
 *                          ({@code AcceptRequest}, {@code ExtendDeadline}, ...): worked out by the rules the router
 *                          decides each command by; null when the event did not state them (written before the
 *                          router did, or a case stored before): the dashboard then falls back to its own rules
 */
public record RouterDeadline(String status, LocalDate clockStart, LocalDate statutoryDue, LocalDate monthOneDue,
        boolean paused, boolean extended, List<String> steps, String provisionalReason, List<Target> targets,
        List<String> allowedActions) {

    /** The command {@code ExtendDeadline}: the one whose allowance also depends on the day ({@link #allows}). */
    public static final String EXTEND = "ExtendDeadline";

    public RouterDeadline {
        steps = steps == null ? List.of() : List.copyOf(steps);
        targets = targets == null ? List.of() : List.copyOf(targets);
        allowedActions = allowedActions == null ? null : List.copyOf(allowedActions);
    }

    /** Whether the router stated which staff commands the case takes (see {@link #allowedActions}). */
    public boolean statesActions() {
        return allowedActions != null;
    }

    /**
     * Whether the router's case takes {@code command} (its contract name) on {@code today}: the router listed it with
     * its last case event, and an extension is still inside the first month. The router judges an extension on the
     * command's day (Art 12(3)); the list is as of its last event, so the extension it listed runs until the last day
     * to extend that it stated ({@link #monthOneDue}; no limit while the clock is stopped, when it states none).
     */
    public boolean allows(String command, LocalDate today) {
        if (allowedActions == null || !allowedActions.contains(command)) {
            return false;
        }
        return !EXTEND.equals(command) || paused || monthOneDue == null || !today.isAfter(monthOneDue);
    }

    /** @param kind acknowledge, respond or respond-extended; {@code due} null while the clock is stopped */
    public record Target(String regime, String kind, LocalDate due) {
    }
}
