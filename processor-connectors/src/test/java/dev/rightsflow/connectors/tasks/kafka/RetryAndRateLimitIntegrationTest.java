package dev.rightsflow.connectors.tasks.kafka;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.rightsflow.connectors.ConnectorsIntegrationTest;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.Actor;
import dev.rightsflow.schemas.avro.ActorType;
import dev.rightsflow.schemas.avro.RetryTask;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.TaskAction;
import dev.rightsflow.schemas.avro.TaskCompleted;
import dev.rightsflow.schemas.avro.TaskDispatched;
import dev.rightsflow.schemas.avro.TaskFailed;
import dev.rightsflow.schemas.avro.TaskNeedsPerson;

/**
 * Through a real Kafka broker: staff retry commands are applied once per command id, and a
 * per-system rate limit ({@code lanes.throttled-crm}: 2 vendor calls per second) is honoured
 * while another connector lane's tasks run at full speed. Vendors are local WireMock stubs.
 */
class RetryAndRateLimitIntegrationTest extends ConnectorsIntegrationTest {

    @Test
    void aRedeliveredRetryCommandIsIgnoredByItsIdEvenWhenTheTaskHasFailedAgain() {
        VENDORS.stubFor(get(urlPathEqualTo("/refusing/contacts"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody("{\"title\":\"bad query\"}")));
        TaskDispatched task = task(newRequestId(), "refusing-crm", "generic-rest", TaskAction.ERASE, Right.ERASURE,
                Map.of("baseUrl", VENDORS.baseUrl() + "/refusing"), "ecs");
        publish(Topics.TASKS, task);
        awaitResult(TaskFailed.class, e -> e.getTaskId().equals(task.getTaskId()));

        RetryTask retry = retry(task, Instant.now());
        publish(Topics.CASE_COMMANDS, retry);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                results(TaskFailed.class, e -> e.getTaskId().equals(task.getTaskId())).size() == 2);
        VENDORS.verify(2, getRequestedFor(urlPathEqualTo("/refusing/contacts")));

        // The same command redelivered, stamped later than the second failure: only its id can tell.
        publish(Topics.CASE_COMMANDS, RetryTask.newBuilder(retry).setOccurredAt(Instant.now().plusSeconds(60)).build());
        TaskDispatched marker = task(task.getRequestId(), "refusing-marker", "manual", TaskAction.ERASE, Right.ERASURE, Map.of(), "ecs");
        publish(Topics.TASKS, marker);
        awaitResult(TaskNeedsPerson.class, e -> e.getTaskId().equals(marker.getTaskId()));
        org.awaitility.Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                VENDORS.verify(2, getRequestedFor(urlPathEqualTo("/refusing/contacts"))));
        assertThat(results(TaskFailed.class, e -> e.getTaskId().equals(task.getTaskId()))).hasSize(2);

        // A new command (a new id) runs it again.
        publish(Topics.CASE_COMMANDS, retry(task, Instant.now().plusSeconds(61)));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                VENDORS.verify(3, getRequestedFor(urlPathEqualTo("/refusing/contacts"))));
    }

    /**
     * Issue 9's measured defect: a task failed, was retried, failed, was retried and failed again,
     * and its third TaskFailed carried the second one's id, so audit-log (which keeps one entry per
     * event id) never recorded it and the dashboard kept showing the task as retrying. The rebuild
     * in the middle is what every restart on the embedded default does.
     */
    @Test
    void everyFailureAfterARetryIsANewFactWithItsOwnEventIdEvenAcrossARebuild() {
        VENDORS.stubFor(get(urlPathEqualTo("/thrice/contacts"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody("{\"title\":\"bad query\"}")));
        TaskDispatched task = task(newRequestId(), "thrice-crm", "generic-rest", TaskAction.ERASE, Right.ERASURE,
                Map.of("baseUrl", VENDORS.baseUrl() + "/thrice"), "ecs");
        publish(Topics.TASKS, task);
        awaitResult(TaskFailed.class, e -> e.getTaskId().equals(task.getTaskId()));

        publish(Topics.CASE_COMMANDS, retry(task, Instant.now()));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                results(TaskFailed.class, e -> e.getTaskId().equals(task.getTaskId())).size() == 2);

        http().post().uri("/api/v1/connectors/rebuild").exchange().expectStatus().is2xxSuccessful();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> http().get()
                .uri("/api/v1/connectors/tasks/{id}", task.getTaskId()).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("FAILED"));
        publish(Topics.CASE_COMMANDS, retry(task, Instant.now()));
        // Every failed call to the vendor is one fact with an id of its own: as many TaskFailed
        // events, all distinct, as refused calls (at least the three runs).
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            int calls = VENDORS.countRequestsMatching(getRequestedFor(urlPathEqualTo("/thrice/contacts")).build()).getCount();
            assertThat(calls).isGreaterThanOrEqualTo(3);
            assertThat(results(TaskFailed.class, e -> e.getTaskId().equals(task.getTaskId())))
                    .extracting(e -> e.getEventId().toString()).doesNotHaveDuplicates().hasSize(calls);
        });
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> http().get().uri("/api/v1/connectors/dead-letters")
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[?(@.taskId == '%s')].reason".formatted(task.getTaskId())).exists());
    }

    @Test
    void aSystemsRateLimitIsHonouredWhileAnotherLanesTasksRun() {
        VENDORS.stubFor(get(urlPathEqualTo("/throttled/contacts")).willReturn(okJson("[{\"id\":\"T-1\"}]")));
        VENDORS.stubFor(delete(urlPathEqualTo("/throttled/contacts/T-1")).willReturn(aResponse().withStatus(204)));
        VENDORS.stubFor(get(urlPathEqualTo("/brisk/contacts")).willReturn(okJson("[{\"id\":\"B-1\"}]")));
        VENDORS.stubFor(delete(urlPathEqualTo("/brisk/contacts/B-1")).willReturn(aResponse().withStatus(204)));
        List<TaskDispatched> throttled = new ArrayList<>();
        List<TaskDispatched> brisk = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            throttled.add(task(newRequestId(), "throttled-crm", "generic-rest", TaskAction.ERASE, Right.ERASURE,
                    Map.of("baseUrl", VENDORS.baseUrl() + "/throttled"), "ecs"));
            brisk.add(task(newRequestId(), "brisk-crm", "generic-rest", TaskAction.ERASE, Right.ERASURE,
                    Map.of("baseUrl", VENDORS.baseUrl() + "/brisk"), "ecs"));
        }
        throttled.forEach(t -> publish(Topics.TASKS, t));
        brisk.forEach(t -> publish(Topics.TASKS, t));

        throttled.forEach(t -> awaitResult(TaskCompleted.class, e -> e.getTaskId().equals(t.getTaskId())));
        brisk.forEach(t -> awaitResult(TaskCompleted.class, e -> e.getTaskId().equals(t.getTaskId())));

        List<Instant> calls = callTimes("/throttled/contacts.*");
        assertThat(calls).as("a look-up and a delete per task").hasSize(8);
        // Two calls per one-second period: eight calls span at least four periods, so at least two
        // whole seconds pass between the first and the last; and no second holds more than the
        // two calls of each of the (at most) two periods it overlaps.
        assertThat(Duration.between(calls.get(0), calls.get(calls.size() - 1))).isGreaterThanOrEqualTo(Duration.ofMillis(1_950));
        for (Instant start : calls) {
            assertThat(calls.stream().filter(c -> !c.isBefore(start) && c.isBefore(start.plusSeconds(1))).count()).isLessThanOrEqualTo(4);
        }
        List<Instant> briskCalls = callTimes("/brisk/contacts.*");
        assertThat(briskCalls).hasSize(8);
        assertThat(briskCalls.get(briskCalls.size() - 1)).as("the other lane did not wait for the throttled vendor")
                .isBefore(calls.get(calls.size() - 1));
    }

    private static List<Instant> callTimes(String pathRegex) {
        return VENDORS.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(urlPathMatching(pathRegex))).stream()
                .map(LoggedRequest::getLoggedDate).map(java.util.Date::toInstant).sorted(Comparator.naturalOrder()).toList();
    }

    private static RetryTask retry(TaskDispatched task, Instant at) {
        return RetryTask.newBuilder().setEventId(Events.newEventId()).setRequestId(task.getRequestId()).setOccurredAt(at)
                .setActor(new Actor(ActorType.STAFF, "dpo.ecs", "ecs")).setTaskId(task.getTaskId()).build();
    }
}
