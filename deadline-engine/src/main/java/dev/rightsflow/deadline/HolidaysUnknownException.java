package dev.rightsflow.deadline;

import java.time.LocalDate;

/**
 * The engine does not know the bank holidays of a division for a year, so it refuses to
 * compute a date there rather than guess (a deadline a day early or late is a breach).
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
