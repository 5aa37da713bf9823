package dev.rightsflow.auditlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.AskClarification;
import dev.rightsflow.schemas.avro.CaseClosed;
import dev.rightsflow.schemas.avro.ClockPaused;
import dev.rightsflow.schemas.avro.ClockResumed;
import dev.rightsflow.schemas.avro.CloseCase;
import dev.rightsflow.schemas.avro.CommandRejected;
import dev.rightsflow.schemas.avro.ConfirmIdentity;
import dev.rightsflow.schemas.avro.Division;
import dev.rightsflow.schemas.avro.ExtendDeadline;
import dev.rightsflow.schemas.avro.IdentityVerified;
import dev.rightsflow.schemas.avro.PlannedTask;
import dev.rightsflow.schemas.avro.RecordClarificationReceived;
import dev.rightsflow.schemas.avro.RefuseRequest;
import dev.rightsflow.schemas.avro.RequestRefused;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.avro.ResolveTriage;
import dev.rightsflow.schemas.avro.RetryTask;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.TaskAction;
import dev.rightsflow.schemas.avro.TaskFailed;
import dev.rightsflow.schemas.avro.TriageRequired;
import dev.rightsflow.schemas.avro.VerificationMethod;

/**
 * Each staff action end to end, as staff experience it: the action through the JSON API, the
 * command on CASE_COMMANDS, the responsible service's resulting event back through Kafka, and the
 * case as the API then shows it. The router and processor-connectors are not in this context: the
 * test reads each command from the topic and publishes the event those services answer with.
 */
class StaffActionRoundTripTest extends AuditLogIntegrationTest {

    private static final Instant RECEIVED = Instant.parse("2026-09-03T10:15:00Z");

    /** Takes an action through the API: 202 and the command's name, or the test fails. */
    private void act(String user, String id, String action, Map<String, Object> body, String command) {
        as(user).post().uri("/api/v1/dashboard/cases/{id}/actions/{action}", id, action)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isAccepted().expectBody().jsonPath("$.command").isEqualTo(command);
    }

    /** The command the action published, as the responsible service reads it off CASE_COMMANDS. */
    private <T extends SpecificRecord> T command(String id, Class<T> type) {
        List<SpecificRecord> commands = await().atMost(Duration.ofSeconds(20)).until(() -> topic(Topics.CASE_COMMANDS)
                .stream().filter(c -> id.equals(Events.requestId(c)) && type.isInstance(c)).toList(), l -> !l.isEmpty());
        assertThat(commands).hasSize(1);
        return type.cast(commands.get(0));
    }

    /** Waits until the case as the API shows it to {@code user} satisfies the assertions. */
    private void caseShows(String user, String id, Consumer<WebTestClient.BodyContentSpec> expectations) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> expectations.accept(as(user).get()
                .uri("/api/v1/dashboard/cases/{id}", id).exchange().expectStatus().isOk().expectBody()));
    }

    private String awaitingDecision(String controller, String user) {
        String id = openCase(controller, Division.ENGLAND_AND_WALES, RECEIVED, true);
        caseShows(user, id, b -> b.jsonPath("$.file.status").isEqualTo("AWAITING_DECISION"));
        return id;
    }

    @Test
    void askingForClarificationStopsTheClockAndRecordingTheAnswerGivesTheNewDeadline() {
        String id = awaitingDecision("ecs", "demo-ecs");
        caseShows("demo-ecs", id, b -> b.jsonPath("$.deadline.statutoryDue").isEqualTo("2026-10-05"));

        act("demo-ecs", id, "ask-clarification", Map.of("question", "Which of our services do you mean?"),
                "AskClarification");
        AskClarification asked = command(id, AskClarification.class);
        assertThat(asked.getQuestion()).isEqualTo("Which of our services do you mean?");
        assertThat(Events.actor(asked).getId()).isEqualTo("demo-ecs");
        // the router stops the clock
        send(Topics.CASES, new ClockPaused(Events.derivedId("paused", id), id, Instant.parse("2026-09-07T09:00:00Z"),
                SeedFlow.router(), asked.getQuestion(), Instant.parse("2026-09-07T09:00:00Z"), null));
        caseShows("demo-ecs", id, b -> b.jsonPath("$.file.status").isEqualTo("PAUSED")
                .jsonPath("$.deadline.paused").isEqualTo(true)
                .jsonPath("$.deadline.statutoryDue").doesNotExist()
                .jsonPath("$.file.pauses[0].from").isEqualTo("2026-09-07")
                .jsonPath("$.file.pauses[0].to").doesNotExist());
        // a second question while one is awaited is refused, and nothing is sent
        as("demo-ecs").post().uri("/api/v1/dashboard/cases/{id}/actions/ask-clarification", id)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("question", "And which years?")).exchange()
                .expectStatus().isEqualTo(409);

        act("demo-ecs", id, "record-clarification", Map.of("note", "the membership site only"),
                "RecordClarificationReceived");
        assertThat(command(id, RecordClarificationReceived.class).getNote()).isEqualTo("the membership site only");
        // the router restarts the clock: 7 to 10 September stopped, three days added to 3 October
        send(Topics.CASES, new ClockResumed(Events.derivedId("resumed", id), id, Instant.parse("2026-09-10T09:00:00Z"),
                SeedFlow.router(), Instant.parse("2026-09-10T09:00:00Z"), null));
        caseShows("demo-ecs", id, b -> b.jsonPath("$.file.status").isEqualTo("AWAITING_DECISION")
                .jsonPath("$.deadline.paused").isEqualTo(false)
                .jsonPath("$.deadline.statutoryDue").isEqualTo("2026-10-06")
                .jsonPath("$.file.pauses[0].to").isEqualTo("2026-09-10"));
    }

    @Test
    void refusingSendsTheGroundAndReasonAndTheCaseShowsTheRefusal() {
        String id = awaitingDecision("ecs", "demo-ecs");
        act("demo-ecs", id, "refuse", Map.of("ground", "manifestly excessive",
                "reason", "the same request was answered in full on 1 September"), "RefuseRequest");
        RefuseRequest refuse = command(id, RefuseRequest.class);
        assertThat(refuse.getGround()).isEqualTo("manifestly excessive");
        assertThat(refuse.getReason()).isEqualTo("the same request was answered in full on 1 September");

        send(Topics.CASES, new RequestRefused(Events.derivedId("refused", id), id, Instant.parse("2026-09-07T10:00:00Z"),
                Events.staff("demo-ecs", "ecs"), refuse.getGround(), refuse.getReason(), null));
        caseShows("demo-ecs", id, b -> b.jsonPath("$.file.status").isEqualTo("REFUSED")
                .jsonPath("$.file.refusalGround").isEqualTo("manifestly excessive")
                .jsonPath("$.file.refusalReason").isEqualTo("the same request was answered in full on 1 September"));
        // a refused case takes no further decision
        as("demo-ecs").post().uri("/api/v1/dashboard/cases/{id}/actions/accept", id)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of()).exchange().expectStatus().isEqualTo(409);
    }

    @Test
    void retryingAFailedTaskSendsRetryTaskAndTheCaseShowsTheTaskCompleted() {
        String id = awaitingDecision("ecs", "demo-ecs");
        PlannedTask crm = SeedFlow.task(id, "crm", TaskAction.ERASE, "crm-http", LocalDate.parse("2026-09-28"));
        send(Topics.CASES, SeedFlow.accepted(id, Instant.parse("2026-09-04T09:00:00Z")));
        send(Topics.CASES, SeedFlow.planned(id, Instant.parse("2026-09-04T09:00:01Z"), List.of(crm)));
        send(Topics.TASKS, SeedFlow.dispatched(id, crm, "ecs", Instant.parse("2026-09-04T09:00:02Z"),
                LocalDate.parse("2026-10-05")));
        caseShows("demo-ecs", id, b -> b.jsonPath("$.file.tasks[0].state").isEqualTo("DISPATCHED"));
        // only a failed task may be retried
        as("demo-ecs").post().uri("/api/v1/dashboard/cases/{id}/actions/retry-task", id)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("taskId", crm.getTaskId())).exchange()
                .expectStatus().isEqualTo(409);

        send(Topics.TASK_RESULTS, new TaskFailed(Events.derivedId("failed", crm.getTaskId()), id,
                Instant.parse("2026-09-04T09:05:00Z"), Events.service("processor-connectors"), crm.getTaskId(),
                crm.getSystemId(), crm.getAction(), true, "HTTP 503 from the CRM after 5 attempts", 5));
        caseShows("demo-ecs", id, b -> b.jsonPath("$.file.tasks[0].state").isEqualTo("FAILED")
                .jsonPath("$.file.tasks[0].attempts").isEqualTo(5));

        act("demo-ecs", id, "retry-task", Map.of("taskId", crm.getTaskId()), "RetryTask");
        assertThat(command(id, RetryTask.class).getTaskId()).isEqualTo(crm.getTaskId());
        // processor-connectors runs it again
        send(Topics.TASK_RESULTS, SeedFlow.completed(id, crm, Instant.parse("2026-09-07T09:30:00Z")));
        caseShows("demo-ecs", id, b -> b.jsonPath("$.file.tasks[0].state").isEqualTo("COMPLETED")
                .jsonPath("$.file.tasks[0].recordsAffected").isEqualTo(3));
    }

    @Test
    void confirmingDocumentaryIdentityStartsTheClockOnTheDayItWasVerified() {
        String id = "rip-" + java.util.UUID.randomUUID();
        send(Topics.REQUESTS, SeedFlow.received(id, Right.ACCESS, "rip", RECEIVED, VerificationMethod.DOCUMENTARY, null));
        send(Topics.CASES, SeedFlow.resolved(id, "rip", "rip", Division.ENGLAND_AND_WALES, RECEIVED));
        caseShows("demo-rip", id, b -> b.jsonPath("$.file.status").isEqualTo("AWAITING_IDENTITY"));

        act("demo-rip", id, "confirm-identity", Map.of("evidence", "passport seen on video call, number not kept"),
                "ConfirmIdentity");
        ConfirmIdentity confirm = command(id, ConfirmIdentity.class);
        assertThat(confirm.getEvidence()).isEqualTo("passport seen on video call, number not kept");

        // intake records the verification, the router opens the case with the clock starting then
        Instant verified = Instant.parse("2026-09-08T10:00:00Z");
        send(Topics.REQUESTS, new IdentityVerified(Events.derivedId("verified", id), id, verified,
                Events.staff("demo-rip", "rip"), VerificationMethod.DOCUMENTARY, verified, confirm.getEvidence()));
        send(Topics.CASES, SeedFlow.opened(id, "rip", Division.ENGLAND_AND_WALES, RECEIVED, verified,
                LocalDate.parse("2026-10-08"), true));
        caseShows("demo-rip", id, b -> b.jsonPath("$.file.status").isEqualTo("AWAITING_DECISION")
                .jsonPath("$.file.identityVerifiedAt").exists()
                .jsonPath("$.deadline.clockStart").isEqualTo("2026-09-08")
                .jsonPath("$.deadline.statutoryDue").isEqualTo("2026-10-08"));
        // identity is confirmed once
        as("demo-rip").post().uri("/api/v1/dashboard/cases/{id}/actions/confirm-identity", id)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("evidence", "again")).exchange()
                .expectStatus().isEqualTo(409);
    }

    @Test
    void resolvingTriageNamesTheControllerAndTheCaseLeavesTheTriageQueue() {
        String id = "mes-" + java.util.UUID.randomUUID();
        send(Topics.REQUESTS, SeedFlow.received(id, Right.ERASURE, "mes", RECEIVED, VerificationMethod.NONE, null));
        send(Topics.CASES, new TriageRequired(Events.derivedId("triage", id), id, RECEIVED, SeedFlow.router(),
                "no service named; MES runs membership sites for several trusts",
                List.of("northshire-nhs-ft", "mes")));
        caseShows("demo-mes", id, b -> b.jsonPath("$.file.status").isEqualTo("TRIAGE"));
        as("demo-mes").post().uri("/api/v1/dashboard/cases/{id}/actions/resolve-triage", id)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("controllerId", "nowhere-trust", "note", "membership")).exchange()
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.errors[0].field").isEqualTo("controllerId");

        act("demo-mes", id, "resolve-triage", Map.of("controllerId", "northshire-nhs-ft",
                "serviceId", "mes-membership-northshire", "note", "the subject is a Northshire member"), "ResolveTriage");
        ResolveTriage resolve = command(id, ResolveTriage.class);
        assertThat(resolve.getControllerId()).isEqualTo("northshire-nhs-ft");
        assertThat(resolve.getServiceId()).isEqualTo("mes-membership-northshire");

        send(Topics.CASES, SeedFlow.resolved(id, "northshire-nhs-ft", "mes", Division.ENGLAND_AND_WALES,
                Instant.parse("2026-09-07T09:00:00Z")));
        caseShows("demo-mes", id, b -> b.jsonPath("$.file.status").isEqualTo("RECEIVED")
                .jsonPath("$.file.controllerId").isEqualTo("northshire-nhs-ft")
                .jsonPath("$.file.triageReason").doesNotExist()
                .jsonPath("$.processorNames[0]").isEqualTo("Membership Engagement Services Ltd (MES)"));
    }

    @Test
    void triageOfAMailThatNamedNoRightAsksForTheRightAndCarriesTheChosenOne() {
        String id = "mail-" + java.util.UUID.randomUUID();
        send(Topics.REQUESTS, RequestReceived.newBuilder(SeedFlow.received(id, Right.UNKNOWN, "me-group-25", RECEIVED,
                VerificationMethod.NONE, null)).setChannel(dev.rightsflow.schemas.avro.Channel.EMAIL).build());
        send(Topics.CASES, new TriageRequired(Events.derivedId("triage", id), id, RECEIVED, SeedFlow.router(),
                "the request does not say which right it exercises", List.of("me-group-25")));
        caseShows("demo-me-group", id, b -> b.jsonPath("$.file.status").isEqualTo("TRIAGE"));
        as("demo-me-group").post().uri("/api/v1/dashboard/cases/{id}/actions/resolve-triage", id)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("controllerId", "me-group-25", "note", "a member")).exchange()
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.errors[0].field").isEqualTo("right");

        act("demo-me-group", id, "resolve-triage", Map.of("controllerId", "me-group-25", "right", "consent_withdrawal",
                "note", "the mail withdraws consent to the contact list"), "ResolveTriage");
        assertThat(command(id, ResolveTriage.class).getRight()).isEqualTo(Right.CONSENT_WITHDRAWAL);
    }

    @Test
    void closingSendsTheOutcomeAndTheCaseIsClosedWithIt() {
        String id = awaitingDecision("empower", "demo-empower");
        act("demo-empower", id, "close", Map.of("outcome", "answered", "summary", "copy of records sent by post"),
                "CloseCase");
        CloseCase close = command(id, CloseCase.class);
        assertThat(close.getOutcome()).isEqualTo("answered");
        assertThat(close.getSummary()).isEqualTo("copy of records sent by post");

        send(Topics.CASES, new CaseClosed(Events.derivedId("closed", id), id, Instant.parse("2026-09-20T10:00:00Z"),
                Events.staff("demo-empower", "empower"), close.getOutcome(), close.getSummary(), null));
        caseShows("demo-empower", id, b -> b.jsonPath("$.file.status").isEqualTo("CLOSED")
                .jsonPath("$.file.outcome").isEqualTo("answered"));
        as("demo-empower").get().uri("/api/v1/dashboard/cases").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.file.requestId == '" + id + "')]").doesNotExist();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCommandTheRouterTurnsDownIsShownWithTheRoutersReasonAndTheCaseIsUnchanged() {
        String id = awaitingDecision("ecs", "demo-ecs");
        act("demo-ecs", id, "extend", Map.of("reason", "several hundred documents to review"), "ExtendDeadline");
        ExtendDeadline extend = command(id, ExtendDeadline.class);

        // the router refuses it (for example it had already planned the answer) and says why
        send(Topics.CASES, new CommandRejected(Events.derivedId("rejected", extend.getEventId()), id,
                Instant.parse("2026-09-07T08:10:00Z"), SeedFlow.router(), "ExtendDeadline",
                "the case is ready to answer: an extension is not needed", extend.getEventId()));
        caseShows("demo-ecs", id, b -> b.jsonPath("$.file.rejectedCommand").isEqualTo("ExtendDeadline")
                .jsonPath("$.file.rejectionReason").isEqualTo("the case is ready to answer: an extension is not needed")
                .jsonPath("$.file.rejectedAt").exists()
                .jsonPath("$.deadline.extended").isEqualTo(false)
                .jsonPath("$.deadline.statutoryDue").isEqualTo("2026-10-05"));
        // and it is on the record
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as("demo-ecs").get().uri("/api/v1/audit/{id}", id)
                .exchange().expectBody().jsonPath("$[*].sourceEventType")
                .value(types -> assertThat((List<Object>) types).contains("ExtendDeadline", "CommandRejected")));
    }
}
