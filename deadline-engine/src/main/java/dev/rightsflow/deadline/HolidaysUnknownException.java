package dev.rightsflow.deadline;

import java.time.LocalDate;

/**
 * A bare bank-holiday list ({@link dev.rightsflow.deadline.holidays.GovUkBankHolidays} on its
 * own) does not know a division's holidays for a year. The services' calendars
 * ({@link dev.rightsflow.deadline.holidays.UkBankHolidays},
 * {@link dev.rightsflow.deadline.holidays.RefreshableBankHolidays}) never throw it: a year gov.uk
 * has not published is computed from the rules and the date is marked provisional, because
 * dropping a deadline is worse than showing one that may still move.
 */
public class HolidaysUnknownException extends RuntimeException {

    private final UkDivision division;
    private final LocalDate date;

    public HolidaysUnknownException(UkDivision division, LocalDate date, String coverage) {
        super("bank holidays of " + division.govUkKey() + " are not known for " + date.getYear()
                + " (covered: " + coverage + "); refresh the gov.uk bank-holidays list");
        this.division = division;
        this.date = date;
    }

    public UkDivision division() {
        return division;
    }

    public LocalDate date() {
        return date;
    }
}
