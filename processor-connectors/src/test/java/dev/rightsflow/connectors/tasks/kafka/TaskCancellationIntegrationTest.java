package dev.rightsflow.connectors.tasks.kafka;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rightsflow.connectors.ConnectorsIntegrationTest;
import dev.rightsflow.connectors.vendors.OpenDsrConnector;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.Actor;
import dev.rightsflow.schemas.avro.ActorType;
import dev.rightsflow.schemas.avro.ConfirmManualTask;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.TaskAction;
import dev.rightsflow.schemas.avro.TaskAttemptFailed;
import dev.rightsflow.schemas.avro.TaskCancellationRecorded;
import dev.rightsflow.schemas.avro.TaskCancelled;
import dev.rightsflow.schemas.avro.TaskCompleted;
import dev.rightsflow.schemas.avro.TaskDispatched;
import dev.rightsflow.schemas.avro.TaskNeedsPerson;

/**
 * A withdrawn request's tasks through a real Kafka broker: {@code TaskCancelled} on TASKS stops a
 * task the runner has not sent (it is never dispatched to the vendor afterwards), takes a manual
 * task off staff's to-do list, asks an OpenDSR processor to cancel one it is working on (§9), and
 * leaves a completed one done; each outcome is one {@code TaskCancellationRecorded}.
 */
class TaskCancellationIntegrationTest extends ConnectorsIntegrationTest {

    private static TaskCancelled cancelled(TaskDispatched task) {
        return TaskCancelled.newBuilder().setEventId(Events.derivedId(task.getTaskId(), "TaskCancelled"))
                .setRequestId(task.getRequestId()).setOccurredAt(Instant.now())
                .setActor(new Actor(ActorType.CITIZEN, "subject", null)).setTaskId(task.getTaskId())
                .setSystemId(task.getSystemId()).setAction(task.getAction())
                .setReason("the request was withdrawn (by the subject)").build();
    }

    private TaskCancellationRecorded awaitCancellation(TaskDispatched task) {
        return awaitResult(TaskCancellationRecorded.class, e -> e.getTaskId().equals(task.getTaskId()));
    }

    @Test
    void aManualTaskLeavesTheToDoListAndCannotBeConfirmedAfterwards() {
        String requestId = newRequestId();
        TaskDispatched task = task(requestId, "paper-files", "manual", TaskAction.ERASE, Right.ERASURE,
                Map.of("instructions", "Shred the paper file"), "ecs");
        publish(Topics.TASKS, task);
        awaitResult(TaskNeedsPerson.class, e -> e.getTaskId().equals(task.getTaskId()));
        http().get().uri("/api/v1/connectors/tasks?status=NEEDS_PERSON").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.taskId == '%s')]".formatted(task.getTaskId())).exists();

        publish(Topics.TASKS, cancelled(task));
        TaskCancellationRecorded recorded = awaitCancellation(task);
        assertThat(recorded.getStopped()).isTrue();
        assertThat(recorded.getOutcome()).isEqualTo("taken off staff's to-do list: nobody needs to do it by hand any more");
        assertThat(recorded.getEventId()).isEqualTo(Events.derivedId(task.getTaskId(), "TaskCancellationRecorded"));
        http().get().uri("/api/v1/connectors/tasks?status=NEEDS_PERSON").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.taskId == '%s')]".formatted(task.getTaskId())).doesNotExist();
        http().get().uri("/api/v1/connectors/tasks/{id}", task.getTaskId()).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("CANCELLED");

        // A confirmation that crossed the withdrawal, and the withdrawal redelivered, change nothing.
        publish(Topics.CASE_COMMANDS, ConfirmManualTask.newBuilder().setEventId(Events.newEventId()).setRequestId(requestId)
                .setOccurredAt(Instant.now()).setActor(new Actor(ActorType.STAFF, "dpo.ecs", "ecs"))
                .setTaskId(task.getTaskId()).setSubjectFound(true).setEvidence("shredded").build());
        publish(Topics.TASKS, cancelled(task));
        TaskDispatched marker = task(requestId, "filing-cabinet", "manual", TaskAction.ERASE, Right.ERASURE, Map.of(), "ecs");
        publish(Topics.TASKS, marker);
        awaitResult(TaskNeedsPerson.class, e -> e.getTaskId().equals(marker.getTaskId()));
        assertThat(results(TaskCancellationRecorded.class, e -> e.getTaskId().equals(task.getTaskId()))).hasSize(1);
        assertThat(results(TaskCompleted.class, e -> e.getTaskId().equals(task.getTaskId()))).isEmpty();
    }

    @Test
    void aTaskWaitingForARetryIsNeverSentAgain() {
        String requestId = newRequestId();
        VENDORS.stubFor(get(urlPathEqualTo("/later/contacts"))
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "2")));
        TaskDispatched task = task(requestId, "later-crm", "generic-rest", TaskAction.ERASE, Right.ERASURE, Map.of(
                "baseUrl", VENDORS.baseUrl() + "/later", "auth", "bearer", "secretRef", "FLAKY_API_KEY"), "ecs");
        publish(Topics.TASKS, task);
        awaitResult(TaskAttemptFailed.class, e -> e.getTaskId().equals(task.getTaskId()));

        publish(Topics.TASKS, cancelled(task));
        TaskCancellationRecorded recorded = awaitCancellation(task);
        assertThat(recorded.getStopped()).isTrue();
        assertThat(recorded.getOutcome()).startsWith("stopped: its earlier attempts at later-crm had failed");
        // Well past the vendor's Retry-After: no further call.
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).untilAsserted(() ->
                VENDORS.verify(1, getRequestedFor(urlPathEqualTo("/later/contacts"))));
    }

    @Test
    void anOpenDsrRequestTheProcessorWorksOnIsCancelledThere() {
        String requestId = newRequestId();
        TaskDispatched task = task(requestId, "partner-dsr", "opendsr", TaskAction.ERASE, Right.ERASURE, Map.of(
                "baseUrl", VENDORS.baseUrl() + "/dsr", "pollEvery", "PT1H"), "rip");
        String path = "/dsr/requests/" + OpenDsrConnector.subjectRequestId(task.getTaskId());
        VENDORS.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(404)));
        VENDORS.stubFor(post(urlPathEqualTo("/dsr/requests")).willReturn(aResponse().withStatus(201)));
        VENDORS.stubFor(delete(urlPathEqualTo(path)).willReturn(aResponse().withStatus(202)));
        publish(Topics.TASKS, task);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> http().get().uri("/api/v1/connectors/tasks/{id}", task.getTaskId())
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("WAITING_FOR_VENDOR"));

        publish(Topics.TASKS, cancelled(task));
        TaskCancellationRecorded recorded = awaitCancellation(task);
        assertThat(recorded.getStopped()).isTrue();
        assertThat(recorded.getOutcome()).contains("cancelled at the processor over OpenDSR").contains("HTTP 202");
        VENDORS.verify(1, deleteRequestedFor(urlPathEqualTo(path)));
    }

    @Test
    void anOpenDsrRequestNoLongerPendingIsRecordedAsNotCancellable() {
        String requestId = newRequestId();
        TaskDispatched task = task(requestId, "partner-dsr-late", "opendsr", TaskAction.ERASE, Right.ERASURE, Map.of(
                "baseUrl", VENDORS.baseUrl() + "/dsr2", "pollEvery", "PT1H"), "rip");
        String path = "/dsr2/requests/" + OpenDsrConnector.subjectRequestId(task.getTaskId());
        VENDORS.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(404)));
        VENDORS.stubFor(post(urlPathEqualTo("/dsr2/requests")).willReturn(aResponse().withStatus(201)));
        VENDORS.stubFor(delete(urlPathEqualTo(path)).willReturn(aResponse().withStatus(400)));
        publish(Topics.TASKS, task);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> http().get().uri("/api/v1/connectors/tasks/{id}", task.getTaskId())
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("WAITING_FOR_VENDOR"));

        publish(Topics.TASKS, cancelled(task));
        TaskCancellationRecorded recorded = awaitCancellation(task);
        assertThat(recorded.getStopped()).isFalse();
        assertThat(recorded.getOutcome()).startsWith("not cancellable, already sent: the processor refused the OpenDSR cancellation (HTTP 400");
    }

    @Test
    void aCompletedErasureIsNotUndone() {
        String requestId = newRequestId();
        TaskDispatched task = task(requestId, "old-files", "manual", TaskAction.ERASE, Right.ERASURE, Map.of(), "ecs");
        publish(Topics.TASKS, task);
        awaitResult(TaskNeedsPerson.class, e -> e.getTaskId().equals(task.getTaskId()));
        publish(Topics.CASE_COMMANDS, ConfirmManualTask.newBuilder().setEventId(Events.newEventId()).setRequestId(requestId)
                .setOccurredAt(Instant.now()).setActor(new Actor(ActorType.STAFF, "dpo.ecs", "ecs"))
                .setTaskId(task.getTaskId()).setSubjectFound(true).setEvidence("deleted").build());
        awaitResult(TaskCompleted.class, e -> e.getTaskId().equals(task.getTaskId()));

        publish(Topics.TASKS, cancelled(task));
        TaskCancellationRecorded recorded = awaitCancellation(task);
        assertThat(recorded.getStopped()).isFalse();
        assertThat(recorded.getOutcome()).isEqualTo("not cancellable, already done before the withdrawal: a completed erasure is not undone");
        http().get().uri("/api/v1/connectors/tasks/{id}", task.getTaskId()).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("COMPLETED");
    }
}
