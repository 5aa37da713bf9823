package dev.rightsflow.deadline.holidays;

import dev.rightsflow.deadline.UkDivision;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The engine's bank-holiday calendar: which source is authoritative, and what happens outside
 * it.
 *
 * <ol>
 *   <li>Inside the years the gov.uk list covers, the gov.uk list is authoritative. It is the
 *       list the government publishes for each division, with the one-off days proclaimed by
 *       royal proclamation (2 and 3 June 2022, 19 September 2022, 8 May 2023), so it is what a
 *       regulator or a court would check a deadline against.</li>
 *   <li>jollyday, a maintained rules library, cross-checks that list ({@link #crossCheck})
 *       and, only when the operator allows it ({@code libraryFillThroughYear}), fills years
 *       after the last gov.uk year, where gov.uk has not published yet. Filled years are rule
 *       based: a one-off holiday proclaimed later would be missing, which is why filling is off
 *       unless configured.</li>
 *   <li>Any other year is unknown: {@link dev.rightsflow.deadline.HolidaysUnknownException}.</li>
 * </ol>
 */
public final class UkBankHolidays implements BankHolidayCalendar {

    private final GovUkBankHolidays govUk;
    private final JollydayBankHolidays library;
    private final int libraryFillThroughYear;

    /**
     * @param govUk                  the authoritative list (snapshot or refreshed file)
     * @param libraryFillThroughYear last year jollyday may fill after the gov.uk list ends;
     *                               0 (or any year not after the list) to never fill
     */
    public UkBankHolidays(GovUkBankHolidays govUk, int libraryFillThroughYear) {
        this.govUk = govUk;
        int first = Integer.MAX_VALUE;
        for (UkDivision d : UkDivision.values()) {
            if (!govUk.coveredYears(d).isEmpty()) {
                first = Math.min(first, govUk.coveredYears(d).first());
            }
        }
        int last = Math.max(libraryFillThroughYear, lastGovUkYear(govUk));
        this.library = new JollydayBankHolidays(first == Integer.MAX_VALUE ? last : first, last);
        this.libraryFillThroughYear = libraryFillThroughYear;
    }

    /** The shipped gov.uk snapshot, no filling. */
    public static UkBankHolidays bundled() {
        return new UkBankHolidays(GovUkBankHolidays.snapshot(), 0);
    }

    private static int lastGovUkYear(GovUkBankHolidays list) {
        int last = 0;
        for (UkDivision d : UkDivision.values()) {
            if (!list.coveredYears(d).isEmpty()) {
                last = Math.max(last, list.coveredYears(d).last());
            }
        }
        return last;
    }

    private boolean filledByLibrary(UkDivision division, int year) {
        return !govUk.covers(division, year)
                && !govUk.coveredYears(division).isEmpty()
                && year > govUk.coveredYears(division).last()
                && year <= libraryFillThroughYear;
    }

    @Override
    public boolean covers(UkDivision division, int year) {
        return govUk.covers(division, year) || filledByLibrary(division, year);
    }

    @Override
    public Optional<BankHoliday> holidayOn(UkDivision division, LocalDate day) {
        if (filledByLibrary(division, day.getYear())) {
            return library.holidayOn(division, day);
        }
        return govUk.holidayOn(division, day);
    }

    @Override
    public List<BankHoliday> holidaysIn(UkDivision division, int year) {
        if (filledByLibrary(division, year)) {
            return library.holidaysIn(division, year);
        }
        return govUk.holidaysIn(division, year);
    }

    @Override
    public String coverage(UkDivision division) {
        String gov = govUk.coverage(division);
        return libraryFillThroughYear > lastGovUkYear(govUk)
                ? gov + " from gov.uk, to " + libraryFillThroughYear + " from jollyday rules"
                : gov + " from gov.uk";
    }

    /** The authoritative list. */
    public GovUkBankHolidays govUk() {
        return govUk;
    }

    /**
     * Every date on which gov.uk and jollyday disagree inside the gov.uk years, per division:
     * a date in one list and not the other. An empty list means the two sources agree.
     */
    public List<HolidayDiscrepancy> crossCheck() {
        List<HolidayDiscrepancy> out = new ArrayList<>();
        for (UkDivision d : UkDivision.values()) {
            for (int year : govUk.coveredYears(d)) {
                Map<LocalDate, String> gov = new TreeMap<>();
                govUk.holidaysIn(d, year).forEach(h -> gov.put(h.date(), h.title()));
                Map<LocalDate, String> lib = new TreeMap<>();
                library.holidaysIn(d, year).forEach(h -> lib.put(h.date(), h.title()));
                gov.forEach((date, title) -> {
                    if (!lib.containsKey(date)) {
                        out.add(new HolidayDiscrepancy(d, date, title, null));
                    }
                });
                lib.forEach((date, title) -> {
                    if (!gov.containsKey(date)) {
                        out.add(new HolidayDiscrepancy(d, date, null, title));
                    }
                });
            }
        }
        return out;
    }
}
