package dev.rightsflow.connectors.lanes.kafka;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.rightsflow.connectors.ConnectorsIntegrationTest;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.LanePaused;
import dev.rightsflow.schemas.avro.LaneResumed;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.TaskAction;
import dev.rightsflow.schemas.avro.TaskAttemptFailed;
import dev.rightsflow.schemas.avro.TaskCompleted;
import dev.rightsflow.schemas.avro.TaskDispatched;
import dev.rightsflow.schemas.avro.TaskFailed;

/**
 * A vendor outage longer than a run's whole retry budget does not page a person. The system
 * {@code outage-crm} (a generic REST CRM standing in for any vendor, stubbed by its own local
 * WireMock server) has the shared test budget of 3 attempts with back-offs of at most 300 ms, and
 * counts as down after 3 failed calls, probed every 200 ms. Its vendor first answers 503, then
 * refuses connections (the server is stopped), for longer than every task's budget put together,
 * then comes back on the same address: every task completes, none is dead-lettered, and each makes
 * exactly one look-up and one deletion against the recovered vendor. The time scale is shrunk, not
 * the shape: the budget of the defaults before issue 9 was 6 attempts over about 50 s; here a run's
 * budget is 3 attempts over well under a second and the outage lasts many budgets (several seconds),
 * so a runner that counted attempts while the breaker is open would dead-letter every task.
 * The pause and the resumption are published as facts ({@code LanePaused}, {@code LaneResumed} on
 * LANES, keyed {@code lane:<systemId>}), with the organisations whose tasks wait.
 */
class VendorOutageIntegrationTest extends ConnectorsIntegrationTest {

    private static final int TASKS = 6;
    private static final int MAX_ATTEMPTS = 3;
    private WireMockServer vendor;

    @org.springframework.beans.factory.annotation.Autowired
    dev.rightsflow.connectors.tasks.application.TaskRunner runner;

    @AfterEach
    void stopVendor() {
        if (vendor != null && vendor.isRunning()) {
            vendor.stop();
        }
    }

    @Test
    void everyTaskCompletesAfterAnOutageLongerThanTheRetryBudgetWithOneSuccessfulCallEach() {
        vendor = new WireMockServer(options().dynamicPort());
        vendor.start();
        int port = vendor.port();
        vendor.stubFor(get(urlPathMatching("/outage/.*")).willReturn(aResponse().withStatus(503).withBody("{\"error\":\"maintenance\"}")));
        String requestId = newRequestId();
        List<TaskDispatched> tasks = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            // One base path per task, so the vendor's request journal tells the tasks apart.
            TaskDispatched task = task(requestId, "outage-crm", "generic-rest", TaskAction.ERASE, Right.ERASURE,
                    Map.of("baseUrl", "http://localhost:" + port + "/outage/" + i), "ecs");
            tasks.add(TaskDispatched.newBuilder(task).setTaskId(task.getTaskId() + "-" + i).build());
        }
        tasks.forEach(t -> publish(Topics.TASKS, t));

        // The vendor counts as down: operators (and only they) see the system paused, with the vendor's answer.
        anonymousHttp().get().uri("/api/v1/connectors/lanes").exchange().expectStatus().isUnauthorized();
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> http().get().uri("/api/v1/connectors/lanes").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.name == 'outage-crm')].systems[?(@.systemId == 'outage-crm')].state").isEqualTo("PAUSED")
                .jsonPath("$[?(@.name == 'outage-crm')].systems[?(@.systemId == 'outage-crm')].reason")
                .value(reason -> assertThat(reason.toString()).contains("503")));

        LanePaused paused = awaitResult(LanePaused.class, e -> e.getSystemId().equals("outage-crm"));
        assertThat(paused.getRequestId()).isEqualTo("lane:outage-crm");
        assertThat(paused.getReason()).contains("503");
        assertThat(paused.getOrganisationIds()).containsExactly("ecs");
        assertThat(paused.getConnector()).isEqualTo("generic-rest");
        assertThat(paused.getProbeEveryMillis()).isEqualTo(200);
        assertThat(paused.getNextProbeAt()).isAfter(paused.getSince());

        // Now it refuses connections, until the tasks together have failed more often than all their
        // budgets allow (each run may make 3 attempts before a dead letter).
        vendor.stop();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                failedAttempts(tasks) > TASKS * MAX_ATTEMPTS
                        && results(TaskAttemptFailed.class, e -> isOneOf(e.getTaskId(), tasks) && !e.getReason().contains("503")).size() > 0);
        assertThat(tasks).allSatisfy(t -> assertThat(results(TaskFailed.class, e -> e.getTaskId().equals(t.getTaskId())))
                .as("no dead letter during the outage").isEmpty());
        assertThat(results(TaskCompleted.class, e -> isOneOf(e.getTaskId(), tasks))).isEmpty();
        // More failed calls than all budgets together, yet no run used up its attempts: failures while
        // the breaker is open are not counted (a run reaching MAX_ATTEMPTS would have been dead-lettered).
        assertThat(results(TaskAttemptFailed.class, e -> isOneOf(e.getTaskId(), tasks)))
                .allSatisfy(e -> assertThat(e.getAttempt()).isLessThan(MAX_ATTEMPTS))
                .anySatisfy(e -> assertThat(e.getReason()).contains("counts as down").contains("not counted"));
        assertThat(results(LaneResumed.class, e -> e.getSystemId().equals("outage-crm") && e.getOccurredAt().isAfter(paused.getSince())))
                .as("still paused while the vendor is down").isEmpty();

        // The vendor is back, on the same address.
        vendor = new WireMockServer(options().port(port));
        vendor.start();
        for (int i = 0; i < TASKS; i++) {
            vendor.stubFor(get(urlPathEqualTo("/outage/" + i + "/contacts")).willReturn(okJson("[{\"id\":\"C-" + i + "\"}]")));
            vendor.stubFor(delete(urlPathEqualTo("/outage/" + i + "/contacts/C-" + i)).willReturn(aResponse().withStatus(204)));
        }

        tasks.forEach(t -> awaitResult(TaskCompleted.class, e -> e.getTaskId().equals(t.getTaskId())));
        assertThat(results(TaskFailed.class, e -> isOneOf(e.getTaskId(), tasks))).as("nobody had to retry anything").isEmpty();
        for (int i = 0; i < TASKS; i++) {
            vendor.verify(1, getRequestedFor(urlPathEqualTo("/outage/" + i + "/contacts")));
            vendor.verify(1, deleteRequestedFor(urlPathEqualTo("/outage/" + i + "/contacts/C-" + i)));
        }
        assertThat(vendor.findAll(anyRequestedFor(urlPathMatching("/outage/.*")))).hasSize(2 * TASKS);
        assertThat(tasks).allSatisfy(t -> assertThat(results(TaskCompleted.class, e -> e.getTaskId().equals(t.getTaskId()))).hasSize(1));
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> http().get().uri("/api/v1/connectors/lanes").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.name == 'outage-crm')].systems[?(@.systemId == 'outage-crm')].state").isEqualTo("RUNNING"));
        LaneResumed resumed = awaitResult(LaneResumed.class, e -> e.getSystemId().equals("outage-crm")
                && !e.getOccurredAt().isBefore(paused.getSince()));
        assertThat(resumed.getPausedSince()).isEqualTo(paused.getSince());
        assertThat(resumed.getReason()).contains("probe");
    }

    @Test
    void aRetriableFailureGoesToAPersonAtOnceWhenRetryingWouldPutTheDeadlineAtRisk() {
        VENDORS.stubFor(get(urlPathEqualTo("/late/contacts")).willReturn(aResponse().withStatus(503).withBody("{\"error\":\"maintenance\"}")));
        TaskDispatched late = TaskDispatched.newBuilder(task(newRequestId(), "late-crm", "generic-rest", TaskAction.ERASE, Right.ERASURE,
                Map.of("baseUrl", VENDORS.baseUrl() + "/late"), "ecs")).setLastSafeDispatch(LocalDate.now(ZoneOffset.UTC).minusDays(1)).build();
        publish(Topics.TASKS, late);

        TaskFailed failed = awaitResult(TaskFailed.class, e -> e.getTaskId().equals(late.getTaskId()));
        assertThat(failed.getAttempts()).as("the retry budget was not used").isEqualTo(1);
        assertThat(failed.getPermanent()).isFalse();
        assertThat(failed.getReason()).contains("HTTP 503").contains("deadline at risk");
        assertThat(results(TaskAttemptFailed.class, e -> e.getTaskId().equals(late.getTaskId()))).isEmpty();
    }

    /**
     * Starts the vendor's stub answering 503 under {@code /<path>/}, sends two tasks of {@code system} to it and waits
     * until its lane is paused (the lane's breaker opens after two calls, and probes only after an hour).
     * @return the request id the two tasks were sent for
     */
    private String pausedBy503(String system, String path) {
        vendor = new WireMockServer(options().dynamicPort());
        vendor.start();
        vendor.stubFor(get(urlPathMatching("/" + path + "/.*")).willReturn(aResponse().withStatus(503)));
        String requestId = newRequestId();
        for (int i = 0; i < 2; i++) {
            TaskDispatched waiting = task(requestId, system, "generic-rest", TaskAction.ERASE, Right.ERASURE,
                    Map.of("baseUrl", vendor.baseUrl() + "/" + path + "/" + i), "ecs");
            publish(Topics.TASKS, TaskDispatched.newBuilder(waiting).setTaskId(waiting.getTaskId() + "-" + i).build());
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> http().get().uri("/api/v1/connectors/lanes").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.name == '" + system + "')].systems[?(@.systemId == '" + system + "')].state").isEqualTo("PAUSED"));
        return requestId;
    }

    /**
     * While a system is paused, a burst of its tasks does not make every sweep read all of them (each arrival kicks a
     * sweep): the whole pass runs when the paused set changes and then once a minute; newcomers are checked alone.
     */
    @Test
    void aBurstOfTasksForAPausedSystemIsNotReadWholeAtEverySweep() {
        long initial = runner.riskPasses();
        pausedBy503("burst-crm", "burst");
        // the whole pass for the newly paused set
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> runner.riskPasses() > initial);
        long before = runner.riskPasses();

        String burstRequest = newRequestId();
        for (int i = 0; i < 30; i++) {
            TaskDispatched queued = task(burstRequest, "burst-crm", "generic-rest", TaskAction.ERASE, Right.ERASURE,
                    Map.of("baseUrl", vendor.baseUrl() + "/burst/q" + i), "ecs");
            publish(Topics.TASKS, TaskDispatched.newBuilder(queued).setTaskId(queued.getTaskId() + "-q" + i).build());
        }
        TaskDispatched late = TaskDispatched.newBuilder(task(burstRequest, "burst-crm", "generic-rest", TaskAction.EXPORT,
                Right.ACCESS, Map.of("baseUrl", vendor.baseUrl() + "/burst/late"), "ecs"))
                .setLastSafeDispatch(LocalDate.now(ZoneOffset.UTC).minusDays(1)).build();
        publish(Topics.TASKS, late);
        // the newcomer at risk still goes to a person at once, without a whole pass
        TaskFailed failed = awaitResult(TaskFailed.class, e -> e.getTaskId().equals(late.getTaskId()));
        assertThat(failed.getReason()).contains("deadline is at risk");
        // each of the 31 arrivals kicked a sweep, and each sweep read every paused task before; now a whole pass comes only
        // when the paused set changes (a breaker half-opening to probe and opening again: two) or a minute has passed
        assertThat(runner.riskPasses() - before).as("whole passes over the paused tasks during the burst").isLessThanOrEqualTo(3);
    }

    @Test
    void aTaskOfAPausedSystemGoesToAPersonWithoutACallWhenItsDeadlineComesAtRisk() {
        String requestId = pausedBy503("stalled-crm", "stalled");

        TaskDispatched late = TaskDispatched.newBuilder(task(requestId, "stalled-crm", "generic-rest", TaskAction.EXPORT, Right.ACCESS,
                Map.of("baseUrl", vendor.baseUrl() + "/stalled/late"), "ecs")).setLastSafeDispatch(LocalDate.now(ZoneOffset.UTC).minusDays(1))
                .build();
        publish(Topics.TASKS, late);

        TaskFailed failed = awaitResult(TaskFailed.class, e -> e.getTaskId().equals(late.getTaskId()));
        assertThat(failed.getReason()).contains("unavailable").contains("deadline is at risk");
        assertThat(failed.getAttempts()).isZero();
        vendor.verify(0, anyRequestedFor(urlPathMatching("/stalled/late/.*")));
    }

    @Test
    void aPauseAnnouncedBeforeAStartIsEndedAtTheStartSoNoDashboardKeepsShowingIt() {
        // A pause announced by an earlier run of the service, whose breaker is gone with it.
        String system = "ghost-crm-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        java.time.Instant since = java.time.Instant.parse("2026-09-04T10:00:00Z");
        publish(Topics.LANES, new LanePaused(dev.rightsflow.schemas.Events.newEventId(), "lane:" + system, since,
                dev.rightsflow.schemas.Events.service("processor-connectors"), system, "generic-rest", "generic-rest", List.of("ecs"),
                "HTTP 503 from ghost.example", since, since.plusSeconds(30), 30_000L));

        http().post().uri("/api/v1/connectors/rebuild").exchange().expectStatus().isAccepted();

        LaneResumed resumed = awaitResult(LaneResumed.class, e -> e.getSystemId().equals(system));
        assertThat(resumed.getRequestId()).isEqualTo("lane:" + system);
        assertThat(resumed.getPausedSince()).isEqualTo(since);
        assertThat(resumed.getOrganisationIds()).containsExactly("ecs");
        assertThat(resumed.getReason()).contains("started again");
    }

    private int failedAttempts(List<TaskDispatched> tasks) {
        return results(TaskAttemptFailed.class, e -> isOneOf(e.getTaskId(), tasks)).size();
    }

    private static boolean isOneOf(CharSequence taskId, List<TaskDispatched> tasks) {
        return tasks.stream().anyMatch(t -> t.getTaskId().equals(taskId.toString()));
    }
}
