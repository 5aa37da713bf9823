package dev.rightsflow.auditlog.cases.model;

import java.time.LocalDate;
import java.util.List;

/**
 * A case's deadline as it stands on a given day.
 *
 * @param division          the UK division whose bank holidays count
 * @param clockStart        the day the clock started (latest of receipt, identity, fee: Art 12A)
 * @param statutoryDue      the statutory due date (Art 12(3)); null while the clock is stopped
 * @param monthOneDue       the due date without extension: the last day to extend or refuse
 * @param steps             how the due date was reached, in words
 * @param paused            the clock is stopped for clarification (Art 12A)
 * @param extended          extended by up to two months (Art 12(3))
 * @param extensionAllowed  an extension may still be given today (only inside month one)
 * @param daysLeft          calendar days from today to the due date (negative when overdue)
 * @param workingDaysLeft   working days of the division after today up to and including the due date
 * @param overdue           the due date has passed and the case is still open
 * @param targets           the organisation's own targets beside the statutory one
 * @param warning           set when the engine could not compute and the router's date is shown instead
 */
public record DeadlinePosition(String division, LocalDate clockStart, LocalDate statutoryDue, LocalDate monthOneDue,
        List<String> steps, boolean paused, boolean extended, boolean extensionAllowed, Long daysLeft,
        Integer workingDaysLeft, boolean overdue, List<Target> targets, String warning) {

    /** @param kind acknowledge, respond or respond-extended */
    public record Target(String regime, String kind, LocalDate due, boolean missed) {
    }
}
