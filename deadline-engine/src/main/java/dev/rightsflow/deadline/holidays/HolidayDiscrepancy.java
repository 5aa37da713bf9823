package dev.rightsflow.deadline.holidays;

import dev.rightsflow.deadline.UkDivision;
import java.time.LocalDate;

/**
 * A date that is a bank holiday in one source and not the other.
 *
 * @param govUkTitle    the gov.uk title, or {@code null} when gov.uk does not list the date
 * @param jollydayTitle the jollyday description, or {@code null} when jollyday does not
 */
public record HolidayDiscrepancy(UkDivision division, LocalDate date, String govUkTitle, String jollydayTitle) {
}
