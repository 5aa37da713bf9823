package dev.rightsflow.deadline.holidays;

import dev.rightsflow.deadline.HolidaysUnknownException;
import dev.rightsflow.deadline.UkDivision;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The bank holidays of each UK division, over a known range of years.
 *
 * <p>Contract: a calendar answers only for years it {@link #covers covers}; asked about any
 * other year it throws {@link HolidaysUnknownException} instead of guessing. A covered year may
 * be {@link #provisionalReason provisional}: answered from rules rather than from a published
 * list, so a date worked out with it can still move.
 */
public interface BankHolidayCalendar {

    /** Whether the holidays of the division are known for the whole year. */
    boolean covers(UkDivision division, int year);

    /** The bank holiday on that day, if any; throws when the year is not covered. */
    Optional<BankHoliday> holidayOn(UkDivision division, LocalDate day);

    /** All bank holidays of the division in a covered year, in date order. */
    List<BankHoliday> holidaysIn(UkDivision division, int year);

    /** The covered years in words, for messages (e.g. "2018-2027"). */
    String coverage(UkDivision division);

    /**
     * Why the division's holidays for the year are only provisional (not published by gov.uk, so
     * computed from the rules), in words for the person shown the date; empty when they are the
     * published ones.
     */
    default Optional<String> provisionalReason(UkDivision division, int year) {
        return Optional.empty();
    }

    /** Whether the year is only {@link #provisionalReason provisional} for the division. */
    default boolean isProvisional(UkDivision division, int year) {
        return provisionalReason(division, year).isPresent();
    }

    /**
     * The calendar as it stands now, for one calculation: a calendar that can be refreshed
     * answers with the list it holds at this moment, so a calculation never mixes two lists.
     */
    default BankHolidayCalendar current() {
        return this;
    }

    /** Throws {@link HolidaysUnknownException} unless the day's year is covered. */
    default void requireCovered(UkDivision division, LocalDate day) {
        if (!covers(division, day.getYear())) {
            throw new HolidaysUnknownException(division, day, coverage(division));
        }
    }
}
