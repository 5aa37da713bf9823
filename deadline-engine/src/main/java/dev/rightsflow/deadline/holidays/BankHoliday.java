package dev.rightsflow.deadline.holidays;

import dev.rightsflow.deadline.UkDivision;
import java.time.LocalDate;

/**
 * A day that is not a working day in a UK division, with the name gov.uk gives it
 * (for example "Boxing Day (substitute day)").
 */
public record BankHoliday(UkDivision division, LocalDate date, String title) {
}
