package dev.rightsflow.router;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.AcceptRequest;
import dev.rightsflow.schemas.avro.AskClarification;
import dev.rightsflow.schemas.avro.CaseClock;
import dev.rightsflow.schemas.avro.CaseClosed;
import dev.rightsflow.schemas.avro.CaseOpened;
import dev.rightsflow.schemas.avro.CasePlanned;
import dev.rightsflow.schemas.avro.CaseTarget;
import dev.rightsflow.schemas.avro.ClockPaused;
import dev.rightsflow.schemas.avro.ClockResumed;
import dev.rightsflow.schemas.avro.CloseCase;
import dev.rightsflow.schemas.avro.CommandRejected;
import dev.rightsflow.schemas.avro.ControllerResolved;
import dev.rightsflow.schemas.avro.DeadlineExtended;
import dev.rightsflow.schemas.avro.ExtendDeadline;
import dev.rightsflow.schemas.avro.IdentityVerified;
import dev.rightsflow.schemas.avro.RecordClarificationReceived;
import dev.rightsflow.schemas.avro.RefuseRequest;
import dev.rightsflow.schemas.avro.RequestAccepted;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.avro.RequestRefused;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.TaskCancelled;
import dev.rightsflow.schemas.avro.TaskCompleted;
import dev.rightsflow.schemas.avro.TaskDispatched;
import dev.rightsflow.schemas.avro.TaskAction;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.avro.Actor;
import dev.rightsflow.schemas.avro.ActorType;
import dev.rightsflow.schemas.avro.VerificationMethod;
import dev.rightsflow.schemas.testing.SampleEvents;

/**
 * The controller's decisions through Kafka: staff commands on the commands topic and their
 * outcomes on the cases topic (a command the case's state does not allow is answered with
 * {@code CommandRejected}, never dropped), waiting for identity before the case opens, and
 * repeated requests kept as linked cases for staff to decide.
 */
class RouterCaseDecisionsTest extends RouterKafkaTest {

    /** Empower decides every request itself (no auto-accept); erasure needs no identity check there. */
    private RequestReceived empowerErasure(String requestId) throws Exception {
        RequestReceived request = SampleEvents.requestReceived(requestId, Right.ERASURE, "empower", "empower-mentoring");
        send(Topics.REQUESTS, requestId, request);
        CaseOpened opened = awaitOne(Topics.CASES, requestId, CaseOpened.class);
        assertThat(opened.getAwaitingDecision()).isTrue();
        awaitCase(requestId, c -> c.jsonPath("$.status").isEqualTo("AWAITING_DECISION"));
        return request;
    }

    @Test
    void empowerRequestWaitsForStaffAcceptanceThenIsPlannedAndDispatched() throws Exception {
        String requestId = "req-empower-accept";
        empowerErasure(requestId);
        assertThat(events(Topics.CASES, requestId, RequestAccepted.class)).isEmpty();
        assertThat(events(Topics.TASKS, requestId, TaskDispatched.class)).isEmpty();

        send(Topics.CASE_COMMANDS, requestId, AcceptRequest.newBuilder().setEventId("cmd-accept-1")
                .setRequestId(requestId).setOccurredAt(at("2026-09-04T09:00:00Z")).setActor(dpo("empower")).build());

        RequestAccepted accepted = awaitOne(Topics.CASES, requestId, RequestAccepted.class);
        assertThat(accepted.getActor().getId()).isEqualTo("dpo");
        assertThat(accepted.getPolicy()).contains("accepted by staff");
        CasePlanned planned = awaitOne(Topics.CASES, requestId, CasePlanned.class);
        assertThat(planned.getExemptions()).anySatisfy(e -> assertThat(e.getLegalBasis()).contains("Art 17(3)"));
        assertThat(events(Topics.TASKS, requestId, TaskDispatched.class)).hasSize(planned.getTasks().size());

        send(Topics.CASE_COMMANDS, requestId, AcceptRequest.newBuilder().setEventId("cmd-accept-2")
                .setRequestId(requestId).setOccurredAt(at("2026-09-04T09:05:00Z")).setActor(dpo("empower")).build());
        CommandRejected again = awaitOne(Topics.CASES, requestId, CommandRejected.class);
        assertThat(again.getCommand()).isEqualTo("AcceptRequest");
        assertThat(again.getCommandEventId()).isEqualTo("cmd-accept-2");
        assertThat(again.getReason()).contains("already accepted");
        assertThat(events(Topics.CASES, requestId, RequestAccepted.class)).hasSize(1);
    }

    @Test
    void refusedRequestGetsNoTasksAndALaterAcceptanceIsRejectedVisibly() throws Exception {
        String requestId = "req-empower-refuse";
        empowerErasure(requestId);
        send(Topics.CASE_COMMANDS, requestId, RefuseRequest.newBuilder().setEventId("cmd-refuse-1")
                .setRequestId(requestId).setOccurredAt(at("2026-09-05T10:00:00Z")).setActor(dpo("empower"))
                .setGround("MANIFESTLY_EXCESSIVE").setReason("Fourth identical request this month (Art 12(5))").build());
        RequestRefused refused = awaitOne(Topics.CASES, requestId, RequestRefused.class);
        assertThat(refused.getGround()).isEqualTo("MANIFESTLY_EXCESSIVE");
        awaitCase(requestId, c -> c.jsonPath("$.status").isEqualTo("REFUSED"));

        send(Topics.CASE_COMMANDS, requestId, AcceptRequest.newBuilder().setEventId("cmd-accept-after-refusal")
                .setRequestId(requestId).setOccurredAt(at("2026-09-05T11:00:00Z")).setActor(dpo("empower")).build());
        CommandRejected rejected = awaitOne(Topics.CASES, requestId, CommandRejected.class);
        assertThat(rejected.getReason()).contains("refused");
        awaitCase(requestId, c -> c.jsonPath("$.lastRejection").value(v -> assertThat((String) v)
                .startsWith("AcceptRequest")));
        assertThat(events(Topics.CASES, requestId, RequestAccepted.class)).isEmpty();
        assertThat(events(Topics.TASKS, requestId, TaskDispatched.class)).isEmpty();
    }

    @Test
    void clarificationStopsTheClockAndItsReceiptRestartsItWithALaterDeadline() throws Exception {
        String requestId = "req-empower-clarify";
        empowerErasure(requestId);
        CaseOpened opened = awaitOne(Topics.CASES, requestId, CaseOpened.class);
        LocalDate before = opened.getStatutoryDeadline();
        // the router publishes the deadline as it stands with the event: intake and audit-log show it as is
        CaseClock atOpening = opened.getClock();
        assertThat(atOpening.getStatus()).isEqualTo("AWAITING_DECISION");
        assertThat(atOpening.getStatutoryDue()).isEqualTo(before);
        assertThat(atOpening.getMonthOneDue()).isEqualTo(before);
        assertThat(atOpening.getPaused()).isFalse();
        assertThat(atOpening.getSteps()).isNotEmpty().last().asString().startsWith("Due ");
        assertThat(atOpening.getTargets()).extracting(CaseTarget::getKind).containsExactly("acknowledge", "respond");

        send(Topics.CASE_COMMANDS, requestId, AskClarification.newBuilder().setEventId("cmd-ask-1")
                .setRequestId(requestId).setOccurredAt(at("2026-09-07T09:00:00Z")).setActor(dpo("empower"))
                .setQuestion("Which years of mentoring records do you mean?").build());
        ClockPaused paused = awaitOne(Topics.CASES, requestId, ClockPaused.class);
        assertThat(paused.getPausedAt()).isEqualTo(at("2026-09-07T09:00:00Z"));
        assertThat(paused.getReason()).contains("Art 12A");
        assertThat(paused.getClock().getPaused()).isTrue();
        assertThat(paused.getClock().getStatutoryDue()).isNull();
        awaitCase(requestId, c -> c.jsonPath("$.paused").isEqualTo(true));

        send(Topics.CASE_COMMANDS, requestId, RecordClarificationReceived.newBuilder().setEventId("cmd-received-1")
                .setRequestId(requestId).setOccurredAt(at("2026-09-14T09:00:00Z")).setActor(dpo("empower")).build());
        ClockResumed resumed = awaitOne(Topics.CASES, requestId, ClockResumed.class);
        assertThat(resumed.getResumedAt()).isEqualTo(at("2026-09-14T09:00:00Z"));
        awaitCase(requestId, c -> c.jsonPath("$.paused").isEqualTo(false)
                .jsonPath("$.statutoryDeadline").value(d -> assertThat(LocalDate.parse((String) d)).isAfter(before))
                .jsonPath("$.statutoryDeadline").isEqualTo(String.valueOf(resumed.getClock().getStatutoryDue())));
        assertThat(resumed.getClock().getPaused()).isFalse();
        assertThat(resumed.getClock().getSteps()).anyMatch(step -> step.contains("clock was stopped"));

        send(Topics.CASE_COMMANDS, requestId, RecordClarificationReceived.newBuilder().setEventId("cmd-received-2")
                .setRequestId(requestId).setOccurredAt(at("2026-09-15T09:00:00Z")).setActor(dpo("empower")).build());
        CommandRejected rejected = awaitOne(Topics.CASES, requestId, CommandRejected.class);
        assertThat(rejected.getCommand()).isEqualTo("RecordClarificationReceived");
        assertThat(events(Topics.CASES, requestId, ClockResumed.class)).hasSize(1);
    }

    @Test
    void extensionIsGrantedInsideTheFirstMonthAndRejectedAfterIt() throws Exception {
        String inTime = "req-extend-in-time";
        empowerErasure(inTime);
        send(Topics.CASE_COMMANDS, inTime, ExtendDeadline.newBuilder().setEventId("cmd-extend-1").setRequestId(inTime)
                .setOccurredAt(at("2026-09-20T09:00:00Z")).setActor(dpo("empower"))
                .setReason("Complex: records at three sub-processors").build());
        DeadlineExtended extended = awaitOne(Topics.CASES, inTime, DeadlineExtended.class);
        assertThat(extended.getNewDeadline()).isAfter(LocalDate.of(2026, 11, 30));
        assertThat(extended.getReason()).contains("Complex");
        assertThat(extended.getClock().getExtended()).isTrue();
        assertThat(extended.getClock().getStatutoryDue()).isEqualTo(extended.getNewDeadline());
        assertThat(extended.getClock().getMonthOneDue())
                .isEqualTo(awaitOne(Topics.CASES, inTime, CaseOpened.class).getStatutoryDeadline());
        awaitCase(inTime, c -> c.jsonPath("$.extended").isEqualTo(true)
                .jsonPath("$.workingDeadline").isEqualTo(extended.getNewDeadline().toString()));

        String late = "req-extend-late";
        empowerErasure(late);
        send(Topics.CASE_COMMANDS, late, ExtendDeadline.newBuilder().setEventId("cmd-extend-late").setRequestId(late)
                .setOccurredAt(at("2026-10-20T09:00:00Z")).setActor(dpo("empower"))
                .setReason("Complex").build());
        CommandRejected rejected = awaitOne(Topics.CASES, late, CommandRejected.class);
        assertThat(rejected.getCommand()).isEqualTo("ExtendDeadline");
        assertThat(rejected.getReason()).contains("first month").contains("Art 12(3)");
        assertThat(rejected.getActor().getId()).isEqualTo("dpo");
        assertThat(events(Topics.CASES, late, DeadlineExtended.class)).isEmpty();
    }

    @Test
    void closingClosesOnceAndASecondCloseIsRejected() throws Exception {
        String requestId = "req-empower-close";
        empowerErasure(requestId);
        send(Topics.CASE_COMMANDS, requestId, CloseCase.newBuilder().setEventId("cmd-close-1").setRequestId(requestId)
                .setOccurredAt(at("2026-09-08T09:00:00Z")).setActor(dpo("empower")).setOutcome("WITHDRAWN")
                .setSummary("The subject withdrew the request by phone").build());
        CaseClosed closed = awaitOne(Topics.CASES, requestId, CaseClosed.class);
        assertThat(closed.getOutcome()).isEqualTo("WITHDRAWN");
        awaitCase(requestId, c -> c.jsonPath("$.status").isEqualTo("CLOSED"));
        send(Topics.CASE_COMMANDS, requestId, CloseCase.newBuilder().setEventId("cmd-close-2").setRequestId(requestId)
                .setOccurredAt(at("2026-09-08T10:00:00Z")).setActor(dpo("empower")).setOutcome("WITHDRAWN")
                .setSummary("again").build());
        assertThat(awaitOne(Topics.CASES, requestId, CommandRejected.class).getReason()).contains("already closed");
        assertThat(events(Topics.CASES, requestId, CaseClosed.class)).hasSize(1);
    }

    @Test
    void aWithdrawalCancelsEveryTaskNotDoneAndKeepsACompletedErasureDone() throws Exception {
        String requestId = "req-empower-withdrawn";
        empowerErasure(requestId);
        send(Topics.CASE_COMMANDS, requestId, AcceptRequest.newBuilder().setEventId("cmd-accept-w")
                .setRequestId(requestId).setOccurredAt(at("2026-09-04T09:00:00Z")).setActor(dpo("empower")).build());
        CasePlanned planned = awaitOne(Topics.CASES, requestId, CasePlanned.class);
        java.util.List<TaskDispatched> dispatched = events(Topics.TASKS, requestId, TaskDispatched.class);
        assertThat(dispatched).hasSizeGreaterThan(1);
        TaskDispatched erasure = dispatched.stream().filter(t -> t.getAction() == TaskAction.ERASE).findFirst().orElseThrow();
        send(Topics.TASK_RESULTS, requestId, TaskCompleted.newBuilder().setEventId("done-" + erasure.getTaskId())
                .setRequestId(requestId).setOccurredAt(at("2026-09-05T09:00:00Z"))
                .setActor(new Actor(ActorType.SYSTEM, "connectors", null)).setTaskId(erasure.getTaskId())
                .setSystemId(erasure.getSystemId()).setAction(erasure.getAction()).setSubjectFound(true)
                .setSummary("deleted").build());
        awaitCase(requestId, c -> c.jsonPath("$.tasks[?(@.taskId=='" + erasure.getTaskId() + "')].outcome")
                .isEqualTo(java.util.List.of("COMPLETED")));

        send(Topics.CASE_COMMANDS, requestId, CloseCase.newBuilder().setEventId("cmd-withdraw-1").setRequestId(requestId)
                .setOccurredAt(at("2026-09-06T09:00:00Z")).setActor(new Actor(ActorType.CITIZEN, "subject", null))
                .setOutcome("withdrawn").setSummary("You withdrew this request.").build());
        CaseClosed closed = awaitOne(Topics.CASES, requestId, CaseClosed.class);
        assertThat(closed.getSummary()).contains("You withdrew this request.")
                .contains("not undone: erase in " + erasure.getSystemId()).contains("a completed erasure cannot be undone");
        java.util.List<TaskCancelled> cancelled = events(Topics.TASKS, requestId, TaskCancelled.class);
        assertThat(cancelled).extracting(t -> t.getTaskId()).containsExactlyInAnyOrderElementsOf(dispatched.stream()
                .map(TaskDispatched::getTaskId).filter(id -> !id.equals(erasure.getTaskId())).toList());
        assertThat(cancelled).allSatisfy(t -> {
            assertThat(t.getReason()).isEqualTo("the request was withdrawn (by the subject)");
            assertThat(t.getEventId()).isEqualTo(Events.derivedId(t.getTaskId(), "TaskCancelled"));
        });
        awaitCase(requestId, c -> c.jsonPath("$.status").isEqualTo("CLOSED")
                .jsonPath("$.tasks[?(@.outcome=='CANCELLED')]").value(v ->
                        assertThat((java.util.List<?>) v).hasSize(cancelled.size())));
        assertThat(planned.getTasks()).hasSize(dispatched.size());

        // The same command again (a resubmitted withdrawal) changes nothing.
        send(Topics.CASE_COMMANDS, requestId, CloseCase.newBuilder().setEventId("cmd-withdraw-1").setRequestId(requestId)
                .setOccurredAt(at("2026-09-06T09:00:00Z")).setActor(new Actor(ActorType.CITIZEN, "subject", null))
                .setOutcome("withdrawn").setSummary("You withdrew this request.").build());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(30)).until(() ->
                events(Topics.TASKS, requestId, TaskCancelled.class).size() == cancelled.size()
                        && events(Topics.CASES, requestId, CaseClosed.class).size() == 1
                        && events(Topics.CASES, requestId, CommandRejected.class).isEmpty());
    }

    /** The request resolves but waits, unopened, until {@code verified} arrives (Art 12(6)); then it opens. */
    private CaseOpened openedOnlyOnceVerified(RequestReceived request, IdentityVerified verified) throws Exception {
        String requestId = request.getRequestId();
        send(Topics.REQUESTS, requestId, request);
        awaitOne(Topics.CASES, requestId, ControllerResolved.class);
        awaitCase(requestId, c -> c.jsonPath("$.status").isEqualTo("AWAITING_IDENTITY"));
        assertThat(events(Topics.CASES, requestId, CaseOpened.class)).isEmpty();
        send(Topics.REQUESTS, requestId, verified);
        return awaitOne(Topics.CASES, requestId, CaseOpened.class);
    }

    @Test
    void emailCodeVerificationHoldsTheCaseUntilIdentityIsVerifiedAndTheClockStartsThen() throws Exception {
        String requestId = "req-identity-email";
        RequestReceived request = RequestReceived.newBuilder(
                SampleEvents.requestReceived(requestId, Right.ACCESS, "me-group-25", "me-group-membership"))
                .setVerification(VerificationMethod.EMAIL_CODE).build();
        CaseOpened opened = openedOnlyOnceVerified(request, IdentityVerified.newBuilder().setEventId("verified-email-1")
                .setRequestId(requestId).setOccurredAt(at("2026-09-05T08:30:00Z"))
                .setActor(request.getActor()).setMethod(VerificationMethod.EMAIL_CODE)
                .setVerifiedAt(at("2026-09-05T08:30:00Z")).build());
        assertThat(opened.getClockStartsAt()).isEqualTo(at("2026-09-05T08:30:00Z"));
        assertThat(opened.getReceivedAt()).isEqualTo(request.getReceivedAt());
        assertThat(opened.getStatutoryDeadline()).isEqualTo(LocalDate.of(2026, 10, 5));
        awaitOne(Topics.CASES, requestId, CasePlanned.class);
    }

    @Test
    void documentaryVerificationHoldsTheCaseUntilStaffConfirmedIdentity() throws Exception {
        String requestId = "req-identity-documents";
        RequestReceived request = RequestReceived.newBuilder(
                SampleEvents.requestReceived(requestId, Right.ACCESS, "empower", "empower-mentoring"))
                .setVerification(VerificationMethod.DOCUMENTARY).build();
        CaseOpened opened = openedOnlyOnceVerified(request, IdentityVerified.newBuilder().setEventId("verified-docs-1")
                .setRequestId(requestId).setOccurredAt(at("2026-09-10T14:00:00Z")).setActor(dpo("empower"))
                .setMethod(VerificationMethod.DOCUMENTARY).setVerifiedAt(at("2026-09-10T14:00:00Z"))
                .setEvidence("passport seen on video call").build());
        assertThat(opened.getClockStartsAt()).isEqualTo(at("2026-09-10T14:00:00Z"));
        assertThat(opened.getStatutoryDeadline()).isEqualTo(LocalDate.of(2026, 10, 12));
        assertThat(opened.getAwaitingDecision()).isTrue();
    }

    @Test
    void repeatedRequestIsLinkedToTheFirstAndHeldForStaffInsteadOfMergedOrAutoAccepted() throws Exception {
        String first = "req-repeat-first";
        send(Topics.REQUESTS, first, SampleEvents.requestReceived(first, Right.ERASURE, "mes", "mes-corporate-website"));
        awaitOne(Topics.CASES, first, CasePlanned.class);

        String repeat = "req-repeat-second";
        send(Topics.REQUESTS, repeat, RequestReceived.newBuilder(
                SampleEvents.requestReceived(repeat, Right.ERASURE, "mes", "mes-corporate-website"))
                .setDuplicateOf(first).build());
        ControllerResolved resolved = awaitOne(Topics.CASES, repeat, ControllerResolved.class);
        assertThat(resolved.getControllerId()).isEqualTo("mes");
        assertThat(resolved.getRule()).contains("repeats request " + first).contains("Art 12(5)");
        CaseOpened opened = awaitOne(Topics.CASES, repeat, CaseOpened.class);
        assertThat(opened.getAwaitingDecision()).isTrue();
        awaitCase(repeat, c -> c.jsonPath("$.status").isEqualTo("AWAITING_DECISION")
                .jsonPath("$.duplicateOf").isEqualTo(first));
        assertThat(events(Topics.TASKS, repeat, TaskDispatched.class)).isEmpty();
        assertThat(events(Topics.CASES, first, CasePlanned.class)).hasSize(1);
    }
}
