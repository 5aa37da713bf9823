package dev.rightsflow.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;

import dev.rightsflow.schemas.Topics;
import tools.jackson.databind.JsonNode;

/**
 * The whole system as a user starts it (embedded broker, in-process MongoDB-wire server, demo
 * stand-ins for the processors' systems), driven only through HTTP: a citizen's erasure request
 * sent to MES about an NHS trust's membership site is forwarded to the trust, planned, carried out
 * on the trust's systems (HTTP connectors and manual tasks a member of staff confirms), chained in
 * the audit trail, and still there after the standalone is stopped and started again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneEndToEndTest {

    @TempDir
    static Path dataDir;

    static RunningSystem system;
    static Scenario.Submitted erasure;

    @BeforeAll
    static void start() {
        system = RunningSystem.start(dataDir, Map.of());
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
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
        assertThat(types).startsWith("RequestReceived")
                .contains("ControllerResolved", "CaseOpened", "CasePlanned", "TaskDispatched", "TaskCompleted",
                        "ConfirmManualTask", "CaseReadyToAnswer");
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

    private static long recordsOn(String topic) {
        String bootstrap = system.context.getEnvironment().getProperty("rightsflow.kafka.bootstrap-servers");
        try (var consumer = new KafkaConsumer<byte[], byte[]>(Map.of("bootstrap.servers", bootstrap),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
