package dev.rightsflow.router.cases.application;

import static dev.rightsflow.deadline.UkTime.UK;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import dev.rightsflow.deadline.ClockFacts;
import dev.rightsflow.deadline.DeadlineEngine;
import dev.rightsflow.deadline.DeadlineStep;
import dev.rightsflow.deadline.Pause;
import dev.rightsflow.deadline.ResponseTargetSpec;
import dev.rightsflow.deadline.StatutoryDeadline;
import dev.rightsflow.deadline.TargetDeadline;
import dev.rightsflow.deadline.UkDivision;
import dev.rightsflow.router.cases.model.CaseClock;
import dev.rightsflow.router.cases.model.CaseCalendar;
import dev.rightsflow.router.cases.model.CaseState;
import dev.rightsflow.router.registry.model.Division;
import dev.rightsflow.router.registry.model.Organisation;
import dev.rightsflow.router.planning.model.WorkingCalendar;

/**
 * The shared deadline engine, seen from the router: the statutory deadline at case opening
 * (Art 12(3), Art 12A), the organisation's own target, the extension check, working days for
 * last safe dispatch dates, and the case's deadline as it stands ({@link #clock}), which the router
 * publishes on its case events as the one owner of that fact. Dates are UK local dates (Europe/London). The engine reads the one
 * refreshable bank-holiday source, so a refreshed gov.uk list applies from the next calculation;
 * no year is refused (years gov.uk has not published come from the rules, provisionally).
 */
public final class DeadlineCalendar implements WorkingCalendar, CaseCalendar {

    private final DeadlineEngine engine;

    public DeadlineCalendar(DeadlineEngine engine) {
        this.engine = engine;
    }

    public static LocalDate day(Instant instant) {
        return instant == null ? null : LocalDate.ofInstant(instant, UK);
    }

    @Override
    public boolean isWorkingDay(Division division, LocalDate day) {
        return engine.isWorkingDay(uk(division), day);
    }

    /** The clock facts of a case as the router knows them. */
    public ClockFacts facts(CaseState c) {
        ClockFacts facts = ClockFacts.received(uk(c.division), day(c.receivedAt));
        if (c.identityVerifiedAt != null) {
            facts = facts.withIdentityVerified(day(c.identityVerifiedAt));
        }
        List<Pause> pauses = c.pauses.stream().map(p -> new Pause(day(p.from()), day(p.to()))).toList();
        return facts.withPauses(pauses).withExtended(c.extended);
    }

    /**
     * @return the statutory due date, or null while the clock is stopped; beyond the years gov.uk
     *         has published it is computed from the rules (provisional, see {@link #statutory})
     */
    public LocalDate statutoryDue(ClockFacts facts) {
        return engine.statutory(facts).due();
    }

    /** The statutory deadline with its steps and, when provisional, the reason. */
    public StatutoryDeadline statutory(ClockFacts facts) {
        return engine.statutory(facts);
    }

    @Override
    public LocalDate statutoryDue(CaseState c) {
        return statutoryDue(facts(c));
    }

    @Override
    public LocalDate clockStart(CaseState c) {
        return facts(c).clockStart();
    }

    @Override
    public LocalDate dueFromReceipt(Division division, Instant receivedAt) {
        return statutoryDue(ClockFacts.received(uk(division), day(receivedAt)));
    }

    @Override
    public LocalDate organisationTarget(Division division, LocalDate clockStart, Integer workingDays) {
        if (workingDays == null) {
            return null;
        }
        return engine.dueDateOfOrganisationTarget(uk(division), clockStart, workingDays);
    }

    /**
     * Working days inside the case's ended clarification pauses, by which the organisation's own
     * target moves as the statutory deadline does (Art 12A stop the clock).
     */
    @Override
    public int pausedWorkingDays(CaseState c) {
        int days = 0;
        for (CaseState.PauseSpan p : c.pauses) {
            if (p.to() == null) {
                continue;
            }
            for (LocalDate d = day(p.from()); d.isBefore(day(p.to())); d = d.plusDays(1)) {
                if (isWorkingDay(c.division, d)) {
                    days++;
                }
            }
        }
        return days;
    }

    public boolean extensionAllowed(ClockFacts facts, LocalDate today) {
        return engine.extensionAllowed(facts, today);
    }

    @Override
    public LocalDate ukDay(Instant instant) {
        return day(instant);
    }

    @Override
    public boolean extensionAllowed(CaseState c, LocalDate day) {
        return extensionAllowed(facts(c), day);
    }

    @Override
    public LocalDate extendedDeadline(CaseState c) {
        return statutoryDue(facts(c).withExtended(true));
    }

    @Override
    public CaseClock clock(CaseState c, Organisation.Targets targets) {
        ClockFacts facts = facts(c);
        StatutoryDeadline deadline = engine.statutory(facts);
        LocalDate monthOne = c.extended ? engine.statutory(facts.withExtended(false)).due() : deadline.due();
        List<CaseClock.Target> own = new ArrayList<>();
        if (targets != null && deadline.clockStart() != null
                && (targets.acknowledgeWorkingDays() != null || targets.respondWorkingDays() != null)) {
            ResponseTargetSpec spec = new ResponseTargetSpec(ResponseTargetSpec.ORGANISATION_REGIME,
                    targets.acknowledgeWorkingDays(), targets.respondWorkingDays(), null, null);
            for (TargetDeadline t : engine.targets(facts, deadline.clockStart(), List.of(spec))) {
                own.add(new CaseClock.Target(t.regime(), t.kind(), t.due()));
            }
        }
        return new CaseClock(c.status(), deadline.clockStart(), deadline.due(), monthOne, deadline.paused(), c.extended,
                deadline.steps().stream().map(DeadlineStep::explanation).toList(), deadline.provisionalReason(), own);
    }

    private static UkDivision uk(Division division) {
        return UkDivision.valueOf((division == null ? Division.ENGLAND_AND_WALES : division).name());
    }
}
