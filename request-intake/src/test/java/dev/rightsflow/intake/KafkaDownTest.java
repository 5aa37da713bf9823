package dev.rightsflow.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.mongodb.reactivestreams.client.MongoDatabase;

import dev.rightsflow.intake.registry.application.RegistryView;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.testing.InProcessMongo;
import reactor.core.publisher.Mono;

/**
 * With the broker gone, a request is answered 503 with Retry-After and nothing is left behind: no
 * status, no reserved idempotency key. Has its own broker (it stops it), so its own context.
 */
@SpringBootTest(classes = RequestIntakeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"rightsflow.kafka.partitions=1", "rightsflow.intake.database=intake-kafka-down",
                // no SMTP, no demo outbox: this installation declares that it sends no identity codes
                "rightsflow.intake.email-codes=false"})
@ContextConfiguration(initializers = InProcessMongo.class)
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "rightsflow.kafka.bootstrap-servers")
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaDownTest {

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    @Qualifier("intakeKafkaTemplate")
    KafkaTemplate<String, Object> kafka;

    @Autowired
    RegistryView registry;

    @Autowired
    @Qualifier("intakeMongoDatabase")
    MongoDatabase database;

    @Test
    @Order(1)
    void withoutAnyWayToSendMailARequestNeedingAnEmailedCodeIsRefusedAndNothingPublished() throws Exception {
        var meGroup = SeedRegistry.all().stream().filter(o -> o.getOrganisationId().equals("me-group-25")).findFirst().orElseThrow();
        kafka.send(Topics.REGISTRY, meGroup.getOrganisationId(), meGroup).get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> registry.find("me-group-25").block().isPresent());
        WebTestClient web = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
        // intake answers 503 until it has caught up with its topics, as a careful client waits for
        await().atMost(Duration.ofSeconds(120)).until(() -> web.get().uri("/api/v1/organisations").exchange()
                .returnResult(String.class).getStatus().value() == 200);

        web.post().uri("/api/v1/requests").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"right": "access", "organisationId": "me-group-25",
                         "subject": {"name": "Morag Example", "email": "morag.nomail@example.org"}}""")
                .exchange().expectStatus().isEqualTo(422)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("right")
                .jsonPath("$.errors[0].message").value(m -> assertThat(m.toString()).contains("code sent by email"));
        assertThat(Mono.from(database.getCollection("request_status").countDocuments()).block()).isZero();
        web.get().uri("/intake/outbox").exchange().expectStatus().isNotFound();
    }

    @Test
    @Order(2)
    void brokerDownMeans503WithRetryAfterAndNothingHalfWritten() throws Exception {
        var mes = SeedRegistry.all().get(0);
        kafka.send(Topics.REGISTRY, mes.getOrganisationId(), mes).get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> registry.find("mes").block().isPresent());

        broker.destroy();

        WebTestClient web = WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(60)).build();
        web.post().uri("/api/v1/requests").contentType(MediaType.APPLICATION_JSON).header("Idempotency-Key", "down-1")
                .bodyValue("""
                        {"right": "erasure", "organisationId": "mes",
                         "subject": {"name": "Alex Example", "email": "alex.down@example.org"}}""")
                .exchange().expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value(HttpHeaders.RETRY_AFTER, v -> assertThat(Long.parseLong(v)).isPositive());

        assertThat(Mono.from(database.getCollection("request_status").countDocuments()).block()).isZero();
        assertThat(Mono.from(database.getCollection("duplicate_fingerprints").countDocuments()).block()).isZero();
        assertThat(Mono.from(database.getCollection("idempotency_keys").countDocuments(new Document("key", "down-1"))).block())
                .isZero();
    }
}
