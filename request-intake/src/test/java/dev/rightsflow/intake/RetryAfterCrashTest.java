package dev.rightsflow.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import dev.rightsflow.intake.registry.application.RegistryView;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.OrganisationPublished;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.kafka.KafkaSettings;
import dev.rightsflow.schemas.kafka.TopicReplay;
import dev.rightsflow.schemas.testing.InProcessMongo;
import reactor.core.publisher.Flux;

/**
 * A retried submission survives a crash (issue 9). Two intake instances, one after the other,
 * against the same Kafka broker: the first accepts keyed requests and is then stopped with its
 * in-memory MongoDB, so every idempotency record it wrote is gone, as after {@code kill -9} on the
 * embedded default; the second starts on an empty MongoDB and folds the topic. A client retrying
 * with the same Idempotency-Key must get the same request id and a status token that works, and
 * the topic must still hold the request once. Its own broker and contexts: it stops an instance.
 */
@EmbeddedKafka(partitions = 1)
class RetryAfterCrashTest {

    static final String RECTIFICATION = """
            {"right": "rectification", "organisationId": "ecs", "serviceId": "ecs-website",
             "relationship": "PUBLIC_ACCOUNT",
             "subject": {"name": "Alex Crash", "email": "alex.crash@example.org", "phone": "+44 1632 960001",
                         "postalAddress": "1 High Street, Stafford ST16 1AA",
                         "identifiers": {"newsletterId": "N-42", "accountId": "A-7"}},
             "details": {"description": "my postcode", "rectificationWhatIsWrong": "postcode ST16 1AA",
                         "rectificationCorrection": "ST17 4AB"}}""";

    static final String CONSENT = """
            {"right": "consent_withdrawal", "organisationId": "me-group-25", "serviceId": "me-group-membership",
             "subject": {"name": "Morag Crash", "email": "morag.crash@example.org"},
             "details": {"consentPurposes": ["contact-list-email", "contact-list-personal-summary"]}}""";

    static final String RESTRICTION = """
            {"right": "restriction", "organisationId": "ecs",
             "subject": {"name": "Sam Crash", "email": "sam.crash@example.org"},
             "details": {"restrictionGround": "ACCURACY_CONTESTED"}}""";

    static final String FORWARDED = """
            {"reference": "MES-CRASH-1", "receivedAt": "%s",
             "request": {"right": "erasure", "organisationId": "mes", "serviceId": "northshire-membership",
               "subject": {"name": "Pat Crash", "email": "pat.crash@example.org", "identifiers": {"membershipNumber": "M-7"}}}}"""
            .formatted(Instant.now().minus(Duration.ofHours(2)));

    @Test
    void retryWithTheSameKeyAfterACrashGetsTheSameRequestAndAWorkingTokenAndPublishesNothing(EmbeddedKafkaBroker broker) {
        Map<String, Object> rectification;
        Map<String, Object> consent;
        Map<String, Object> restriction;
        Map<String, Object> forwarded;
        try (ConfigurableApplicationContext before = start(broker, "intake-before-crash")) {
            publishRegistry(before);
            WebTestClient web = client(before);
            rectification = submit(web, RECTIFICATION, "crash-rectification");
            consent = submit(web, CONSENT, "crash-consent");
            restriction = submit(web, RESTRICTION, "crash-restriction");
            forwarded = forward(web, FORWARDED, "crash-forwarded").expectStatus().isAccepted()
                    .expectBody(Map.class).returnResult().getResponseBody();

            // (a) the same key twice before any crash: the same answer, the same token, one request
            assertThat(submit(web, RECTIFICATION, "crash-rectification")).isEqualTo(rectification);
            assertThat(readStatus(web, rectification)).isEqualTo(200);
            // (c) before the crash: the same key with another body is a conflict
            web.post().uri("/api/v1/requests").contentType(MediaType.APPLICATION_JSON).header("Idempotency-Key", "crash-rectification")
                    .bodyValue(RECTIFICATION.replace("ST17 4AB", "ST17 4AC")).exchange().expectStatus().isEqualTo(409);
            assertThat(receivedOnTopic(before, id(rectification))).isEqualTo(1);
        }

        try (ConfigurableApplicationContext after = start(broker, "intake-after-crash")) {
            WebTestClient web = client(after);
            // caught up: the first request's token reads its status on the new instance
            await().atMost(Duration.ofSeconds(120)).until(() -> readStatus(web, rectification) == 200);

            for (Map<String, Object> first : List.of(rectification, consent, restriction)) {
                String body = first == rectification ? RECTIFICATION : first == consent ? CONSENT : RESTRICTION;
                String key = first == rectification ? "crash-rectification" : first == consent ? "crash-consent" : "crash-restriction";
                // (b) the retry finds its request: same id, same token, and the token works
                Map<String, Object> retry = submit(web, body, key);
                assertThat(retry.get("requestId")).isEqualTo(first.get("requestId"));
                assertThat(retry.get("statusToken")).isEqualTo(first.get("statusToken"));
                assertThat(retry.get("receivedAt")).isEqualTo(first.get("receivedAt"));
                assertThat(readStatus(web, retry)).isEqualTo(200);
            }
            Map<String, Object> forwardedRetry = forward(web, FORWARDED, "crash-forwarded").expectStatus().isAccepted()
                    .expectBody(Map.class).returnResult().getResponseBody();
            assertThat(forwardedRetry.get("requestId")).isEqualTo(forwarded.get("requestId"));
            assertThat(forwardedRetry.get("statusToken")).isEqualTo(forwarded.get("statusToken"));
            assertThat(readStatus(web, forwardedRetry)).isEqualTo(200);

            // (c) after the crash: another body under a used key is still a conflict, and nothing is published
            web.post().uri("/api/v1/requests").contentType(MediaType.APPLICATION_JSON).header("Idempotency-Key", "crash-rectification")
                    .bodyValue(RECTIFICATION.replace("ST17 4AB", "ST17 4AC")).exchange().expectStatus().isEqualTo(409)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
            web.post().uri("/api/v1/requests").contentType(MediaType.APPLICATION_JSON).header("Idempotency-Key", "crash-consent")
                    .bodyValue(CONSENT.replace("\"contact-list-email\", ", "")).exchange().expectStatus().isEqualTo(409);

            for (Map<String, Object> first : List.of(rectification, consent, restriction, forwarded)) {
                assertThat(receivedOnTopic(after, id(first))).as("RequestReceived of %s on the topic", id(first)).isEqualTo(1);
            }
        }
    }

    @Test
    void simultaneousCallsWithOneKeyMakeOneRequest(EmbeddedKafkaBroker broker) {
        try (ConfigurableApplicationContext intake = start(broker, "intake-simultaneous")) {
            publishRegistry(intake);
            WebClient client = WebClient.create("http://localhost:" + port(intake));
            String body = RESTRICTION.replace("sam.crash", "sam.together");
            List<Object[]> answers = Flux.range(0, 6)
                    .flatMap(i -> client.post().uri("/api/v1/requests").contentType(MediaType.APPLICATION_JSON)
                            .header("Idempotency-Key", "together-1").bodyValue(body)
                            .exchangeToMono(response -> response.bodyToMono(Map.class)
                                    .map(map -> new Object[] {response.statusCode().value(), map.get("requestId"), map.get("statusToken")})), 6)
                    .collectList().block(Duration.ofSeconds(60));
            List<Object[]> accepted = answers.stream().filter(a -> (int) a[0] == 202).toList();
            // a call that finds the first still under way is told to retry (503 with Retry-After)
            assertThat(answers).allSatisfy(a -> assertThat((int) a[0]).isIn(202, 503));
            assertThat(accepted).isNotEmpty();
            assertThat(accepted.stream().map(a -> a[1]).distinct()).hasSize(1);
            assertThat(accepted.stream().map(a -> a[2]).distinct()).hasSize(1);
            assertThat(receivedOnTopic(intake, (String) accepted.get(0)[1])).isEqualTo(1);
        }
    }

    static ConfigurableApplicationContext start(EmbeddedKafkaBroker broker, String database) {
        // command-line arguments, so they win over the module's application.yml
        return new SpringApplicationBuilder(RequestIntakeApplication.class).initializers(new InProcessMongo())
                .run("--server.port=0", "--rightsflow.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                        "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                        "--rightsflow.kafka.partitions=1", "--rightsflow.intake.database=" + database,
                        "--rightsflow.intake.demo-outbox=true", "--rightsflow.intake.rate-limit-per-minute=100000",
                        "--rightsflow.intake.processor-secrets.mes=" + SeedRegistry.MES_TOKEN);
    }

    /** The registry, as the router publishes it; a broker keeps it for the instances that follow. */
    @SuppressWarnings("unchecked")
    static void publishRegistry(ConfigurableApplicationContext intake) {
        KafkaTemplate<String, Object> kafka = intake.getBean("intakeKafkaTemplate", KafkaTemplate.class);
        for (OrganisationPublished org : SeedRegistry.all()) {
            try {
                kafka.send(Topics.REGISTRY, org.getOrganisationId(), org).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        RegistryView registry = intake.getBean(RegistryView.class);
        await().atMost(Duration.ofSeconds(120)).until(() -> registry.snapshot().block().size() >= SeedRegistry.all().size());
        awaitReady(intake);
    }

    /** Intake answers 503 until it has caught up with its topics; a client waits for that. */
    static void awaitReady(ConfigurableApplicationContext intake) {
        WebTestClient web = client(intake);
        await().atMost(Duration.ofSeconds(120)).until(() -> web.get().uri("/api/v1/organisations").exchange()
                .returnResult(String.class).getStatus().value() == 200);
    }

    static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    static WebTestClient client(ConfigurableApplicationContext context) {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port(context)).responseTimeout(Duration.ofSeconds(30)).build();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> submit(WebTestClient web, String body, String key) {
        EntityExchangeResult<Map> result = web.post().uri("/api/v1/requests").contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", key).bodyValue(body).exchange().expectStatus().isAccepted()
                .expectBody(Map.class).returnResult();
        return result.getResponseBody();
    }

    static WebTestClient.ResponseSpec forward(WebTestClient web, String body, String key) {
        return web.post().uri("/api/v1/forwarded-requests").contentType(MediaType.APPLICATION_JSON)
                .header("X-Rightsflow-Organisation", "mes").header("Authorization", "Bearer " + SeedRegistry.MES_TOKEN)
                .header("Idempotency-Key", key).bodyValue(body).exchange();
    }

    /** The HTTP status of a status read with the receipt's token (200: the token works). */
    static int readStatus(WebTestClient web, Map<String, Object> receipt) {
        return web.get().uri("/api/v1/requests/{id}", receipt.get("requestId")).header("X-Status-Token", (String) receipt.get("statusToken"))
                .exchange().returnResult(String.class).getStatus().value();
    }

    static String id(Map<String, Object> receipt) {
        return (String) receipt.get("requestId");
    }

    /** How many {@code RequestReceived} the REQUESTS topic holds for a request, read through the broker. */
    static long receivedOnTopic(ConfigurableApplicationContext intake, String requestId) {
        List<SpecificRecord> events = new ArrayList<>();
        TopicReplay.replay(intake.getBean(KafkaSettings.class), List.of(Topics.REQUESTS), r -> {
            if (requestId.equals(r.key()) && r.value() instanceof RequestReceived) {
                events.add(r.value());
            }
        });
        return events.size();
    }
}
