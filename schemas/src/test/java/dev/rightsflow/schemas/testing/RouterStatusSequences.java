package dev.rightsflow.schemas.testing;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import dev.rightsflow.schemas.CaseClocks;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.avro.CaseClock;
import dev.rightsflow.schemas.avro.CaseClosed;
import dev.rightsflow.schemas.avro.CaseOpened;
import dev.rightsflow.schemas.avro.CasePlanned;
import dev.rightsflow.schemas.avro.CaseReadyToAnswer;
import dev.rightsflow.schemas.avro.ClockPaused;
import dev.rightsflow.schemas.avro.ClockResumed;
import dev.rightsflow.schemas.avro.ControllerResolved;
import dev.rightsflow.schemas.avro.Division;
import dev.rightsflow.schemas.avro.PlannedTask;
import dev.rightsflow.schemas.avro.RequestAccepted;
import dev.rightsflow.schemas.avro.RequestRefused;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.TaskAction;
import dev.rightsflow.schemas.avro.TaskCompleted;

/**
 * One case's events as the router publishes them, each router case event with the {@code clock} it states (status and
 * deadline as they stand after it), for the tests of the services that show the router's status (intake's status page,
 * audit-log's dashboard): folding the same sequence, each must show the router's status at every step. The statuses
 * are the router's (its {@code CaseState.Status}, decided by its case fold: closed, refused, ready, planned, opened and
 * accepted or not, in that order of precedence), written out here because the sequences are where the services' own
 * folds used to disagree with it; with them, the staff commands the router's case takes at each step (its
 * {@code CaseDecisions.allowed}), which audit-log's dashboard offers. The router's {@code RouterStatusSequencesTest}
 * folds the same events through its own model and checks it states exactly these.
 */
public final class RouterStatusSequences {

    private static final Instant AT = Instant.parse("2026-09-03T10:15:00Z");
    private static final LocalDate DUE = LocalDate.parse("2026-10-05");

    /**
     * The staff commands the router's case takes while it awaits a decision with its clock running (inside the first
     * month: every sequence happens on the day it was received).
     */
    private static final List<String> AWAITING_DECISION = List.of("AcceptRequest", "RefuseRequest", "AskClarification",
            "ExtendDeadline", "CloseCase");
    /** ... once accepted, in progress, its clock running. */
    private static final List<String> IN_PROGRESS = List.of("RefuseRequest", "AskClarification", "ExtendDeadline",
            "CloseCase");

    private RouterStatusSequences() {
    }

    /**
     * One event, and the router's status and clock pause after it; {@code routerStatus} null for an event that states
     * none (the request's own, the connectors', the router's steps before it opens the case). The clock also states the
     * staff commands the router's case then takes ({@link #allowedActions}).
     */
    public record Step(SpecificRecord event, String routerStatus, boolean paused) {

        /** The same event as history written before the router stated its clock: without it. */
        /** The staff commands the router states its case takes after the event; null when it states no clock. */
        public List<String> allowedActions() {
            return CaseClocks.of(event).map(CaseClock::getAllowedActions).orElse(null);
        }

        public SpecificRecord withoutClock() {
            org.apache.avro.Schema.Field field = event.getSchema().getField(CaseClocks.FIELD);
            if (field == null) {
                return event;
            }
            SpecificRecord copy = (SpecificRecord) SpecificData.get().deepCopy(event.getSchema(), event);
            copy.put(field.pos(), null);
            return copy;
        }
    }

    /** A named sequence for one request. */
    public record Sequence(String name, String requestId, List<Step> steps) {

        @Override
        public String toString() {
            return name;
        }
    }

    /** Every sequence. */
    public static List<Sequence> all() {
        return List.of(autoAccepted(), acceptedWhileClarificationAwaited(), refusedThenClosed(),
                withdrawnWhileInProgress());
    }

    /**
     * Auto-accepted by the controller's policy: the case opens not yet accepted ({@code awaitingDecision} false, the
     * router's {@code RequestAccepted} follows at once), is planned, every task completes, it is answered and closed.
     */
    public static Sequence autoAccepted() {
        String id = "status-auto-accepted";
        List<Step> steps = new ArrayList<>(opened(id, false));
        steps.add(stated(accepted(id), "IN_PROGRESS", false, IN_PROGRESS));
        steps.add(stated(planned(id), "IN_PROGRESS", false, IN_PROGRESS));
        steps.add(new Step(completed(id), null, false));
        // answered: not refused (the request was fulfilled), no clarification; still extended or closed
        steps.add(stated(CaseReadyToAnswer.newBuilder().setEventId(Events.derivedId("ready", id)).setRequestId(id)
                .setOccurredAt(AT.plusSeconds(40)).setActor(Events.service("router"))
                .setSummary("1 task(s) completed, 0 exemption(s), 0 signpost(s): ready to answer").build(),
                "READY_TO_ANSWER", false, List.of("ExtendDeadline", "CloseCase")));
        steps.add(stated(closed(id, "answered", "The data was erased; the subject was told."), "CLOSED", false,
                List.of()));
        return new Sequence("auto-accepted, planned, ready, closed", id, steps);
    }

    /**
     * The controller decides: while the case awaits its decision a clarification is asked for (the clock stops), the
     * request is accepted while the answer is awaited, and the clarification arrives: the case is in progress.
     */
    public static Sequence acceptedWhileClarificationAwaited() {
        String id = "status-accepted-while-paused";
        List<Step> steps = new ArrayList<>(opened(id, true));
        steps.add(stated(ClockPaused.newBuilder().setEventId(Events.derivedId("paused", id)).setRequestId(id)
                .setOccurredAt(AT.plusSeconds(20)).setActor(Events.staff("dpo", "ecs")).setReason("which account?")
                .setPausedAt(AT.plusSeconds(20)).build(), "AWAITING_DECISION", true,
                List.of("AcceptRequest", "RefuseRequest", "RecordClarificationReceived", "ExtendDeadline", "CloseCase")));
        List<String> acceptedWhilePaused = List.of("RefuseRequest", "RecordClarificationReceived", "ExtendDeadline",
                "CloseCase");
        steps.add(stated(accepted(id), "IN_PROGRESS", true, acceptedWhilePaused));
        steps.add(stated(planned(id), "IN_PROGRESS", true, acceptedWhilePaused));
        steps.add(stated(ClockResumed.newBuilder().setEventId(Events.derivedId("resumed", id)).setRequestId(id)
                .setOccurredAt(AT.plusSeconds(60)).setActor(Events.staff("dpo", "ecs")).setResumedAt(AT.plusSeconds(60))
                .build(), "IN_PROGRESS", false, IN_PROGRESS));
        return new Sequence("accepted while a clarification is awaited", id, steps);
    }

    /** Refused as manifestly excessive (Art 12(5)), then closed. */
    public static Sequence refusedThenClosed() {
        String id = "status-refused";
        List<Step> steps = new ArrayList<>(opened(id, true));
        steps.add(stated(RequestRefused.newBuilder().setEventId(Events.derivedId("refused", id)).setRequestId(id)
                .setOccurredAt(AT.plusSeconds(20)).setActor(Events.staff("dpo", "ecs")).setGround("MANIFESTLY_EXCESSIVE")
                .setReason("the same request every day").build(), "REFUSED", false, List.of("CloseCase")));
        steps.add(stated(closed(id, "refused", "The refusal was sent."), "CLOSED", false, List.of()));
        return new Sequence("refused, then closed", id, steps);
    }

    /** Accepted and planned, then withdrawn by the subject. */
    public static Sequence withdrawnWhileInProgress() {
        String id = "status-withdrawn";
        List<Step> steps = new ArrayList<>(opened(id, true));
        steps.add(stated(accepted(id), "IN_PROGRESS", false, IN_PROGRESS));
        steps.add(stated(planned(id), "IN_PROGRESS", false, IN_PROGRESS));
        steps.add(stated(closed(id, "withdrawn", "You withdrew this request."), "CLOSED", false, List.of()));
        return new Sequence("withdrawn while in progress", id, steps);
    }

    /** Received (no identity check), resolved, opened: the steps every sequence begins with. */
    private static List<Step> opened(String id, boolean awaitingDecision) {
        return List.of(new Step(SampleEvents.requestReceived(id, Right.ERASURE, "ecs", "ecs-website"), null, false),
                new Step(ControllerResolved.newBuilder().setEventId(Events.derivedId("resolved", id)).setRequestId(id)
                        .setOccurredAt(AT.plusSeconds(5)).setActor(Events.service("router")).setControllerId("ecs")
                        .setServiceId("ecs-website").setReceivingOrganisationId("ecs").setReceiverIsProcessor(false)
                        .setRule("ECS controls its website").setDivision(Division.ENGLAND_AND_WALES).build(), null, false),
                // the router's status once it opened the case: awaiting a decision, even when one is not waited for
                // (RequestAccepted follows): it is not accepted yet
                stated(CaseOpened.newBuilder().setEventId(Events.derivedId("opened", id)).setRequestId(id)
                        .setOccurredAt(AT.plusSeconds(10)).setActor(Events.service("router")).setControllerId("ecs")
                        .setDivision(Division.ENGLAND_AND_WALES).setReceivedAt(AT).setClockStartsAt(AT)
                        .setStatutoryDeadline(DUE).setAwaitingDecision(awaitingDecision).build(), "AWAITING_DECISION",
                        false, AWAITING_DECISION));
    }

    private static RequestAccepted accepted(String id) {
        return RequestAccepted.newBuilder().setEventId(Events.derivedId("accepted", id)).setRequestId(id)
                .setOccurredAt(AT.plusSeconds(25)).setActor(Events.service("router"))
                .setPolicy("auto-accept: ECS accepts verified requests by policy").build();
    }

    private static CasePlanned planned(String id) {
        return CasePlanned.newBuilder().setEventId(Events.derivedId("planned", id)).setRequestId(id)
                .setOccurredAt(AT.plusSeconds(30)).setActor(Events.service("router"))
                .setTasks(List.of(PlannedTask.newBuilder().setTaskId(Events.derivedId(id, "mailchimp"))
                        .setSystemId("mailchimp").setAction(TaskAction.ERASE).setConnector("http").build()))
                .setExemptions(List.of()).setSignposts(List.of()).build();
    }

    private static TaskCompleted completed(String id) {
        return TaskCompleted.newBuilder().setEventId(Events.derivedId("completed", id)).setRequestId(id)
                .setOccurredAt(AT.plusSeconds(35)).setActor(Events.service("connectors"))
                .setTaskId(Events.derivedId(id, "mailchimp")).setSystemId("mailchimp").setAction(TaskAction.ERASE)
                .setSubjectFound(true).setSummary("1 contact deleted").build();
    }

    private static CaseClosed closed(String id, String outcome, String summary) {
        return CaseClosed.newBuilder().setEventId(Events.derivedId("closed", id)).setRequestId(id)
                .setOccurredAt(AT.plusSeconds(90)).setActor(Events.staff("dpo", "ecs")).setOutcome(outcome)
                .setSummary(summary).build();
    }

    /**
     * The event with the clock the router states with it: its status, pause and the staff commands its case takes
     * (the dates as in the sequence).
     */
    private static Step stated(SpecificRecord event, String status, boolean paused, List<String> allowedActions) {
        CaseClock clock = CaseClock.newBuilder().setStatus(status).setClockStart(LocalDate.parse("2026-09-03"))
                .setStatutoryDue(paused ? null : DUE).setMonthOneDue(paused ? null : DUE).setPaused(paused)
                .setExtended(false).setSteps(List.of("router: one month from 3 September 2026, moved off the weekend"))
                .setProvisionalReason(null).setTargets(List.of()).setAllowedActions(allowedActions).build();
        return new Step(CaseClocks.with(event, clock), status, paused);
    }
}
