package dev.rightsflow.deadline.holidays;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rightsflow.deadline.UkDivision;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The bank holidays as gov.uk publishes them (https://www.gov.uk/bank-holidays.json): the
 * legally relevant list, because the dates are those proclaimed for each division, one-off
 * days included.
 *
 * <p>Format: top-level keys per division ({@code england-and-wales}, {@code scotland},
 * {@code northern-ireland}), each {@code {division, events: [{title, date: "YYYY-MM-DD", notes,
 * bunting}]}}. A year counts as covered for a division when the list has at least one event in
 * it and every year between the first and last covered year is present: gov.uk publishes whole
 * years, so a year with events is complete, and a gap means the file is damaged.
 *
 * <p>The module ships a snapshot ({@link #SNAPSHOT_RESOURCE}); operators refresh it by
 * pointing the configuration at a newer download ({@link #fromFile}).
 */
public final class GovUkBankHolidays implements BankHolidayCalendar {

    /**
     * The snapshot shipped with the engine, 2018-2028 for all three divisions: gov.uk's list as
     * published from alphagov/frontend {@code lib/data/bank-holidays.json} (24 November 2025,
     * with Scotland's World Cup bank holiday of 15 June 2026 added on 25 February 2026), in the
     * format of https://www.gov.uk/bank-holidays.json.
     */
    public static final String SNAPSHOT_RESOURCE = "/dev/rightsflow/deadline/holidays/gov-uk-bank-holidays.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<UkDivision, NavigableMap<LocalDate, BankHoliday>> byDivision;
    private final Map<UkDivision, SortedSet<Integer>> years;
    private final String source;

    private GovUkBankHolidays(Map<UkDivision, NavigableMap<LocalDate, BankHoliday>> byDivision, String source) {
        this.byDivision = byDivision;
        this.source = source;
        this.years = new EnumMap<>(UkDivision.class);
        for (UkDivision d : UkDivision.values()) {
            SortedSet<Integer> ys = new TreeSet<>();
            byDivision.getOrDefault(d, new TreeMap<>()).keySet().forEach(day -> ys.add(day.getYear()));
            if (!ys.isEmpty() && ys.last() - ys.first() + 1 != ys.size()) {
                throw new IllegalArgumentException("gov.uk bank holidays for " + d.govUkKey()
                        + " have a gap in years " + ys + " (" + source + ")");
            }
            years.put(d, Collections.unmodifiableSortedSet(ys));
        }
    }

    /** The snapshot shipped with the engine. */
    public static GovUkBankHolidays snapshot() {
        try (InputStream in = GovUkBankHolidays.class.getResourceAsStream(SNAPSHOT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + SNAPSHOT_RESOURCE);
            }
            return parse(in, "snapshot " + SNAPSHOT_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A list downloaded from gov.uk and saved to a file (the refresh). */
    public static GovUkBankHolidays fromFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bank holidays from " + file, e);
        }
    }

    /**
     * Parses the gov.uk format; throws {@link IllegalArgumentException} naming what is wrong
     * when a division is missing or a date cannot be read.
     */
    public static GovUkBankHolidays parse(InputStream in, String source) throws IOException {
        JsonNode root = JSON.readTree(in);
        Map<UkDivision, NavigableMap<LocalDate, BankHoliday>> all = new EnumMap<>(UkDivision.class);
        for (UkDivision d : UkDivision.values()) {
            JsonNode events = root.path(d.govUkKey()).path("events");
            if (!events.isArray()) {
                throw new IllegalArgumentException("no events for " + d.govUkKey() + " in " + source);
            }
            NavigableMap<LocalDate, BankHoliday> days = new TreeMap<>();
            for (JsonNode event : events) {
                String text = event.path("date").asText("");
                LocalDate date;
                try {
                    date = LocalDate.parse(text);
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("bad date '" + text + "' for " + d.govUkKey() + " in " + source, e);
                }
                String title = event.path("title").asText("Bank holiday");
                String notes = event.path("notes").asText("");
                days.put(date, new BankHoliday(d, date, notes.isBlank() ? title : title + " (" + notes.toLowerCase(java.util.Locale.UK) + ")"));
            }
            all.put(d, Collections.unmodifiableNavigableMap(days));
        }
        return new GovUkBankHolidays(all, source);
    }

    @Override
    public boolean covers(UkDivision division, int year) {
        return years.get(division).contains(year);
    }

    @Override
    public Optional<BankHoliday> holidayOn(UkDivision division, LocalDate day) {
        requireCovered(division, day);
        return Optional.ofNullable(byDivision.get(division).get(day));
    }

    @Override
    public List<BankHoliday> holidaysIn(UkDivision division, int year) {
        requireCovered(division, LocalDate.of(year, 1, 1));
        return new ArrayList<>(byDivision.get(division)
                .subMap(LocalDate.of(year, 1, 1), true, LocalDate.of(year, 12, 31), true).values());
    }

    @Override
    public String coverage(UkDivision division) {
        SortedSet<Integer> ys = years.get(division);
        return ys.isEmpty() ? "none" : ys.first() + "-" + ys.last();
    }

    /** The covered years of a division, ascending. */
    public SortedSet<Integer> coveredYears(UkDivision division) {
        return years.get(division);
    }

    /**
     * The last year the list covers for every division (the smallest of the divisions' last
     * years), 0 for an empty list: a list is stale when this is earlier than another's.
     */
    public int lastYearOfEveryDivision() {
        int last = Integer.MAX_VALUE;
        for (UkDivision d : UkDivision.values()) {
            SortedSet<Integer> ys = years.get(d);
            last = Math.min(last, ys.isEmpty() ? 0 : ys.last());
        }
        return last;
    }

    /** Where the list came from (the snapshot resource or a refresh file). */
    public String source() {
        return source;
    }
}
