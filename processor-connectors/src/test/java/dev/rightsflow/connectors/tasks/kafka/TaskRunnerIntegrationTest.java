package dev.rightsflow.connectors.tasks.kafka;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.rightsflow.connectors.ConnectorsIntegrationTest;
import dev.rightsflow.connectors.vendors.MailchimpConnector;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.kafka.Eventing;
import dev.rightsflow.schemas.avro.Actor;
import dev.rightsflow.schemas.avro.ActorType;
import dev.rightsflow.schemas.avro.ConfirmManualTask;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.TaskAction;
import dev.rightsflow.schemas.avro.TaskAttemptFailed;
import dev.rightsflow.schemas.avro.TaskCompleted;
import dev.rightsflow.schemas.avro.TaskDispatched;
import dev.rightsflow.schemas.avro.TaskFailed;
import dev.rightsflow.schemas.avro.TaskNeedsPerson;
import dev.rightsflow.schemas.testing.SampleEvents;

/**
 * The runner through a real Kafka broker: tasks in on TASKS and CASE_COMMANDS, results out on TASK_RESULTS. The
 * listeners take a poll's records at a time: a task is created once however its dispatch is batched or redelivered.
 */
class TaskRunnerIntegrationTest extends ConnectorsIntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired
    dev.rightsflow.connectors.tasks.mongo.MongoTaskStore taskStore;

    /** Publishes the events back to back, each send not waiting for the one before, so the listener polls several at once. */
    private void publishAll(java.util.List<TaskDispatched> events) {
        java.util.concurrent.CompletableFuture.allOf(events.stream().map(e -> Eventing.publish(template, Topics.TASKS, e))
                .toArray(java.util.concurrent.CompletableFuture[]::new)).join();
    }

    /** Four requests' plans, three manual tasks each, as the router dispatches them. */
    private static java.util.List<TaskDispatched> plansOfFourRequests() {
        java.util.List<TaskDispatched> tasks = new java.util.ArrayList<>();
        for (int r = 0; r < 4; r++) {
            String requestId = newRequestId();
            for (String system : java.util.List.of("paper-files", "shared-drive", "reception-desk")) {
                tasks.add(task(requestId, system, "manual", TaskAction.ERASE, Right.ERASURE, Map.of(), "ecs"));
            }
        }
        return tasks;
    }

    private long storedTasksOf(java.util.List<TaskDispatched> tasks) {
        return tasks.stream().map(t -> t.getRequestId().toString()).distinct()
                .mapToLong(requestId -> taskStore.byRequest(requestId).count().block()).sum();
    }

    @Test
    void aPollOfPlansForSeveralRequestsCreatesEachTaskOnceAndItsRedeliveryCreatesNothing() {
        java.util.List<TaskDispatched> tasks = plansOfFourRequests();
        publishAll(tasks);
        for (TaskDispatched t : tasks) {
            awaitResult(TaskNeedsPerson.class, e -> e.getTaskId().equals(t.getTaskId()));
        }
        assertThat(storedTasksOf(tasks)).isEqualTo(12);

        // the whole poll again (a rebalance or a restart before its offsets were stored), then a marker behind it
        publishAll(tasks);
        TaskDispatched marker = task(newRequestId(), "marker", "manual", TaskAction.ERASE, Right.ERASURE, Map.of(), "ecs");
        publish(Topics.TASKS, marker);
        awaitResult(TaskNeedsPerson.class, e -> e.getTaskId().equals(marker.getTaskId()));
        assertThat(storedTasksOf(tasks)).as("no task twice").isEqualTo(12);
        Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> tasks.stream()
                .allMatch(t -> results(TaskNeedsPerson.class, e -> e.getTaskId().equals(t.getTaskId())).size() == 1));
    }

    @Test
    void aRecordThatFailsMidPollIsDeadLetteredAndEveryOtherTaskIsCreatedOnce() {
        java.util.List<TaskDispatched> tasks = plansOfFourRequests();
        // the sixth of the poll has an action this service does not know: it cannot be handled, now or ever
        TaskDispatched poison = TaskDispatched.newBuilder(tasks.get(5)).setEventId(Events.newEventId()).setTaskId(tasks.get(5).getTaskId() + "-x")
                .setAction(TaskAction.UNKNOWN).build();
        java.util.List<TaskDispatched> poll = new java.util.ArrayList<>(tasks);
        poll.add(5, poison);
        double deadLettersBefore = deadLettersOfTasks();
        publishAll(poll);

        for (TaskDispatched t : tasks) {
            awaitResult(TaskNeedsPerson.class, e -> e.getTaskId().equals(t.getTaskId()));
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> deadLettersOfTasks() == deadLettersBefore + 1);
        assertThat(storedTasksOf(tasks)).as("those before the failing record and those after it, each once").isEqualTo(12);
        http().get().uri("/api/v1/connectors/tasks/{id}", poison.getTaskId()).exchange().expectStatus().isNotFound();
        Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> tasks.stream()
                .allMatch(t -> results(TaskNeedsPerson.class, e -> e.getTaskId().equals(t.getTaskId())).size() == 1));
    }

    private static double deadLettersOfTasks() {
        io.micrometer.core.instrument.Counter counter = io.micrometer.core.instrument.Metrics.globalRegistry.find("rightsflow.kafka.dead.letters")
                .tag("service", "processor-connectors").tag("topic", Topics.TASKS).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void manualTaskWaitsForAPersonAndCompletesWithTheirEvidence() {
        String requestId = newRequestId();
        TaskDispatched task = task(requestId, "office-365", "manual", TaskAction.ERASE, Right.ERASURE,
                Map.of("instructions", "IT searches mailboxes and SharePoint"), "ecs");
        publish(Topics.TASKS, task);

        TaskNeedsPerson waiting = awaitResult(TaskNeedsPerson.class, e -> e.getTaskId().equals(task.getTaskId()));
        assertThat(waiting.getInstructions()).contains("office-365").contains("IT searches mailboxes and SharePoint");
        assertThat(waiting.getAction()).isEqualTo(TaskAction.ERASE);

        publish(Topics.CASE_COMMANDS, ConfirmManualTask.newBuilder().setEventId(Events.newEventId()).setRequestId(requestId)
                .setOccurredAt(java.time.Instant.now()).setActor(new Actor(ActorType.STAFF, "dpo.ecs", "ecs"))
                .setTaskId(task.getTaskId()).setSubjectFound(true).setEvidence("3 emails deleted from the shared mailbox").build());

        TaskCompleted done = awaitResult(TaskCompleted.class, e -> e.getTaskId().equals(task.getTaskId()));
        assertThat(done.getEvidence()).isEqualTo("3 emails deleted from the shared mailbox");
        assertThat(done.getSubjectFound()).isTrue();
        assertThat(done.getActor().getId()).isEqualTo("dpo.ecs");
        http().get().uri("/api/v1/connectors/tasks/{id}", task.getTaskId()).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("COMPLETED").jsonPath("$.confirmedByPerson").isEqualTo(true);
    }

    @Test
    void genericRestTaskErasesTheSubjectsRecordsAtTheVendor() {
        String requestId = newRequestId();
        VENDORS.stubFor(get(urlPathEqualTo("/opencrm/contacts")).withQueryParam("email", equalTo("alex@example.org"))
                .withHeader("X-API-Key", equalTo("opencrm-test-key"))
                .willReturn(okJson("{\"data\":[{\"id\":\"C-17\",\"email\":\"alex@example.org\"}]}")));
        VENDORS.stubFor(delete(urlPathEqualTo("/opencrm/contacts/C-17")).willReturn(aResponse().withStatus(204)));
        TaskDispatched task = task(requestId, "opencrm", "generic-rest", TaskAction.ERASE, Right.ERASURE, Map.of(
                "baseUrl", VENDORS.baseUrl() + "/opencrm", "auth", "header", "secretRef", "OPENCRM_API_KEY", "resultsPointer", "/data"), "ecs");
        publish(Topics.TASKS, task);

        TaskCompleted done = awaitResult(TaskCompleted.class, e -> e.getTaskId().equals(task.getTaskId()));
        assertThat(done.getSubjectFound()).isTrue();
        assertThat(done.getRecordsAffected()).isEqualTo(1);
        VENDORS.verify(1, deleteRequestedFor(urlPathEqualTo("/opencrm/contacts/C-17")).withHeader("Idempotency-Key", equalTo(task.getTaskId())));
    }

    @Test
    void redeliveredTaskCallsTheVendorOnce() {
        String requestId = newRequestId();
        String listPath = "/mc/3.0/lists/list-1/members/" + MailchimpConnector.subscriberHash("alex@example.org");
        VENDORS.stubFor(post(urlPathEqualTo(listPath + "/actions/delete-permanent")).willReturn(aResponse().withStatus(204)));
        TaskDispatched task = task(requestId, "mailchimp-newsletter", "mailchimp", TaskAction.ERASE, Right.ERASURE,
                Map.of("baseUrl", VENDORS.baseUrl() + "/mc", "listId", "list-1", "secretRef", "MAILCHIMP_API_KEY"), "rip");
        publish(Topics.TASKS, task);
        awaitResult(TaskCompleted.class, e -> e.getTaskId().equals(task.getTaskId()));

        // The same dispatch again (as after a rebalance), and the same task under a new event id (a re-plan).
        publish(Topics.TASKS, task);
        TaskDispatched replanned = TaskDispatched.newBuilder(task).setEventId(Events.newEventId()).build();
        publish(Topics.TASKS, replanned);
        // A later task on the same partition proves both redeliveries were consumed before we count.
        TaskDispatched marker = task(requestId, "paper-files", "manual", TaskAction.ERASE, Right.ERASURE, Map.of(), "rip");
        publish(Topics.TASKS, marker);
        awaitResult(TaskNeedsPerson.class, e -> e.getTaskId().equals(marker.getTaskId()));

        VENDORS.verify(1, postRequestedFor(urlPathEqualTo(listPath + "/actions/delete-permanent")));
        assertThat(results(TaskCompleted.class, e -> e.getTaskId().equals(task.getTaskId()))).hasSize(1);
    }

    @Test
    void retriableFailuresAreRetriedThenDeadLetteredAndOneClickRetryRunsTheTaskAgain() {
        String requestId = newRequestId();
        VENDORS.stubFor(get(urlPathEqualTo("/flaky/contacts")).atPriority(1)
                .willReturn(aResponse().withStatus(503).withBody("{\"error\":\"maintenance\"}")));
        TaskDispatched task = task(requestId, "flaky-crm", "generic-rest", TaskAction.EXPORT, Right.ACCESS, Map.of(
                "baseUrl", VENDORS.baseUrl() + "/flaky", "auth", "bearer", "secretRef", "FLAKY_API_KEY"), "ecs");
        publish(Topics.TASKS, task);

        TaskFailed failed = awaitResult(TaskFailed.class, e -> e.getTaskId().equals(task.getTaskId()));
        assertThat(failed.getPermanent()).isFalse();
        assertThat(failed.getAttempts()).isEqualTo(3);
        assertThat(failed.getReason()).contains("HTTP 503");
        assertThat(results(TaskAttemptFailed.class, e -> e.getTaskId().equals(task.getTaskId())))
                .extracting(TaskAttemptFailed::getAttempt).containsExactly(1, 2);
        VENDORS.verify(3, getRequestedFor(urlPathEqualTo("/flaky/contacts")));

        http().get().uri("/api/v1/connectors/dead-letters").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[?(@.taskId == '%s')].reason".formatted(task.getTaskId())).exists();

        // The vendor is back; staff click retry on the dashboard.
        VENDORS.stubFor(get(urlPathEqualTo("/flaky/contacts")).atPriority(0)
                .willReturn(okJson("[{\"id\":\"F-1\",\"email\":\"alex@example.org\",\"name\":\"Alex Example\"}]")));
        http().post().uri("/api/v1/connectors/dead-letters/{id}/retry", task.getTaskId()).header("X-Staff-User", "dpo.ecs").exchange()
                .expectStatus().isAccepted();

        TaskCompleted done = awaitResult(TaskCompleted.class, e -> e.getTaskId().equals(task.getTaskId()));
        assertThat(done.getExportRef()).isNotBlank();
        http().get().uri("/api/v1/connectors/dead-letters").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[?(@.taskId == '%s')]".formatted(task.getTaskId())).doesNotExist();
    }

    @Test
    void permanentFailureIsDeadLetteredAtOnceWithTheReason() {
        String requestId = newRequestId();
        VENDORS.stubFor(get(urlPathEqualTo("/locked/contacts"))
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json").withBody("{\"error\":\"invalid_token\"}")));
        TaskDispatched task = task(requestId, "locked-crm", "generic-rest", TaskAction.ERASE, Right.ERASURE, Map.of(
                "baseUrl", VENDORS.baseUrl() + "/locked", "auth", "bearer", "secretRef", "FLAKY_API_KEY"), "ecs");
        publish(Topics.TASKS, task);

        TaskFailed failed = awaitResult(TaskFailed.class, e -> e.getTaskId().equals(task.getTaskId()));
        assertThat(failed.getPermanent()).isTrue();
        assertThat(failed.getAttempts()).isEqualTo(1);
        assertThat(failed.getReason()).contains("credentials were rejected");
        assertThat(results(TaskAttemptFailed.class, e -> e.getTaskId().equals(task.getTaskId()))).isEmpty();
    }

    @Test
    void aSlowVendorDoesNotHoldUpAnotherVendorsTasks() {
        String requestId = newRequestId();
        // Mailchimp's lane has room for one task at a time here, and its vendor answers after 4 s.
        VENDORS.stubFor(post(urlPathMatching("/slowmc/3.0/lists/slow/members/.*/actions/delete-permanent"))
                .willReturn(aResponse().withStatus(204).withFixedDelay(4_000)));
        TaskDispatched slow = task(requestId, "slow-newsletter", "mailchimp", TaskAction.ERASE, Right.ERASURE,
                Map.of("baseUrl", VENDORS.baseUrl() + "/slowmc", "listId", "slow", "secretRef", "MAILCHIMP_API_KEY"), "rip");
        publish(Topics.TASKS, slow);
        VENDORS.stubFor(get(urlPathEqualTo("/fast/contacts")).willReturn(okJson("[]")));
        TaskDispatched fast = task(requestId, "fast-crm", "generic-rest", TaskAction.ERASE, Right.ERASURE, Map.of(
                "baseUrl", VENDORS.baseUrl() + "/fast"), "ecs");
        publish(Topics.TASKS, fast);

        TaskCompleted fastDone = awaitResult(TaskCompleted.class, e -> e.getTaskId().equals(fast.getTaskId()));
        assertThat(fastDone.getSubjectFound()).isFalse();
        assertThat(results(TaskCompleted.class, e -> e.getTaskId().equals(slow.getTaskId())))
                .as("the slow vendor is still answering when the fast one is done").isEmpty();
        awaitResult(TaskCompleted.class, e -> e.getTaskId().equals(slow.getTaskId()));
    }

    @Test
    void aRedeliveredConfirmationChangesNothing() {
        String requestId = newRequestId();
        TaskDispatched task = task(requestId, "paper-records", "manual", TaskAction.ERASE, Right.ERASURE, Map.of(), "me-group-25");
        publish(Topics.TASKS, task);
        awaitResult(TaskNeedsPerson.class, e -> e.getTaskId().equals(task.getTaskId()));
        ConfirmManualTask confirm = ConfirmManualTask.newBuilder().setEventId(Events.newEventId()).setRequestId(requestId)
                .setOccurredAt(java.time.Instant.now()).setActor(new Actor(ActorType.STAFF, "secretary", "me-group-25"))
                .setTaskId(task.getTaskId()).setSubjectFound(false).setEvidence("no paper file found").build();
        publish(Topics.CASE_COMMANDS, confirm);
        awaitResult(TaskCompleted.class, e -> e.getTaskId().equals(task.getTaskId()));
        publish(Topics.CASE_COMMANDS, confirm);
        TaskDispatched marker = task(requestId, "marker", "manual", TaskAction.ERASE, Right.ERASURE, Map.of(), "me-group-25");
        publish(Topics.TASKS, marker);
        awaitResult(TaskNeedsPerson.class, e -> e.getTaskId().equals(marker.getTaskId()));
        Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() ->
                results(TaskCompleted.class, e -> e.getTaskId().equals(task.getTaskId())).size() == 1);
        assertThat(SampleEvents.subject().getEmail()).isEqualTo("alex@example.org");
    }
}
