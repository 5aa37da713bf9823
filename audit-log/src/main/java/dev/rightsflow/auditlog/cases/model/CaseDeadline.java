package dev.rightsflow.auditlog.cases.model;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.rightsflow.deadline.ClockFacts;
import dev.rightsflow.deadline.DeadlineEngine;
import dev.rightsflow.deadline.Pause;
import dev.rightsflow.deadline.ResponseTargetSpec;
import dev.rightsflow.deadline.StatutoryDeadline;
import dev.rightsflow.deadline.TargetDeadline;
import dev.rightsflow.deadline.UkDivision;

/**
 * A case's deadline as it stands on a given day, as the router states it. The router owns the deadline and publishes
 * it with its case events ({@link RouterDeadline}, from the events' {@code clock}): the position shows the router's
 * dates, steps and targets as stated, and only adds what depends on today (days left, overdue, whether an extension is
 * still possible). Nothing is worked out here for a case whose router events carry no clock yet (history written
 * before the router stated it, or a request the router has not opened a case for): its deadline is shown as being
 * worked out ({@link #BEING_WORKED_OUT}) until the router's next case event states it.
 *
 * <p>Two exceptions, named ({@link #workedOutFromFacts}): a date the router stated as <em>provisional</em> (it rests on
 * bank holidays gov.uk had not published) is worked out again from the case's facts with the current list, so a
 * refreshed list shows at once and {@code PROVISIONAL_DEADLINE_MOVED} is raised (the router states such a date again
 * only with its next case event); a request forwarded outside the platform whose {@code RequestForwarded} was written
 * before that event carried the router's clock (v1: the router opens no case for it, so no other event states its
 * deadline) shows its controller's deadline worked out here for the processor's staff, as the fallback for that old
 * history only (from v2 the forwarding's clock is shown as stated, like any other router case event's); and a request
 * whose identity is still awaited, for which the router opens its case (and states its clock) only once identity is
 * confirmed (Art 12A): no statutory date yet, but the organisation's acknowledgement target runs from receipt, as
 * intake's status page shows it before the case opens. The facts are those
 * the router counts: one month from the clock start (ICO
 * method, Art 12(3)), clarification pauses added (Art 12A), three months when extended (Art 12(3)), bank holidays of
 * the controller's UK division; plus the organisation's own stricter targets.
 */
public final class CaseDeadline {

    /** The warning of a case whose router events have not stated its deadline yet: nothing is worked out here. */
    public static final String BEING_WORKED_OUT = "The deadline is being worked out: the router states it with its "
            + "next event for this case.";

    /** How a provisional deadline's warning begins, so every page can mark the date. */
    public static final String PROVISIONAL_PREFIX = "Provisional deadline: ";

    private final DeadlineEngine engine;

    public CaseDeadline(DeadlineEngine engine) {
        this.engine = engine;
    }

    public DeadlineEngine engine() {
        return engine;
    }

    public static UkDivision division(CaseFile file, String organisationDivision) {
        return division(file.division, organisationDivision);
    }

    /** The case's own division when it names a known one, else the organisation's, else England and Wales. */
    public static UkDivision division(String caseDivision, String organisationDivision) {
        for (String candidate : new String[] {caseDivision, organisationDivision}) {
            if (candidate != null) {
                try {
                    return UkDivision.valueOf(candidate);
                } catch (IllegalArgumentException unknown) {
                    // UNKNOWN or a newer division: try the next source
                }
            }
        }
        return UkDivision.ENGLAND_AND_WALES;
    }

    /** Identity information was asked for (email code or documentary evidence) and has not arrived. */
    public static boolean identityAwaited(CaseFile file) {
        boolean identityAskedFor = "EMAIL_CODE".equals(file.verification) || "DOCUMENTARY".equals(file.verification);
        return identityAskedFor && file.identityVerifiedAt == null;
    }

    public static ClockFacts facts(CaseFile file, UkDivision division) {
        return facts(dueFacts(file), division);
    }

    /** What the case's due date is worked out from, the division aside (what the case index keeps of it). */
    public static CaseKeyFacts.DueFacts dueFacts(CaseFile file) {
        boolean identityAskedFor = "EMAIL_CODE".equals(file.verification) || "DOCUMENTARY".equals(file.verification);
        return new CaseKeyFacts.DueFacts(CaseFile.ukDate(file.receivedAt != null ? file.receivedAt : file.clockStartsAt),
                identityAskedFor ? CaseFile.ukDate(file.identityVerifiedAt) : null, file.pauses, file.extended);
    }

    public static ClockFacts facts(CaseKeyFacts.DueFacts due, UkDivision division) {
        ClockFacts facts = ClockFacts.received(division, due.received());
        if (due.identityVerified() != null) {
            facts = facts.withIdentityVerified(due.identityVerified());
        }
        List<Pause> pauses = new ArrayList<>();
        for (CasePause p : due.pauses()) {
            pauses.add(new Pause(p.from(), p.to()));
        }
        return facts.withPauses(pauses).withExtended(due.extended());
    }

    /**
     * The statutory due date {@link #position} shows for a case whose date is worked out from its facts
     * ({@link #dueFromFacts}), and nothing else of the position: the case index's one deadline computation.
     */
    public LocalDate statutoryDue(CaseKeyFacts.DueFacts due, UkDivision division) {
        return engine.statutory(facts(due, division)).due();
    }

    /** The router stated the case's due date (not as provisional): {@link #position} shows it as stated. */
    public static boolean dueStated(CaseFile file) {
        return stated(file).isPresent();
    }

    /**
     * {@link #position} works the case's due date out from its facts ({@link #workedOutFromFacts}, identity not
     * awaited): a date the router stated as provisional, or an old forwarding outside without a clock.
     */
    public static boolean dueFromFacts(CaseFile file) {
        return workedOutFromFacts(file) && !identityAwaited(file);
    }

    /** {@link #position} shows the case's deadline worked out here rather than as stated or as being worked out. */
    private static boolean workedOutFromFacts(CaseFile file) {
        RouterDeadline stated = file.routerClock;
        if (stated == null) {
            // no router clock yet: a request forwarded outside by an old (v1) RequestForwarded, or one whose identity
            // is awaited before its case opens; every other case waits for the router to state its deadline
            return (forwardedOutside(file) || identityAwaited(file))
                    && (file.receivedAt != null || file.clockStartsAt != null);
        }
        return stated.provisionalReason() != null;
    }

    /**
     * The deadline as the router stated it with the case's last router event, unless it was provisional;
     * empty for a case whose events did not carry it (written before the router published it).
     */
    public static Optional<RouterDeadline> stated(CaseFile file) {
        return Optional.ofNullable(file.routerClock).filter(c -> c.provisionalReason() == null);
    }

    /** Whether the position is that of a case whose deadline the router has not stated yet. */
    public static boolean beingWorkedOut(DeadlinePosition position) {
        return BEING_WORKED_OUT.equals(position.warning());
    }

    public DeadlinePosition position(CaseFile file, String organisationDivision, List<ResponseTargetSpec> targets,
            LocalDate today) {
        UkDivision division = division(file, organisationDivision);
        if (dueStated(file)) {
            return asStated(file, division, file.routerClock, today);
        }
        if (workedOutFromFacts(file)) {
            return workedOutFromFacts(file, division, targets, today);
        }
        return new DeadlinePosition(division.name(), null, null, null, List.of(), false, file.extended, false, null,
                null, false, List.of(), BEING_WORKED_OUT);
    }

    /**
     * A request forwarded outside the platform (to a controller that is not a tenant) whose {@code RequestForwarded}
     * carried no clock: the router opens no case for it, so for history written before the forwarding carried the
     * router's {@code CaseClock} (v1) no event states its deadline. Only the fallback for that old history: a v2+
     * {@code RequestForwarded} states the clock ({@code kafka.CaseEvents.effect}, {@link CaseFile#onRouterClock}), and
     * {@link #position} then shows it as stated, whatever this computation would make of the case's facts.
     */
    private static boolean forwardedOutside(CaseFile file) {
        return file.status == CaseStatus.FORWARDED;
    }

    /** The router's deadline as stated, with what depends on today added. */
    private DeadlinePosition asStated(CaseFile file, UkDivision division, RouterDeadline r, LocalDate today) {
        LocalDate due = r.statutoryDue();
        boolean open = file.status.open() && file.status != CaseStatus.READY_TO_ANSWER;
        List<DeadlinePosition.Target> own = r.targets().stream().map(t -> new DeadlinePosition.Target(t.regime(),
                t.kind(), t.due(), file.status.open() && t.due() != null && today.isAfter(t.due()))).toList();
        // Art 12(3): an extension only inside the first month, as DeadlineEngine.extensionAllowed decides it
        boolean extensionAllowed = !r.extended() && file.status.open()
                && (r.paused() || (r.monthOneDue() != null && !today.isAfter(r.monthOneDue())));
        return new DeadlinePosition(division.name(), r.clockStart(), due, r.monthOneDue(), r.steps(), r.paused(),
                r.extended(), extensionAllowed, daysBetween(today, due),
                due == null ? null : workingDaysBetween(division, today, due), open && due != null && today.isAfter(due),
                own, null);
    }

    /**
     * The deadline worked out from the case's facts, the one computation of it left here, for three cases the router
     * does not settle (see the class comment): a date it stated as provisional, worked out again with the current
     * bank-holiday list; a request forwarded outside the platform by an old {@code RequestForwarded} that carried no
     * clock (the fallback for history written before v2); and a request whose
     * identity is still awaited, before the router opens its case.
     */
    private DeadlinePosition workedOutFromFacts(CaseFile file, UkDivision division, List<ResponseTargetSpec> targets,
            LocalDate today) {
        if (identityAwaited(file)) {
            // Art 12A: the clock starts when the identity information asked for arrives
            return new DeadlinePosition(division.name(), null, null, null,
                    List.of("The one-month clock starts on the day the subject's identity is verified "
                            + "(Art 12A UK GDPR, inserted by the Data (Use and Access) Act 2025)"),
                    false, false, false, null, null, false, targetsFromReceipt(file, division, targets, today), null);
        }
        ClockFacts facts = facts(file, division);
        StatutoryDeadline deadline = engine.statutory(facts);
        StatutoryDeadline monthOne = file.extended ? engine.statutory(facts.withExtended(false)) : deadline;
        LocalDate due = deadline.due();
        boolean open = file.status.open() && file.status != CaseStatus.READY_TO_ANSWER;
        Integer workingDaysLeft = due == null ? null : workingDaysBetween(division, today, due);
        List<DeadlinePosition.Target> own = new ArrayList<>();
        if (!targets.isEmpty() && deadline.clockStart() != null) {
            // the facts carry the clarification pauses: an answer target in working days moves by the
            // working days the clock was stopped, and is unknown while a clarification is awaited,
            // exactly as the router's planning counts it (Art 12A applied to the organisation's promise)
            for (TargetDeadline t : engine.targets(facts, deadline.clockStart(), targets)) {
                own.add(new DeadlinePosition.Target(t.regime(), t.kind(), t.due(),
                        file.status.open() && t.due() != null && today.isAfter(t.due())));
            }
        }
        return new DeadlinePosition(division.name(), deadline.clockStart(), due, monthOne.due(),
                deadline.steps().stream().map(s -> s.explanation()).toList(), deadline.paused(), file.extended,
                !file.extended && file.status.open() && engine.extensionAllowed(facts, today),
                daysBetween(today, due), workingDaysLeft, open && due != null && today.isAfter(due), own,
                provisionalWarning(deadline));
    }

    /** Words shown beside a deadline that rests on bank holidays gov.uk has not published; null otherwise. */
    public static String provisionalWarning(StatutoryDeadline deadline) {
        return deadline.provisional() ? PROVISIONAL_PREFIX + deadline.provisionalReason()
                + ". It is worked out again when gov.uk publishes the year, and staff are alerted if it moves." : null;
    }

    /** Working days after {@code from} up to and including {@code to}; negative when {@code to} is before {@code from}. */
    public int workingDaysBetween(UkDivision division, LocalDate from, LocalDate to) {
        if (!to.isAfter(from)) {
            return -(int) ChronoUnit.DAYS.between(to, from);
        }
        int count = 0;
        for (LocalDate d = from.plusDays(1); !d.isAfter(to); d = d.plusDays(1)) {
            if (engine.isWorkingDay(division, d)) {
                count++;
            }
        }
        return count;
    }

    private static Long daysBetween(LocalDate today, LocalDate due) {
        return due == null ? null : ChronoUnit.DAYS.between(today, due);
    }

    /**
     * The organisation's targets that run from receipt whatever the identity check, while the clock
     * waits for it: an acknowledgement (Empower: within 5 working days) says the request arrived and
     * needs no identity (shared/DOMAIN.md, "Time": the organisation's own target beside the
     * statutory one), and an answer in calendar days under another regime counts from receipt as that
     * regime does (11 CCR 7021(b)). An answer in UK working days waits for the clock, as the
     * statutory limit does (Art 12A).
     */
    private List<DeadlinePosition.Target> targetsFromReceipt(CaseFile file, UkDivision division,
            List<ResponseTargetSpec> targets, LocalDate today) {
        List<ResponseTargetSpec> fromReceipt = targets.stream()
                .map(t -> new ResponseTargetSpec(t.regime(), t.acknowledgeWorkingDays(), null, t.respondCalendarDays(),
                        t.extensionCalendarDays()))
                .filter(t -> t.acknowledgeWorkingDays() != null || t.respondCalendarDays() != null).toList();
        if (fromReceipt.isEmpty()) {
            return List.of();
        }
        ClockFacts received = ClockFacts.received(division,
                CaseFile.ukDate(file.receivedAt != null ? file.receivedAt : file.clockStartsAt));
        List<DeadlinePosition.Target> own = new ArrayList<>();
        for (TargetDeadline t : engine.targets(received, received.received(), fromReceipt)) {
            own.add(new DeadlinePosition.Target(t.regime(), t.kind(), t.due(),
                    file.status.open() && t.due() != null && today.isAfter(t.due())));
        }
        return own;
    }
}
