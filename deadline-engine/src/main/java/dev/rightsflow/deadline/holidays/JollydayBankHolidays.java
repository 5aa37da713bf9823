package dev.rightsflow.deadline.holidays;

import de.focus_shift.jollyday.core.Holiday;
import de.focus_shift.jollyday.core.HolidayCalendar;
import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.ManagerParameters;
import dev.rightsflow.deadline.UkDivision;
import java.time.LocalDate;
import java.time.Year;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * UK bank holidays computed by the jollyday library (de.focus-shift), which encodes the
 * rules per UK subdivision ({@code gb/eng}, {@code gb/sct}, {@code gb/nir}) and the one-off
 * days known when it was released.
 *
 * <p>Rules cannot know one-off days proclaimed after a release (a state funeral, a
 * coronation), so this calendar covers only the years between {@code fromYear} and
 * {@code toYear} given by its owner: the engine uses it to cross-check the gov.uk list and to
 * compute, provisionally, the years gov.uk has not published yet.
 */
public final class JollydayBankHolidays implements BankHolidayCalendar {

    private static final Map<UkDivision, String> SUBDIVISION = Map.of(
            UkDivision.ENGLAND_AND_WALES, "eng",
            UkDivision.SCOTLAND, "sct",
            UkDivision.NORTHERN_IRELAND, "nir");

    private final HolidayManager manager;
    private final int fromYear;
    private final int toYear;
    private final Map<String, List<BankHoliday>> cache = new ConcurrentHashMap<>();

    public JollydayBankHolidays(int fromYear, int toYear) {
        this.manager = HolidayManager.getInstance(ManagerParameters.create(HolidayCalendar.UNITED_KINGDOM));
        this.fromYear = fromYear;
        this.toYear = toYear;
    }

    @Override
    public boolean covers(UkDivision division, int year) {
        return year >= fromYear && year <= toYear;
    }

    @Override
    public Optional<BankHoliday> holidayOn(UkDivision division, LocalDate day) {
        return holidaysIn(division, day.getYear()).stream().filter(h -> h.date().equals(day)).findFirst();
    }

    @Override
    public List<BankHoliday> holidaysIn(UkDivision division, int year) {
        requireCovered(division, LocalDate.of(year, 1, 1));
        return cache.computeIfAbsent(division + "/" + year, k -> compute(division, year));
    }

    private List<BankHoliday> compute(UkDivision division, int year) {
        return manager.getHolidays(Year.of(year), SUBDIVISION.get(division)).stream()
                .map(h -> new BankHoliday(division, observed(h), h.getDescription(Locale.UK)))
                .sorted(Comparator.comparing(BankHoliday::date))
                .toList();
    }

    private static LocalDate observed(Holiday h) {
        return h.getObservedDate().orElse(h.getDate());
    }

    @Override
    public String coverage(UkDivision division) {
        return fromYear + "-" + toYear;
    }
}
