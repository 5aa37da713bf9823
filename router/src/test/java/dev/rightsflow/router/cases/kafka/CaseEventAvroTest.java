package dev.rightsflow.router.cases.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import dev.rightsflow.schemas.model.Action;
import dev.rightsflow.router.events.model.Actor;
import dev.rightsflow.router.cases.model.CaseCommand;
import dev.rightsflow.router.cases.model.CaseEvent;
import dev.rightsflow.router.registry.model.Division;
import dev.rightsflow.router.registry.model.Right;
import dev.rightsflow.router.requests.model.Request;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.ActorType;
import dev.rightsflow.schemas.avro.CloseCase;
import dev.rightsflow.schemas.avro.RequestAccepted;
import dev.rightsflow.schemas.avro.TaskAction;
import dev.rightsflow.schemas.avro.TaskCancelled;

/**
 * The case model's facts and commands in the event contract: every field of every fact survives
 * the way out and back, each fact goes to its topic, and the Avro event carries the same values
 * the router always published (event id, actor, fields).
 */
class CaseEventAvroTest {

    static final Instant AT = Instant.parse("2026-10-05T09:00:00Z");
    static final Actor STAFF = new Actor(Actor.Kind.STAFF, "alex", "me-group-25");
    final CaseEventAvro avro = new CaseEventAvro();

    @Test
    void everyFactComesBackFromItsAvroEventUnchanged() {
        List<CaseEvent> facts = List.of(
                new CaseEvent.RequestAccepted("e1", "r1", AT, Actor.ROUTER, "auto-accept"),
                new CaseEvent.RequestRefused("e2", "r1", AT, STAFF, "Art 12(5)", "repetitive"),
                new CaseEvent.ClockPaused("e3", "r1", AT, STAFF, "clarification asked", AT.minusSeconds(60)),
                new CaseEvent.ClockResumed("e4", "r1", AT, STAFF, AT.minusSeconds(30)),
                new CaseEvent.DeadlineExtended("e5", "r1", AT, STAFF, "complex", LocalDate.of(2027, 1, 4)),
                new CaseEvent.CaseClosed("e6", "r1", AT, STAFF, "withdrawn", "summary"),
                new CaseEvent.TaskCancelled("e7", "r1", AT, STAFF, "t1", "crm", Action.ERASE, "withdrawn"),
                new CaseEvent.CommandRejected("e8", "r1", AT, STAFF, "ExtendDeadline", "c1", "too late"),
                new CaseEvent.ExternalCancellationRecorded("e9", "r1", AT, Actor.ROUTER, "ext", false, "HTTP 409"),
                new CaseEvent.TriageRequired("e10", "r1", AT, Actor.ROUTER, "no rule", List.of("rip", "mes")),
                new CaseEvent.CaseOpened("e11", "r1", AT, Actor.ROUTER, "rip", Division.SCOTLAND, AT.minusSeconds(90),
                        AT.minusSeconds(60), LocalDate.of(2026, 11, 5), true),
                new CaseEvent.CaseReadyToAnswer("e12", "r1", AT, Actor.ROUTER, "2 task(s) completed"),
                new CaseEvent.DeadlineAlertRaised("e13", "r1", AT, Actor.ROUTER, "TASK_AT_RISK", "rip",
                        LocalDate.of(2026, 10, 20), "t1"),
                new CaseEvent.ControllerResolved("e14", "r1", AT, STAFF, "rip", null, "mes", true, "resolved in triage",
                        Division.ENGLAND_AND_WALES, Right.ERASURE, List.of("newsletter")),
                new CaseEvent.ControllerResolved("e15", "r1", AT, Actor.ROUTER, "rip", "site", "rip", false, "rule",
                        Division.NORTHERN_IRELAND, null, null),
                new CaseEvent.RequestForwarded("e16", "r1", AT, Actor.ROUTER,
                        new Request.Hop("mes", "ext", "r1", AT.minusSeconds(90)), "OPENDSR", "their-ref"),
                new CaseEvent.CasePlanned("e17", "r1", AT, Actor.ROUTER,
                        List.of(new CaseEvent.CasePlanned.PlannedTask("t1", "crm", Action.ERASE, "generic-rest",
                                LocalDate.of(2026, 10, 20), "CRM")),
                        List.of(new CaseEvent.CasePlanned.Exemption("crm", "invoices", "Sch 2 para 5", "kept by law")),
                        List.of(new CaseEvent.CasePlanned.Signpost("Other Ltd", "an independent controller", null))),
                new CaseEvent.TaskDispatched("e18", "r1", AT, Actor.ROUTER, "t1", "rip", "crm", "manual",
                        Map.of("systemName", "CRM"), Action.ERASE, Right.ERASURE,
                        new Request.Subject("", "alex@example.org", null, null, Map.of("member", "M-1")),
                        new Request.Details(null, null, null, null, null, false, null, List.of()), List.of("contact"),
                        LocalDate.of(2026, 11, 5), LocalDate.of(2026, 10, 20)),
                new CaseEvent.PersonalDataErased("e19", "r1", AT, Actor.ROUTER, "rip", 365, AT.minusSeconds(60),
                        "personal data erased after retention"));
        for (CaseEvent fact : facts) {
            SpecificRecord event = CaseEventAvro.toAvro(fact);
            assertThat(Events.type(event)).isEqualTo(fact.getClass().getSimpleName());
            assertThat(avro.event(event)).contains(fact);
            assertThat(CaseEventAvro.topicOf(fact)).isEqualTo(fact instanceof CaseEvent.TaskCancelled
                    || fact instanceof CaseEvent.TaskDispatched ? Topics.TASKS
                    : fact instanceof CaseEvent.DeadlineAlertRaised ? Topics.ALERTS : Topics.CASES);
        }
    }

    /** A rebuild reads a forwarding's stated due date back from its clock; an event without one (v1) has none. */
    @Test
    void aForwardingReadBackCarriesTheDueDateItsClockStated() {
        CaseEvent.RequestForwarded fact = new CaseEvent.RequestForwarded("e16", "r1", AT, Actor.ROUTER,
                new Request.Hop("mes", "ext", "r1", AT.minusSeconds(90)), "MANUAL", null);
        LocalDate due = LocalDate.of(2026, 10, 12);
        SpecificRecord stated = CaseEventAvro.address(new dev.rightsflow.router.cases.model.Outgoing(fact,
                new dev.rightsflow.router.cases.model.CaseClock(
                        dev.rightsflow.router.cases.model.CaseState.Status.FORWARDED_EXTERNALLY,
                        LocalDate.of(2026, 9, 10), due, due, false, false, List.of(), null, List.of()))).event();
        assertThat(avro.event(stated)).map(e -> ((CaseEvent.RequestForwarded) e).statedDue()).contains(due);
        assertThat(avro.event(CaseEventAvro.toAvro(fact))).map(e -> ((CaseEvent.RequestForwarded) e).statedDue())
                .isEmpty();
    }

    @Test
    void theAvroEventCarriesTheFactsValues() {
        RequestAccepted accepted = (RequestAccepted) CaseEventAvro.toAvro(
                new CaseEvent.RequestAccepted("e1", "r1", AT, Actor.ROUTER, "auto-accept"));
        assertThat(accepted).isEqualTo(RequestAccepted.newBuilder().setEventId("e1").setRequestId("r1")
                .setOccurredAt(AT).setActor(Events.service("router")).setPolicy("auto-accept").build());
        TaskCancelled cancelled = (TaskCancelled) CaseEventAvro.toAvro(
                new CaseEvent.TaskCancelled("e7", "r1", AT, STAFF, "t1", "crm", Action.ERASE, "withdrawn"));
        assertThat(cancelled.getAction()).isEqualTo(TaskAction.ERASE);
        assertThat(cancelled.getActor()).isEqualTo(Events.staff("alex", "me-group-25"));
        assertThat(cancelled.getActor().getType()).isEqualTo(ActorType.STAFF);
    }

    @Test
    void aStaffCommandIsReadWithEveryFieldTheModelDecidesOn() {
        CloseCase close = CloseCase.newBuilder().setEventId("c1").setRequestId("r1").setOccurredAt(AT)
                .setActor(Events.staff("alex", "me-group-25")).setOutcome("withdrawn").setSummary("asked by phone").build();
        assertThat(avro.command(close)).contains(new CaseCommand.CloseCase("c1", "r1", AT, STAFF, "withdrawn",
                "asked by phone"));
        assertThat(avro.command(CaseEventAvro.toAvro(new CaseEvent.CaseClosed("e6", "r1", AT, STAFF, "x", "y"))))
                .isEmpty();
    }

    @Test
    void aCommandKeptOnTheCaseComesBackUnchanged() {
        List<CaseCommand> commands = List.of(new CaseCommand.AcceptRequest("c1", "r1", AT, STAFF),
                new CaseCommand.RefuseRequest("c2", "r1", AT, STAFF, "Art 12(5)", "repetitive"),
                new CaseCommand.AskClarification("c3", "r1", AT, STAFF, "which account?"),
                new CaseCommand.RecordClarificationReceived("c4", "r1", AT, STAFF),
                new CaseCommand.ExtendDeadline("c5", "r1", AT, STAFF, "complex"),
                new CaseCommand.CloseCase("c6", "r1", AT, STAFF, "withdrawn", "asked by phone"),
                new CaseCommand.ResolveTriage("c7", "r1", AT, STAFF, "rip", null, "chosen", Right.ERASURE, false,
                        List.of("newsletter")),
                new CaseCommand.ResolveTriage("c8", "r1", AT, STAFF, "rip", "site", "unknown", null, true, List.of()));
        for (CaseCommand command : commands) {
            assertThat(avro.command(avro.encode(command))).isEqualTo(command);
            assertThat(avro.input(CaseEventAvro.toAvro(command))).isEqualTo(command);
        }
    }
}
