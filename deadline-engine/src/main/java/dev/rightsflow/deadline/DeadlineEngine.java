package dev.rightsflow.deadline;

import dev.rightsflow.deadline.holidays.BankHoliday;
import dev.rightsflow.deadline.holidays.BankHolidayCalendar;
import dev.rightsflow.deadline.holidays.RefreshableBankHolidays;
import dev.rightsflow.deadline.holidays.UkBankHolidays;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Computes the time limits for answering a data-subject rights request under UK GDPR, the
 * Data Protection Act 2018 and the ICO's guidance, and the stricter targets an organisation or
 * another regime sets.
 *
 * <p>Thread-safe and stateless apart from its holiday calendar. Every date is a UK local date
 * (convert instants with {@link UkTime#UK}). Each calculation reads the calendar
 * as it stands at that moment ({@link BankHolidayCalendar#current()}), so a refreshed list takes
 * effect from the next calculation. A date that depends on bank holidays gov.uk has not
 * published is computed from the rules and marked provisional, with the reason
 * ({@link StatutoryDeadline#provisionalReason()}, a {@code provisional} step); with the
 * engine's own calendars ({@link UkBankHolidays}, {@link RefreshableBankHolidays}) no year is
 * unknown, so {@link HolidaysUnknownException} is thrown only by a bare list used on its own.
 */
public final class DeadlineEngine {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.UK);

    private final BankHolidayCalendar holidays;

    public DeadlineEngine(BankHolidayCalendar holidays) {
        this.holidays = Objects.requireNonNull(holidays, "holidays");
    }

    /**
     * An engine on the gov.uk snapshot shipped with the module (see {@link UkBankHolidays}),
     * never refreshed: for tests and tools. Services use {@link #withHolidays} with the one
     * {@link RefreshableBankHolidays} source.
     */
    public static DeadlineEngine withBundledHolidays() {
        return new DeadlineEngine(UkBankHolidays.bundled());
    }

    /** An engine on the given calendar (the refreshable source of a service, a fixed list, ...). */
    public static DeadlineEngine withHolidays(BankHolidayCalendar calendar) {
        return new DeadlineEngine(calendar);
    }

    public BankHolidayCalendar holidays() {
        return holidays;
    }

    /**
     * The statutory deadline (Art 12(3) UK GDPR; ICO guidance on the right of access, "time
     * limits"):
     * <ol>
     *   <li>the clock starts at the latest of receipt, identity verification and fee (Art 12A);
     *       the day it starts is day one;</li>
     *   <li>one calendar month on, the corresponding date of the next month; three months when
     *       extended (Art 12(3): two further months);</li>
     *   <li>when that month has no such date, its last day;</li>
     *   <li>the days the clock was stopped for clarification are added (Art 12A); while a
     *       clarification is awaited the due date is not known ({@code paused}, due null);</li>
     *   <li>a date on a weekend or a bank holiday of the division moves to the next working
     *       day.</li>
     * </ol>
     */
    public StatutoryDeadline statutory(ClockFacts facts) {
        LocalDate start = facts.clockStart();
        return compute(facts, start, start.equals(facts.received()) ? null : clockStartReason(facts, start));
    }

    /**
     * The statutory deadline when the clock start is known only as a date (a "what if" on the
     * calculator: identity or fee received that day), instead of from the facts' identity and
     * fee dates. The clock cannot start before receipt; an earlier date is ignored.
     */
    public StatutoryDeadline statutoryFrom(ClockFacts facts, LocalDate clockStart) {
        LocalDate start = clockStart == null || clockStart.isBefore(facts.received()) ? facts.received() : clockStart;
        return compute(facts, start, start.equals(facts.received()) ? null
                : "The clock starts on " + day(start) + ", when the identity information or fee asked for arrived:"
                        + " the latest of receipt, identity and fee (Art 12A UK GDPR, Data (Use and Access) Act 2025).");
    }

    private StatutoryDeadline compute(ClockFacts facts, LocalDate start, String clockStartReason) {
        Lookup lookup = new Lookup(holidays.current(), facts.division());
        List<DeadlineStep> steps = new ArrayList<>();
        LocalDate received = facts.received();
        steps.add(new DeadlineStep(DeadlineRules.RECEIVED, received,
                "Request received on " + day(received) + "; the day of receipt is day one (ICO guidance, time limits)."));
        if (clockStartReason != null) {
            steps.add(new DeadlineStep(DeadlineRules.CLOCK_START, start, clockStartReason));
        }
        int months = facts.extended() ? 3 : 1;
        LocalDate date = calendarMonthsOn(start, months, steps, facts.extended());

        long pausedDays = 0;
        LocalDate running = date;
        for (Pause pause : effectivePauses(facts.pauses(), start)) {
            if (pause.from().isAfter(running)) {
                continue;
            }
            if (pause.isOngoing()) {
                steps.add(new DeadlineStep(DeadlineRules.PAUSE_ONGOING, pause.from(),
                        "Clarification asked for on " + day(pause.from()) + " and not yet received: the clock is stopped,"
                                + " so the due date is not known until it arrives (Art 12A UK GDPR)."));
                return new StatutoryDeadline(start, null, steps, true, facts.extended(), pausedDays);
            }
            long days = pause.days();
            pausedDays += days;
            running = running.plusDays(days);
            steps.add(new DeadlineStep(DeadlineRules.PAUSED_DAYS_ADDED, running,
                    days + " day" + (days == 1 ? "" : "s") + " added: the clock was stopped from " + day(pause.from())
                            + " (clarification asked for) until " + day(pause.to()) + " (received) (Art 12A UK GDPR)."));
        }
        LocalDate due = nextWorkingDay(lookup, running, steps);
        String provisional = lookup.provisionalReason();
        if (provisional != null) {
            steps.add(new DeadlineStep(DeadlineRules.PROVISIONAL, due, provisionalExplanation(provisional)));
        }
        steps.add(new DeadlineStep(DeadlineRules.DUE, due, "Due " + day(due) + (provisional == null ? "." : " (provisional).")));
        return new StatutoryDeadline(start, due, steps, false, facts.extended(), pausedDays, provisional);
    }

    /**
     * Whether the controller may still extend (Art 12(3)): it must tell the requester within
     * the first month, so only until the un-extended due date (with pauses) has passed. The
     * facts' own {@code extended} flag is ignored. While a clarification is awaited the first
     * month has not run out, so an extension is allowed.
     */
    public boolean extensionAllowed(ClockFacts facts, LocalDate today) {
        StatutoryDeadline monthOne = statutory(facts.withExtended(false));
        return monthOne.paused() || !today.isAfter(monthOne.due());
    }

    /**
     * Whether the day is neither a weekend day nor a bank holiday of the division (from the
     * rules, provisionally, in a year gov.uk has not published: see {@link #provisionalReason}).
     */
    public boolean isWorkingDay(UkDivision division, LocalDate day) {
        return new Lookup(holidays.current(), division).isWorkingDay(day);
    }

    /**
     * Why working days of the division between two days (inclusive, either order) are only
     * provisional: the bank holidays of a year in between are not published by gov.uk and come
     * from the rules. Empty when every year is published. For callers that count working days
     * themselves ({@link #addWorkingDays}, {@link #minusWorkingDays}) and show the result.
     */
    public Optional<String> provisionalReason(UkDivision division, LocalDate from, LocalDate to) {
        Lookup lookup = new Lookup(holidays.current(), division);
        int first = Math.min(from.getYear(), to.getYear());
        int last = Math.max(from.getYear(), to.getYear());
        for (int year = first; year <= last; year++) {
            lookup.note(year);
        }
        return Optional.ofNullable(lookup.provisionalReason());
    }

    /**
     * The date that is {@code workingDays} working days after {@code from} ({@code from} itself
     * is not counted); {@code from} when zero.
     */
    public LocalDate addWorkingDays(UkDivision division, LocalDate from, int workingDays) {
        return moveWorkingDays(division, from, workingDays, 1);
    }

    /**
     * The date that is {@code workingDays} working days before {@code from} ({@code from} itself
     * is not counted); {@code from} when zero. For "the last safe day to dispatch a task".
     */
    public LocalDate minusWorkingDays(UkDivision division, LocalDate from, int workingDays) {
        return moveWorkingDays(division, from, workingDays, -1);
    }

    private LocalDate moveWorkingDays(UkDivision division, LocalDate from, int workingDays, int direction) {
        return moveWorkingDays(new Lookup(holidays.current(), division), from, workingDays, direction);
    }

    private static LocalDate moveWorkingDays(Lookup lookup, LocalDate from, int workingDays, int direction) {
        if (workingDays < 0) {
            throw new IllegalArgumentException("workingDays must not be negative");
        }
        LocalDate d = from;
        int left = workingDays;
        while (left > 0) {
            d = d.plusDays(direction);
            if (lookup.isWorkingDay(d)) {
                left--;
            }
        }
        return d;
    }

    /**
     * The last day of an organisation's own target in working days: the working days after the
     * clock-start day (which is not counted, as in "within 20 working days of receipt").
     */
    public LocalDate dueDateOfOrganisationTarget(UkDivision division, LocalDate clockStart, int workingDays) {
        return addWorkingDays(division, clockStart, workingDays);
    }

    /**
     * The due dates of response targets for a request with no clarification pauses (see
     * {@link #targets(ClockFacts, LocalDate, List)} for the rules).
     */
    public List<TargetDeadline> targets(UkDivision division, LocalDate received, LocalDate clockStart,
            List<ResponseTargetSpec> specs) {
        return targets(ClockFacts.received(division, received), clockStart, specs);
    }

    /**
     * The due dates of response targets for a request's clock facts, with the clock start taken
     * from the facts (latest of receipt, identity, fee).
     */
    public List<TargetDeadline> targets(ClockFacts facts, List<ResponseTargetSpec> specs) {
        return targets(facts, facts.clockStart(), specs);
    }

    /**
     * The due dates of response targets besides the statutory one, for a request's clock facts
     * and a known clock start.
     * <ul>
     *   <li>Acknowledgements count working days of the division from receipt, and do not wait
     *       for clarification.</li>
     *   <li>Answers in working days count from the clock start, and move by the working days the
     *       clock was stopped for clarification (Art 12A applied to the organisation's promise, as
     *       to the statutory limit); while a clarification is awaited their due date is unknown
     *       ({@code null}).</li>
     *   <li>Answers in calendar days (CCPA/CPRA, LGPD) count from receipt, as those regimes do
     *       (11 CCR 7021(b): the period begins on the day the request is received, whatever the
     *       verification), are not moved off weekends, and have no UK stop-the-clock.</li>
     * </ul>
     */
    public List<TargetDeadline> targets(ClockFacts facts, LocalDate clockStart, List<ResponseTargetSpec> specs) {
        UkDivision division = facts.division();
        LocalDate received = facts.received();
        List<Pause> pauses = effectivePauses(facts.pauses(), clockStart);
        boolean awaiting = pauses.stream().anyMatch(Pause::isOngoing);
        List<TargetDeadline> out = new ArrayList<>();
        for (ResponseTargetSpec spec : specs) {
            if (spec.acknowledgeWorkingDays() != null) {
                Lookup lookup = new Lookup(holidays.current(), division);
                LocalDate due = moveWorkingDays(lookup, received, spec.acknowledgeWorkingDays(), 1);
                out.add(target(spec, TargetDeadline.ACKNOWLEDGE, due, DeadlineRules.WORKING_DAYS, spec.acknowledgeWorkingDays()
                        + " working days of " + division.govUkKey() + " after receipt on " + day(received)
                        + " (weekends and bank holidays not counted): acknowledge by ", lookup.provisionalReason()));
            }
            if (spec.respondWorkingDays() != null) {
                out.add(awaiting ? pausedTarget(spec, pauses)
                        : respondInWorkingDays(spec, division, clockStart, pauses));
            }
            if (spec.respondCalendarDays() != null) {
                LocalDate due = received.plusDays(spec.respondCalendarDays());
                out.add(target(spec, TargetDeadline.RESPOND, due, DeadlineRules.CALENDAR_DAYS, spec.respondCalendarDays()
                        + " calendar days after receipt on " + day(received) + ": answer by ", null));
                if (spec.extensionCalendarDays() != null) {
                    LocalDate extended = due.plusDays(spec.extensionCalendarDays());
                    out.add(target(spec, TargetDeadline.RESPOND_EXTENDED, extended, DeadlineRules.CALENDAR_DAYS,
                            "One extension of " + spec.extensionCalendarDays() + " calendar days after " + day(due)
                                    + ", if the requester is told within the first period: answer by ", null));
                }
            }
        }
        return out;
    }

    private TargetDeadline respondInWorkingDays(ResponseTargetSpec spec, UkDivision division, LocalDate clockStart,
            List<Pause> pauses) {
        Lookup lookup = new Lookup(holidays.current(), division);
        int paused = 0;
        for (Pause p : pauses) {
            for (LocalDate d = p.from(); d.isBefore(p.to()); d = d.plusDays(1)) {
                if (lookup.isWorkingDay(d)) {
                    paused++;
                }
            }
        }
        int total = spec.respondWorkingDays() + paused;
        LocalDate due = moveWorkingDays(lookup, clockStart, total, 1);
        String pausedText = paused == 0 ? "" : " plus " + paused + " working day" + (paused == 1 ? "" : "s")
                + " the clock was stopped for clarification (Art 12A)";
        return target(spec, TargetDeadline.RESPOND, due, DeadlineRules.WORKING_DAYS, spec.respondWorkingDays()
                + " working days of " + division.govUkKey() + " after the clock start on " + day(clockStart)
                + pausedText + ": answer by ", lookup.provisionalReason());
    }

    private static TargetDeadline pausedTarget(ResponseTargetSpec spec, List<Pause> pauses) {
        LocalDate from = pauses.stream().filter(Pause::isOngoing).findFirst().map(Pause::from).orElseThrow();
        return new TargetDeadline(spec.regime(), TargetDeadline.RESPOND, null, List.of(new DeadlineStep(
                DeadlineRules.PAUSE_ONGOING, from, "Clarification asked for on " + day(from)
                        + " and not yet received: the answer date is not known until it arrives (Art 12A).")));
    }

    private static TargetDeadline target(ResponseTargetSpec spec, String kind, LocalDate due, String rule, String explanation,
            String provisional) {
        List<DeadlineStep> steps = new ArrayList<>();
        steps.add(new DeadlineStep(rule, due, explanation + day(due) + (provisional == null ? "." : " (provisional).")));
        if (provisional != null) {
            steps.add(new DeadlineStep(DeadlineRules.PROVISIONAL, due, provisionalExplanation(provisional)));
        }
        return new TargetDeadline(spec.regime(), kind, due, steps, provisional);
    }

    private static String provisionalExplanation(String reason) {
        return "Provisional: " + reason + ". The date is worked out again when gov.uk publishes the year, and may move.";
    }

    private LocalDate calendarMonthsOn(LocalDate start, int months, List<DeadlineStep> steps, boolean extended) {
        LocalDate date = start.plusMonths(months);
        String period = months == 1 ? "one month" : months + " months";
        if (extended) {
            steps.add(new DeadlineStep(DeadlineRules.EXTENSION, date, "Extended by two further months for a complex"
                    + " or numerous request: three months from the clock start (Art 12(3) UK GDPR)."));
        }
        if (date.getDayOfMonth() == start.getDayOfMonth()) {
            steps.add(new DeadlineStep(DeadlineRules.CORRESPONDING_DATE, date, "The corresponding calendar date "
                    + period + " after " + day(start) + " is " + day(date) + " (Art 12(3) UK GDPR, ICO method)."));
        } else {
            steps.add(new DeadlineStep(DeadlineRules.MONTH_END, date, date.getMonth().getDisplayName(
                    java.time.format.TextStyle.FULL, Locale.UK) + " " + date.getYear() + " has no day "
                    + start.getDayOfMonth() + ", so the deadline is the last day of that month, " + day(date)
                    + " (ICO method)."));
        }
        return date;
    }

    private static LocalDate nextWorkingDay(Lookup lookup, LocalDate from, List<DeadlineStep> steps) {
        UkDivision division = lookup.division;
        LocalDate d = from;
        while (true) {
            if (isWeekend(d)) {
                LocalDate monday = d.getDayOfWeek() == DayOfWeek.SATURDAY ? d.plusDays(2) : d.plusDays(1);
                steps.add(new DeadlineStep(DeadlineRules.WEEKEND, monday, day(d) + " falls on a weekend, so the deadline"
                        + " moves to the next working day (ICO method)."));
                d = monday;
                continue;
            }
            Optional<BankHoliday> holiday = lookup.holidayOn(d);
            if (holiday.isPresent()) {
                steps.add(new DeadlineStep(DeadlineRules.BANK_HOLIDAY, d.plusDays(1), day(d) + " is a bank holiday in "
                        + divisionName(division) + " (" + holiday.get().title()
                        + (lookup.calendar.isProvisional(division, d.getYear()) ? ", from the rules" : "")
                        + "), so the deadline moves to the next working day (ICO method)."));
                d = d.plusDays(1);
                continue;
            }
            return d;
        }
    }

    /** Completed and ongoing pauses after the clock start, merged where they overlap. */
    private static List<Pause> effectivePauses(List<Pause> pauses, LocalDate start) {
        List<Pause> clipped = new ArrayList<>();
        for (Pause p : pauses) {
            if (p.to() != null && !p.to().isAfter(start)) {
                continue;
            }
            clipped.add(new Pause(p.from().isBefore(start) ? start : p.from(), p.to()));
        }
        clipped.sort(Comparator.comparing(Pause::from));
        List<Pause> merged = new ArrayList<>();
        for (Pause p : clipped) {
            if (!merged.isEmpty()) {
                Pause last = merged.get(merged.size() - 1);
                if (last.isOngoing()) {
                    break;
                }
                if (!p.from().isAfter(last.to())) {
                    LocalDate to = p.isOngoing() ? null : (p.to().isAfter(last.to()) ? p.to() : last.to());
                    merged.set(merged.size() - 1, new Pause(last.from(), to));
                    continue;
                }
            }
            merged.add(p);
        }
        return merged;
    }

    private static String clockStartReason(ClockFacts facts, LocalDate start) {
        List<String> why = new ArrayList<>();
        if (start.equals(facts.identityVerified())) {
            why.add("the identity information asked for arrived");
        }
        if (start.equals(facts.feeReceived())) {
            why.add("the fee arrived");
        }
        return "The clock starts on " + day(start) + ", when " + String.join(" and ", why)
                + ": the latest of receipt, identity and fee (Art 12A UK GDPR, Data (Use and Access) Act 2025).";
    }

    private static boolean isWeekend(LocalDate d) {
        return d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
    }

    private static String divisionName(UkDivision d) {
        return switch (d) {
            case ENGLAND_AND_WALES -> "England and Wales";
            case SCOTLAND -> "Scotland";
            case NORTHERN_IRELAND -> "Northern Ireland";
        };
    }

    static String day(LocalDate d) {
        return DAY.format(d);
    }

    /**
     * The holiday look-ups of one calculation on one calendar as it stood when the calculation
     * began, noting every year whose holidays were only provisional.
     */
    private static final class Lookup {
        private final BankHolidayCalendar calendar;
        private final UkDivision division;
        private final SortedSet<Integer> provisionalYears = new TreeSet<>();

        Lookup(BankHolidayCalendar calendar, UkDivision division) {
            this.calendar = calendar;
            this.division = division;
        }

        /** A weekend is never a working day whatever the list says, so it needs no look-up. */
        boolean isWorkingDay(LocalDate day) {
            return !isWeekend(day) && holidayOn(day).isEmpty();
        }

        Optional<BankHoliday> holidayOn(LocalDate day) {
            note(day.getYear());
            return calendar.holidayOn(division, day);
        }

        void note(int year) {
            if (calendar.isProvisional(division, year)) {
                provisionalYears.add(year);
            }
        }

        /** The reasons for the provisional years consulted, or null when none was. */
        String provisionalReason() {
            if (provisionalYears.isEmpty()) {
                return null;
            }
            return provisionalYears.stream().map(y -> calendar.provisionalReason(division, y).orElse(""))
                    .filter(r -> !r.isEmpty()).distinct().collect(Collectors.joining("; "));
        }
    }
}
