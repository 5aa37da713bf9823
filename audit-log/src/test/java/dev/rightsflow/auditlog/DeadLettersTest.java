package dev.rightsflow.auditlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.kafka.support.KafkaHeaders;

import dev.rightsflow.schemas.Topics;

/** Dead letters of every service are listed for administrators: where and why, never the payload. */
class DeadLettersTest extends AuditLogIntegrationTest {

    @Test
    void aDeadLetterIsShownWithTopicOffsetAndExceptionButNotItsContent() throws Exception {
        String requestId = "dlt-" + UUID.randomUUID();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                settings.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.DLT_CONNECTORS, requestId,
                    "Alex Example, alex@example.org".getBytes(StandardCharsets.UTF_8));
            record.headers().add(KafkaHeaders.DLT_ORIGINAL_TOPIC, Topics.TASKS.getBytes(StandardCharsets.UTF_8));
            record.headers().add(KafkaHeaders.DLT_EXCEPTION_FQCN,
                    "java.lang.IllegalStateException".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<Map<String, Object>> letters = as("demo-admin").get().uri("/api/v1/dashboard/dead-letters").exchange()
                    .expectStatus().isOk().expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {
                    }).returnResult().getResponseBody();
            assertThat(letters).anySatisfy(l -> assertThat(l).containsEntry("requestId", requestId)
                    .containsEntry("topic", Topics.DLT_CONNECTORS).containsEntry("originalTopic", Topics.TASKS)
                    .containsEntry("exceptionClass", "java.lang.IllegalStateException"));
            assertThat(letters.toString()).doesNotContain("Alex Example");
        });
        as("demo-ecs").get().uri("/api/v1/dashboard/dead-letters").exchange().expectStatus().isForbidden();
    }

    @Test
    void staffSeeTheFailedTasksOfTheirOwnCasesOnly() {
        String id = openCase("ecs", dev.rightsflow.schemas.avro.Division.ENGLAND_AND_WALES,
                java.time.Instant.parse("2026-09-03T10:15:00Z"), false);
        send(Topics.TASK_RESULTS, new dev.rightsflow.schemas.avro.TaskFailed("failed-" + id, id,
                java.time.Instant.parse("2026-09-04T10:00:00Z"), dev.rightsflow.schemas.Events.service("processor-connectors"),
                "task-" + id, "snap-survey", dev.rightsflow.schemas.avro.TaskAction.ERASE, true,
                "HTTP 401 from the vendor: credentials rejected", 4));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(as("demo-ecs").get()
                .uri("/dashboard/dead-letters").exchange().expectStatus().isOk().expectBody(String.class)
                .returnResult().getResponseBody()).contains(id, "snap-survey", "credentials rejected"));
        assertThat(as("demo-empower").get().uri("/dashboard/dead-letters").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody()).doesNotContain(id);
    }
}
