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
 * A case's deadline as it stands on a given day. The router owns the deadline and publishes it with its
 * case events ({@link RouterDeadline}, from the events' {@code clock}): the position then shows the
 * router's dates, steps and targets as stated, and only adds what depends on today (days left, overdue,
 * whether an extension is still possible). Two cases keep the computation below, named as the fallback:
 * a case whose router events were written before they carried the clock ({@link #workedOutHere}), and a
 * date the router stated as provisional (bank holidays gov.uk had not published), which is worked out
 * again with the current list so a refreshed list applies at once.
 *
 * <p>The fallback works out the deadline with the shared deadline engine: one month from the
 * clock start (ICO method, Art 12(3)), the clock starting at the latest of receipt and identity
 * verification where identity was asked for (Art 12A, Art 12(6)), clarification pauses added
 * (Art 12A), three months when extended (Art 12(3)), bank holidays of the controller's UK
 * division; plus the organisation's own stricter targets. Beyond the years gov.uk has published
 * the bank holidays come from the rules: the position carries the reason as its {@code warning}
 * ("Provisional deadline: ..."), and is worked out again on every read, so a refreshed list
 * applies at once.
 */
public final class CaseDeadline {

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
        for (String candidate : new String[] {file.division, organisationDivision}) {
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
        LocalDate received = CaseFile.ukDate(file.receivedAt != null ? file.receivedAt : file.clockStartsAt);
        ClockFacts facts = ClockFacts.received(division, received);
        boolean identityAskedFor = "EMAIL_CODE".equals(file.verification) || "DOCUMENTARY".equals(file.verification);
        if (identityAskedFor && file.identityVerifiedAt != null) {
            facts = facts.withIdentityVerified(CaseFile.ukDate(file.identityVerifiedAt));
        }
        List<Pause> pauses = new ArrayList<>();
        for (CasePause p : file.pauses) {
            pauses.add(new Pause(p.from(), p.to()));
        }
        return facts.withPauses(pauses).withExtended(file.extended);
    }

    /**
     * The deadline as the router stated it with the case's last router event, unless it was provisional;
     * empty for a case whose events did not carry it (written before the router published it).
     */
    public static Optional<RouterDeadline> stated(CaseFile file) {
        return Optional.ofNullable(file.routerClock).filter(c -> c.provisionalReason() == null);
    }

    public DeadlinePosition position(CaseFile file, String organisationDivision, List<ResponseTargetSpec> targets,
            LocalDate today) {
        UkDivision division = division(file, organisationDivision);
        Optional<RouterDeadline> stated = stated(file);
        return stated.isPresent() ? asStated(file, division, stated.get(), today)
                : workedOutHere(file, division, targets, today);
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
     * FALLBACK for history written before the router published the deadline on its case events (and for a
     * provisional router date, see the class comment): the deadline worked out here from the case's facts.
     */
    private DeadlinePosition workedOutHere(CaseFile file, UkDivision division, List<ResponseTargetSpec> targets,
            LocalDate today) {
        if (file.receivedAt == null && file.clockStartsAt == null) {
            return new DeadlinePosition(division.name(), null, file.provisionalDeadline, file.provisionalDeadline,
                    List.of(), false, false, false, daysBetween(today, file.provisionalDeadline), null,
                    file.status.open() && file.provisionalDeadline != null && today.isAfter(file.provisionalDeadline),
                    List.of(), "receipt not yet known: provisional deadline shown");
        }
        if (identityAwaited(file)) {
            // Art 12A: the clock starts when the identity information asked for arrives; until then
            // there is no due date to show, only what starts it. The targets that do not wait for
            // identity still run (targetsFromReceipt).
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
}
