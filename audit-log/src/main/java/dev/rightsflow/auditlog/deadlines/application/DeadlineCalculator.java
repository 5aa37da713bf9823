package dev.rightsflow.auditlog.deadlines.application;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.rightsflow.deadline.ClockFacts;
import dev.rightsflow.deadline.DeadlineEngine;
import dev.rightsflow.deadline.HolidaysUnknownException;
import dev.rightsflow.deadline.Pause;
import dev.rightsflow.deadline.ResponseTargetSpec;
import dev.rightsflow.deadline.StatutoryDeadline;
import dev.rightsflow.deadline.TargetDeadline;
import dev.rightsflow.deadline.UkDivision;
import dev.rightsflow.deadline.holidays.BankHolidayCalendar;

/**
 * The deadline calculator: "when is this request due?" and "what if we extend, or ask for
 * clarification?".
 *
 * <p>Parameters (all strings, as they arrive on the query): {@code division} (required unless
 * the organisation's division is known; {@code england-and-wales}, {@code scotland},
 * {@code northern-ireland} or the enum names), {@code received} (required, YYYY-MM-DD),
 * {@code clockStart} (identity or fee received, not before {@code received}),
 * {@code clarificationAsked} and {@code clarificationReceived} (a stop of the clock; asked
 * without received means still awaited), {@code extended} ({@code true}/{@code false}),
 * {@code organisation} (a registry id, for its targets). Every bad parameter is reported, not
 * just the first.
 */
public final class DeadlineCalculator {

    public static final String DIVISION = "division";
    public static final String RECEIVED = "received";
    public static final String CLOCK_START = "clockStart";
    public static final String CLARIFICATION_ASKED = "clarificationAsked";
    public static final String CLARIFICATION_RECEIVED = "clarificationReceived";
    public static final String EXTENDED = "extended";
    public static final String ORGANISATION = "organisation";

    public static final String YEAR = "year";

    private static final Pattern YEAR_PATTERN = Pattern.compile("\\d{4}");
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern ORGANISATION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final String DIVISIONS = Arrays.stream(UkDivision.values()).map(UkDivision::govUkKey)
            .collect(Collectors.joining(", "));

    private final DeadlineEngine engine;
    private final BankHolidayCalendar holidays;
    private final Supplier<Stream<OrganisationTargets>> organisations;

    /**
     * @param organisations the registry ports, in order of preference (the first that knows an
     *                      organisation answers)
     */
    public DeadlineCalculator(DeadlineEngine engine, BankHolidayCalendar holidays,
            Supplier<Stream<OrganisationTargets>> organisations) {
        this.engine = engine;
        this.holidays = holidays;
        this.organisations = organisations;
    }

    public CalculatorOutcome<CalculatedDeadline> calculate(Map<String, String> query) {
        List<InvalidParameter> invalid = new ArrayList<>();
        LocalDate received = date(query, RECEIVED, true, invalid);
        LocalDate clockStart = date(query, CLOCK_START, false, invalid);
        LocalDate asked = date(query, CLARIFICATION_ASKED, false, invalid);
        LocalDate answered = date(query, CLARIFICATION_RECEIVED, false, invalid);
        Boolean extended = bool(query, EXTENDED, invalid);
        String organisation = blankToNull(query.get(ORGANISATION));
        List<ResponseTargetSpec> targets = List.of();
        Optional<UkDivision> organisationDivision = Optional.empty();
        if (organisation != null) {
            if (!ORGANISATION_ID.matcher(organisation).matches()) {
                invalid.add(new InvalidParameter(ORGANISATION, "must be a registry organisation id"));
                organisation = null;
            } else {
                Optional<List<ResponseTargetSpec>> known = targetsOf(organisation);
                if (known.isEmpty()) {
                    invalid.add(new InvalidParameter(ORGANISATION, "no organisation with this id in the registry"));
                } else {
                    targets = known.get();
                    organisationDivision = divisionOf(organisation);
                }
            }
        }
        UkDivision division = division(query.get(DIVISION), organisationDivision, invalid);

        if (received != null) {
            if (clockStart != null && clockStart.isBefore(received)) {
                invalid.add(new InvalidParameter(CLOCK_START, "must not be before received (the clock cannot start before the request arrives)"));
            }
            if (asked != null && asked.isBefore(received)) {
                invalid.add(new InvalidParameter(CLARIFICATION_ASKED, "must not be before received"));
            }
        }
        if (answered != null && asked == null && !hasErrorFor(invalid, CLARIFICATION_ASKED)) {
            invalid.add(new InvalidParameter(CLARIFICATION_ASKED, "is required when clarificationReceived is given"));
        }
        if (answered != null && asked != null && answered.isBefore(asked)) {
            invalid.add(new InvalidParameter(CLARIFICATION_RECEIVED, "must not be before clarificationAsked"));
        }
        if (!invalid.isEmpty()) {
            return new CalculatorOutcome.Rejected<>(List.copyOf(invalid));
        }

        ClockFacts facts = ClockFacts.received(division, received).withExtended(Boolean.TRUE.equals(extended));
        if (asked != null) {
            facts = facts.withPause(new Pause(asked, answered));
        }
        try {
            StatutoryDeadline statutory = engine.statutoryFrom(facts, clockStart);
            StatutoryDeadline monthOne = facts.extended() ? engine.statutoryFrom(facts.withExtended(false), clockStart) : statutory;
            StatutoryDeadline ifExtended = facts.extended() || statutory.paused() ? null
                    : engine.statutoryFrom(facts.withExtended(true), clockStart);
            List<TargetDeadline> due = engine.targets(facts, statutory.clockStart(), targets);
            return new CalculatorOutcome.Answered<>(CalculatedDeadline.of(division, received, statutory, monthOne,
                    ifExtended, organisation, due, holidays.coverage(division)));
        } catch (HolidaysUnknownException e) {
            // only a calendar without rules refuses a year; the services' refreshable source never does
            return new CalculatorOutcome.HolidaysUnknown<>(e.getMessage());
        }
    }

    /**
     * The bank holidays of a division in a year, for the dashboard's calendar:
     * {@code division} and {@code year} (YYYY) are required.
     */
    public CalculatorOutcome<HolidayList> holidays(Map<String, String> query) {
        List<InvalidParameter> invalid = new ArrayList<>();
        UkDivision division = division(query.get(DIVISION), Optional.empty(), invalid);
        String y = blankToNull(query.get(YEAR));
        Integer year = null;
        if (y == null || !YEAR_PATTERN.matcher(y).matches()) {
            invalid.add(new InvalidParameter(YEAR, y == null ? "is required: a year as YYYY" : "must be a year as YYYY"));
        } else {
            year = Integer.parseInt(y);
        }
        if (!invalid.isEmpty()) {
            return new CalculatorOutcome.Rejected<>(List.copyOf(invalid));
        }
        if (!holidays.covers(division, year)) {
            return new CalculatorOutcome.HolidaysUnknown<>("bank holidays of " + division.govUkKey() + " are not known for "
                    + year + " (covered: " + holidays.coverage(division) + ")");
        }
        return new CalculatorOutcome.Answered<>(new HolidayList(division, year, holidays.coverage(division),
                holidays.holidaysIn(division, year).stream().map(h -> new HolidayList.Day(h.date(), h.title())).toList(),
                holidays.provisionalReason(division, year).orElse(null)));
    }

    private Optional<List<ResponseTargetSpec>> targetsOf(String organisation) {
        return organisations.get().map(o -> o.targetsOf(organisation)).flatMap(Optional::stream).findFirst();
    }

    private Optional<UkDivision> divisionOf(String organisation) {
        return organisations.get().map(o -> o.divisionOf(organisation)).flatMap(Optional::stream).findFirst();
    }

    private static UkDivision division(String value, Optional<UkDivision> organisationDivision,
            List<InvalidParameter> invalid) {
        String v = blankToNull(value);
        if (v == null) {
            if (organisationDivision.isPresent()) {
                return organisationDivision.get();
            }
            invalid.add(new InvalidParameter(DIVISION, "is required: one of " + DIVISIONS));
            return null;
        }
        Optional<UkDivision> parsed = UkDivision.parse(v);
        if (parsed.isEmpty()) {
            invalid.add(new InvalidParameter(DIVISION, "must be one of " + DIVISIONS));
            return null;
        }
        return parsed.get();
    }

    private static LocalDate date(Map<String, String> query, String name, boolean required, List<InvalidParameter> invalid) {
        String v = blankToNull(query.get(name));
        if (v == null) {
            if (required) {
                invalid.add(new InvalidParameter(name, "is required: a date as YYYY-MM-DD"));
            }
            return null;
        }
        if (!ISO_DATE.matcher(v).matches()) {
            invalid.add(new InvalidParameter(name, "must be a date as YYYY-MM-DD"));
            return null;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            invalid.add(new InvalidParameter(name, "is not a calendar date"));
            return null;
        }
    }

    private static Boolean bool(Map<String, String> query, String name, List<InvalidParameter> invalid) {
        String v = blankToNull(query.get(name));
        if (v == null) {
            return null;
        }
        if ("true".equalsIgnoreCase(v)) {
            return true;
        }
        if ("false".equalsIgnoreCase(v)) {
            return false;
        }
        invalid.add(new InvalidParameter(name, "must be true or false"));
        return null;
    }

    private static boolean hasErrorFor(List<InvalidParameter> invalid, String name) {
        return invalid.stream().anyMatch(i -> i.parameter().equals(name));
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v.trim();
    }
}
