package dev.rightsflow.standalone;

import static dev.rightsflow.deadline.UkTime.UK;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;

import dev.rightsflow.deadline.ClockFacts;
import dev.rightsflow.deadline.DeadlineEngine;
import dev.rightsflow.deadline.UkDivision;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.kafka.TopicAdmin;
import tools.jackson.databind.JsonNode;

/**
 * The whole system as a user starts it (embedded broker, in-process MongoDB-wire server, demo
 * stand-ins for the processors' systems), driven only through HTTP: a citizen's erasure request
 * sent to MES about an NHS trust's membership site is forwarded to the trust, planned, carried out
 * on the trust's systems (HTTP connectors and manual tasks a member of staff confirms), chained in
 * the audit trail, and still there after the standalone is stopped and started again. It runs on the memory store
 * ({@code RIGHTSFLOW_EMBEDDED_STORE=memory}), so that option is tested through a restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneEndToEndTest {

    @TempDir
    static Path dataDir;

    static RunningSystem system;
    static Scenario.Submitted erasure;

    @BeforeAll
    static void start() {
        // the one whole-system test on the memory store (RIGHTSFLOW_EMBEDDED_STORE=memory), through a restart that
        // restores its checkpoint; every other one runs on the default, the disk store
        system = RunningSystem.start(dataDir, Map.of("RIGHTSFLOW_EMBEDDED_STORE", "memory"));
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    @Order(0)
    void theDashboardShowsTheReferenceCustomersDemoCasesWithTheirStatutoryDeadlines() {
        Scenario admin = new Scenario(system.http, "demo-admin", Scenario.STAFF_PASSWORD);
        List<JsonNode> cases = await("one demo case per reference customer").atMost(Duration.ofSeconds(90))
                .until(() -> Scenario.list(admin.staffCases()), all -> all.stream()
                        .map(c -> c.path("file").path("controllerId").asText()).collect(java.util.stream.Collectors.toSet())
                        .containsAll(List.of("northshire-nhs-ft", "ecs", "me-group-25", "empower", "rip")));
        DeadlineEngine engine = DeadlineEngine.withBundledHolidays();
        for (JsonNode c : cases) {
            JsonNode file = c.path("file");
            if ("empower".equals(file.path("controllerId").asText())) {
                // documentary evidence of identity first (Art 12A): no clock yet, but its own targets
                assertThat(file.path("status").asText()).isEqualTo("AWAITING_IDENTITY");
                assertThat(c.path("deadline").path("statutoryDue").isNull()).as("no due date before the clock starts")
                        .isTrue();
                continue;
            }
            UkDivision division = UkDivision.valueOf(c.path("deadline").path("division").asText());
            LocalDate received = Instant.parse(file.path("receivedAt").asText()).atZone(UK)
                    .toLocalDate();
            assertThat(c.path("deadline").path("statutoryDue").asText()).as(file.path("controllerId").asText())
                    .isEqualTo(engine.statutory(ClockFacts.received(division, received)).due().toString());
            if ("me-group-25".equals(file.path("controllerId").asText())) {
                assertThat(division).as("Scottish bank holidays for 25%% M.E. Group").isEqualTo(UkDivision.SCOTLAND);
            }
        }
    }

    @Test
    @Order(1)
    void erasureSentToTheProcessorIsForwardedToTheTrustAndCarriedOutOnItsSystems() {
        var result = new Scenario(system.http).erasureThroughTheProcessorIsCarriedOut();
        erasure = result.getKey();
        assertThat(result.getValue().path("exemptions").size()).as("election records kept under Art 17(3)(b)")
                .isPositive();
    }

    @Test
    @Order(2)
    void everyStepIsInTheRequestsAuditChainAndTheChainVerifies() {
        Scenario staff = new Scenario(system.http);
        List<String> types = Scenario.list(staff.audit("/api/v1/audit/{id}", erasure.requestId()))
                .stream().map(e -> e.path("sourceEventType").asText()).toList();
        // Events of different topics reach audit-log through one consumer in arrival order, so only
        // causally separated steps are compared by position.
        assertThat(types).contains("RequestReceived", "ControllerResolved", "CaseOpened", "CasePlanned",
                "TaskDispatched", "TaskCompleted", "ConfirmManualTask", "CaseReadyToAnswer");
        assertThat(types.indexOf("RequestReceived")).isLessThan(types.indexOf("CasePlanned"));
        assertThat(types.indexOf("CasePlanned")).isLessThan(types.lastIndexOf("CaseReadyToAnswer"));
        assertThat(staff.audit("/api/v1/audit/{id}/verification", erasure.requestId()).path("intact").asBoolean())
                .isTrue();
    }

    @Test
    @Order(3)
    void malformedRequestGetsAProblemAndNothingIsPublished() {
        long before = recordsOn(Topics.REQUESTS);
        system.http.post().uri("/api/v1/requests").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"right\": \"erasure\", \"subject\": {\"name\": ").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        system.http.post().uri("/api/v1/requests").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("right", "erasure", "organisationId", "mes", "subject", Map.of("name", "No Email")))
                .exchange().expectStatus().is4xxClientError()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[?(@.field == 'subject.email')]").exists();
        assertThat(recordsOn(Topics.REQUESTS)).isEqualTo(before);
    }

    @Test
    @Order(4)
    void afterARestartTheRequestAndItsStateAreStillThereAndTheCaseCanBeClosed() {
        system = system.restart();
        assertThat(dataDir.resolve("mongo").resolve("store.checkpoint")).as("the memory store's checkpoint").isRegularFile();
        assertThat(dataDir.resolve("mongo").resolve("store.mv.db")).as("no disk store beside it").doesNotExist();
        Scenario citizen = new Scenario(system.http);

        JsonNode status = citizen.awaitStatus(erasure, "the request is known again after the restart",
                s -> "READY_TO_ANSWER".equals(s.path("state").asText()));
        assertThat(status.path("controllerId").asText()).isEqualTo("northshire-nhs-ft");

        await("the dashboard has rebuilt the case").atMost(Duration.ofSeconds(60))
                .until(() -> citizen.staffCase(erasure.requestId()).path("file").path("tasks").size() > 1);
        citizen.staffAction(erasure.requestId(), "close", Map.of("outcome", "FULFILLED",
                "summary", "Erased from every system of the trust; election records kept as the law requires"));
        citizen.awaitStatus(erasure, "closed after the restart", s -> "CLOSED".equals(s.path("state").asText()));
        assertThat(new Scenario(system.http).audit("/api/v1/audit/{id}/verification", erasure.requestId())
                .path("intact").asBoolean()).isTrue();
    }

    /**
     * The subject withdraws an erasure while its manual tasks wait for the trust's staff: through the
     * API with the status token, the router cancels every task not yet done, the connectors take the
     * manual ones off the to-do list and run nothing more, the case closes as withdrawn, the
     * citizen's status says so, and the withdrawal, each cancellation and the close are in the
     * request's audit chain, which still verifies.
     */
    @Test
    @Order(5)
    void theSubjectWithdrawsAnOpenRequestAndItsOpenTasksAreCancelledAndAudited() {
        Scenario citizen = new Scenario(system.http);
        Scenario.Submitted request = citizen.submit(Map.of("right", "erasure", "organisationId", "mes",
                "serviceId", "northshire-membership", "subject", Map.of("name", "Wil Drawer", "email", "wil.drawer@example.org"),
                "details", Map.of()));
        await("a manual task waits for the trust's staff").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> Scenario.list(citizen.staffCase(request.requestId()).path("file").path("tasks")).stream()
                        .anyMatch(t -> "NEEDS_PERSON".equals(t.path("state").asText())));

        system.http.post().uri("/api/v1/requests/{id}/withdrawal", request.requestId()).exchange()
                .expectStatus().isUnauthorized();
        system.http.post().uri("/api/v1/requests/{id}/withdrawal", request.requestId())
                .header("X-Status-Token", request.statusToken()).exchange().expectStatus().isAccepted();

        JsonNode withdrawn = citizen.awaitStatus(request, "closed as withdrawn, every open task cancelled", s ->
                "WITHDRAWN".equals(s.path("state").asText()) && Scenario.list(s.path("tasks")).stream()
                        .noneMatch(t -> t.path("outcome").asText().startsWith("Waiting")
                                || t.path("outcome").asText().startsWith("Not started")
                                || t.path("outcome").asText().startsWith("Cancelled because the request was withdrawn: the request")));
        assertThat(withdrawn.path("stateWords").asText()).startsWith("Withdrawn. You withdrew this request");
        assertThat(Scenario.list(withdrawn.path("tasks"))).anySatisfy(t -> assertThat(t.path("outcome").asText())
                .isEqualTo("Cancelled because the request was withdrawn: taken off staff's to-do list: "
                        + "nobody needs to do it by hand any more"));
        JsonNode file = citizen.staffCase(request.requestId()).path("file");
        assertThat(file.path("status").asText()).isEqualTo("CLOSED");
        List<JsonNode> tasks = Scenario.list(file.path("tasks"));
        assertThat(tasks).allSatisfy(t -> assertThat(t.path("state").asText()).isIn("CANCELLED", "COMPLETED"));
        List<String> cancelled = tasks.stream().filter(t -> "CANCELLED".equals(t.path("state").asText()))
                .map(t -> t.path("taskId").asText()).toList();
        assertThat(cancelled).isNotEmpty();

        // Nothing is done for a cancelled task afterwards; the withdrawal and each cancellation are audited.
        await("the audit chain holds the withdrawal and each cancellation").during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    List<JsonNode> entries = Scenario.list(citizen.audit("/api/v1/audit/{id}", request.requestId()));
                    List<String> types = entries.stream().map(e -> e.path("sourceEventType").asText()).toList();
                    assertThat(types).contains("CloseCase", "CaseClosed");
                    assertThat(entries.stream().filter(e -> "TaskCancelled".equals(e.path("sourceEventType").asText()))
                            .map(e -> e.path("payload").path("taskId").asText()).toList())
                            .containsExactlyInAnyOrderElementsOf(cancelled);
                    assertThat(types.stream().filter("TaskCancellationRecorded"::equals)).hasSize(cancelled.size());
                    JsonNode close = entries.stream().filter(e -> "CloseCase".equals(e.path("sourceEventType").asText()))
                            .findFirst().orElseThrow();
                    assertThat(close.path("actorType").asText()).isEqualTo("CITIZEN");
                    int closedAt = types.indexOf("TaskCancelled");
                    assertThat(entries.subList(closedAt, entries.size())).noneMatch(e ->
                            List.of("TaskCompleted", "TaskNeedsPerson", "TaskAttemptFailed").contains(e.path("sourceEventType").asText())
                                    && cancelled.contains(e.path("payload").path("taskId").asText()));
                });
        assertThat(citizen.audit("/api/v1/audit/{id}/verification", request.requestId()).path("intact").asBoolean()).isTrue();
        system.http.post().uri("/api/v1/requests/{id}/withdrawal", request.requestId())
                .header("X-Status-Token", request.statusToken()).exchange().expectStatus().isAccepted();
    }

    private static long recordsOn(String topic) {
        return TopicAdmin.recordsEverWritten(
                system.context.getEnvironment().getProperty("rightsflow.kafka.bootstrap-servers"), topic);
    }
}
