package dev.rightsflow.auditlog.deadlines.application;

import java.time.LocalDate;
import java.util.List;

import dev.rightsflow.deadline.UkDivision;

/**
 * The bank holidays of one UK division in one year, and where the list came from.
 *
 * @param provisionalReason why the year's list is only provisional (gov.uk has not published it, so
 *                          it is computed from the rules); null for a published year
 */
public record HolidayList(UkDivision division, int year, String coverage, List<Day> holidays, String provisionalReason) {

    /** One bank holiday, with its gov.uk title. */
    public record Day(LocalDate date, String title) {
    }
}
