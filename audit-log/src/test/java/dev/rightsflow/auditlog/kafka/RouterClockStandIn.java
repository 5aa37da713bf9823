package dev.rightsflow.auditlog.kafka;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.specific.SpecificRecord;

import dev.rightsflow.auditlog.cases.model.CaseDeadline;
import dev.rightsflow.auditlog.cases.model.CaseFile;
import dev.rightsflow.auditlog.cases.model.CaseStatus;
import dev.rightsflow.auditlog.cases.model.RouterDeadline;
import dev.rightsflow.auditlog.registry.Organisation;
import dev.rightsflow.deadline.ClockFacts;
import dev.rightsflow.deadline.DeadlineEngine;
import dev.rightsflow.deadline.ResponseTargetSpec;
import dev.rightsflow.deadline.StatutoryDeadline;
import dev.rightsflow.deadline.TargetDeadline;
import dev.rightsflow.deadline.UkDivision;
import dev.rightsflow.schemas.CaseClocks;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.avro.CaseClock;
import dev.rightsflow.schemas.avro.CaseTarget;
import dev.rightsflow.schemas.avro.OrganisationPublished;

/**
 * Stands in for the router in audit-log's tests: gives a router case event that carries no {@code clock} the
 * {@code CaseClock} the router states with it (its {@code DeadlineCalendar}: one month from the clock start, ICO
 * method, Art 12(3); the clock waiting for identity, Art 12A; clarification pauses added; three months when
 * extended; the controller's UK division's bank holidays; the organisation's own targets). audit-log itself works
 * none of this out: it shows the clock as stated. The stand-in folds every event a test sends (and the registry's
 * organisations) to know the case's facts, so tests keep sending the events they always sent; its own fold
 * takes no clock it stamps, so it stays the fold of the facts alone.
 */
public final class RouterClockStandIn {

    private static final DeadlineEngine ENGINE = DeadlineEngine.withBundledHolidays();

    private final Map<String, CaseFile> cases = new ConcurrentHashMap<>();
    private final Map<String, Organisation> organisations = new ConcurrentHashMap<>();

    /**
     * Notes the event's facts and, for a router case event without a clock, sets the clock the router would
     * state with it (the same instance is returned).
     */
    public synchronized <T extends SpecificRecord> T stamp(T event) {
        if (event instanceof OrganisationPublished o) {
            organisations.put(o.getOrganisationId(), CaseEvents.organisation(o));
            return event;
        }
        if (event.getSchema().getField("requestId") == null) {
            return event;
        }
        CaseFile file = cases.computeIfAbsent(Events.requestId(event), CaseFile::of);
        CaseEvents.effect(event).ifPresent(effect -> effect.accept(file));
        if (CaseClocks.carried(event) && CaseClocks.of(event).isEmpty()) {
            Organisation controller = file.controllerId == null ? null : organisations.get(file.controllerId);
            CaseClock clock = clock(file, controller == null ? null : controller.division(),
                    controller == null ? List.of() : controller.targets());
            return CaseClocks.with(event, clock);
        }
        return event;
    }

    /** The clock the router states for a case with these facts, in the case file's terms. */
    public static RouterDeadline stated(CaseFile file, String organisationDivision, List<ResponseTargetSpec> targets) {
        return CaseEvents.routerDeadline(clock(file, organisationDivision, targets));
    }

    /** The clock the router states for a case with these facts. */
    public static CaseClock clock(CaseFile file, String organisationDivision, List<ResponseTargetSpec> targets) {
        UkDivision division = CaseDeadline.division(file, organisationDivision);
        CaseClock.Builder clock = CaseClock.newBuilder().setStatus(routerStatus(file)).setClockStart(null)
                .setStatutoryDue(null).setMonthOneDue(null).setPaused(file.status == CaseStatus.PAUSED).setExtended(file.extended)
                .setSteps(List.of()).setProvisionalReason(null).setTargets(List.of());
        if (file.receivedAt == null && file.clockStartsAt == null) {
            return clock.build();
        }
        if (CaseDeadline.identityAwaited(file)) {
            return clock.setSteps(List.of("The one-month clock starts on the day the subject's identity is verified "
                    + "(Art 12A UK GDPR, inserted by the Data (Use and Access) Act 2025)"))
                    .setTargets(targetsFromReceipt(file, division, targets)).build();
        }
        ClockFacts facts = CaseDeadline.facts(file, division);
        StatutoryDeadline deadline = ENGINE.statutory(facts);
        StatutoryDeadline monthOne = file.extended ? ENGINE.statutory(facts.withExtended(false)) : deadline;
        List<CaseTarget> own = new ArrayList<>();
        if (!targets.isEmpty() && deadline.clockStart() != null) {
            for (TargetDeadline t : ENGINE.targets(facts, deadline.clockStart(), targets)) {
                own.add(new CaseTarget(t.regime(), t.kind(), t.due()));
            }
        }
        return clock.setClockStart(deadline.clockStart()).setStatutoryDue(deadline.due())
                .setMonthOneDue(monthOne.due()).setPaused(deadline.paused() || file.status == CaseStatus.PAUSED)
                .setSteps(deadline.steps().stream().map(s -> s.explanation()).toList())
                .setProvisionalReason(deadline.provisional() ? deadline.provisionalReason() : null).setTargets(own)
                .build();
    }

    /**
     * The status the router states, in its words ({@code CaseState.Status}): the stand-in's own fold of the events
     * the test sent (audit-log's), translated; a paused case is the status it was paused in, the clock saying paused.
     * Tests that need a status the router decides differently state the clock themselves.
     */
    static String routerStatus(CaseFile file) {
        CaseStatus status = file.status == CaseStatus.PAUSED
                ? (file.statusBeforePause == null ? CaseStatus.IN_PROGRESS : file.statusBeforePause) : file.status;
        return status == CaseStatus.FORWARDED ? "FORWARDED_EXTERNALLY" : status.name();
    }

    /** While the clock waits for identity: the targets that run from receipt (an acknowledgement, calendar days). */
    private static List<CaseTarget> targetsFromReceipt(CaseFile file, UkDivision division,
            List<ResponseTargetSpec> targets) {
        List<ResponseTargetSpec> fromReceipt = targets.stream()
                .map(t -> new ResponseTargetSpec(t.regime(), t.acknowledgeWorkingDays(), null, t.respondCalendarDays(),
                        t.extensionCalendarDays()))
                .filter(t -> t.acknowledgeWorkingDays() != null || t.respondCalendarDays() != null).toList();
        if (fromReceipt.isEmpty()) {
            return List.of();
        }
        LocalDate receivedOn = CaseFile.ukDate(file.receivedAt != null ? file.receivedAt : file.clockStartsAt);
        ClockFacts received = ClockFacts.received(division, receivedOn);
        return ENGINE.targets(received, received.received(), fromReceipt).stream()
                .map(t -> new CaseTarget(t.regime(), t.kind(), t.due())).toList();
    }
}
