package dev.rightsflow.deadline.holidays;

import dev.rightsflow.deadline.UkDivision;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * The engine's bank-holiday calendar: which source is authoritative, and what happens outside
 * it.
 *
 * <ol>
 *   <li>Inside the years the gov.uk list covers, the gov.uk list is authoritative. It is the
 *       list the government publishes for each division, with the one-off days proclaimed by
 *       royal proclamation (2 and 3 June 2022, 19 September 2022, 8 May 2023, Scotland's
 *       15 June 2026), so it is what a regulator or a court would check a deadline against.</li>
 *   <li>Every other year is computed from the rules by jollyday, a maintained rules library,
 *       and is <em>provisional</em> ({@link #provisionalReason}): a one-off holiday proclaimed
 *       later would be missing, so a date that depends on such a year is shown as provisional
 *       with the reason, and recomputed when gov.uk publishes the year. No year is ever refused:
 *       a deadline is never dropped because a list has not been published yet.</li>
 *   <li>jollyday also cross-checks the gov.uk years ({@link #crossCheck}).</li>
 * </ol>
 */
public final class UkBankHolidays implements BankHolidayCalendar {

    /** The years jollyday computes: any date a request can carry. */
    private static final int FIRST_RULE_YEAR = 1;
    private static final int LAST_RULE_YEAR = 9999;

    private final GovUkBankHolidays govUk;
    private final JollydayBankHolidays library;

    /** @param govUk the authoritative list (snapshot, refreshed file or fetched download) */
    public UkBankHolidays(GovUkBankHolidays govUk) {
        this(govUk, new JollydayBankHolidays(FIRST_RULE_YEAR, LAST_RULE_YEAR));
    }

    private UkBankHolidays(GovUkBankHolidays govUk, JollydayBankHolidays library) {
        this.govUk = govUk;
        this.library = library;
    }

    /** The shipped gov.uk snapshot, with jollyday for every other year. */
    public static UkBankHolidays bundled() {
        return new UkBankHolidays(GovUkBankHolidays.snapshot());
    }

    /** The same rules library (its per-year cache) over another gov.uk list: for a refresh. */
    public UkBankHolidays withGovUk(GovUkBankHolidays list) {
        return new UkBankHolidays(list, library);
    }

    private boolean published(UkDivision division, int year) {
        return govUk.covers(division, year);
    }

    @Override
    public boolean covers(UkDivision division, int year) {
        return published(division, year) || library.covers(division, year);
    }

    @Override
    public Optional<BankHoliday> holidayOn(UkDivision division, LocalDate day) {
        return published(division, day.getYear()) ? govUk.holidayOn(division, day) : library.holidayOn(division, day);
    }

    @Override
    public List<BankHoliday> holidaysIn(UkDivision division, int year) {
        return published(division, year) ? govUk.holidaysIn(division, year) : library.holidaysIn(division, year);
    }

    @Override
    public boolean isProvisional(UkDivision division, int year) {
        return !published(division, year);
    }

    @Override
    public Optional<String> provisionalReason(UkDivision division, int year) {
        if (published(division, year)) {
            return Optional.empty();
        }
        SortedSet<Integer> years = govUk.coveredYears(division);
        String published = years.isEmpty() ? "none" : years.first() + "-" + years.last();
        String why = !years.isEmpty() && year < years.first()
                ? "bank holidays for " + year + " are not in the gov.uk list (published: " + published + ")"
                : "bank holidays for " + year + " are not yet published by gov.uk (published: " + published + ")";
        return Optional.of(why + "; computed from the rules, so a holiday proclaimed later would be missing");
    }

    @Override
    public String coverage(UkDivision division) {
        return govUk.coverage(division) + " from gov.uk (" + govUk.source() + "), other years provisional from the rules (jollyday)";
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
