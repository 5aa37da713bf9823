package dev.rightsflow.router;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.apache.avro.specific.SpecificRecord;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.bean.override.convention.TestBean;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.rightsflow.router.RouterApplication;
import dev.rightsflow.router.registry.application.RegistryCodec;
import dev.rightsflow.router.registry.application.RegistryService;
import dev.rightsflow.router.registry.model.ForwardingMode;
import dev.rightsflow.router.registry.model.Organisation;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.avro.Actor;
import dev.rightsflow.schemas.avro.OrganisationPublished;
import dev.rightsflow.schemas.kafka.KafkaSettings;
import dev.rightsflow.schemas.testing.TopicTail;
import dev.rightsflow.schemas.testing.InProcessMongo;

/**
 * What every router test through Kafka shares: one Spring context (the router on its own, a real
 * Kafka broker embedded in KRaft mode, the real MongoDB driver against the in-process server), one
 * WireMock server standing in for external controllers' endpoints (local HTTP stubs only: no
 * vendor is reached), the router's clock fixed to a date of the sample requests (no test depends on
 * the real date), and helpers that read the topics as any consumer would.
 */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"rightsflow.router.secrets.RIVERSIDE_FORWARDING_KEY=riverside-test-key",
                "rightsflow.router.secrets.LEEDS_OPENDSR_KEY=leeds-test-key",
                "rightsflow.router.secrets.CRC_FORWARDING_KEY=crc-test-key",
                "rightsflow.router.secrets.MES_PROCESSOR_TOKEN=mes-test-token",
                "rightsflow.router.secrets.EMPOWER_PROCESSOR_TOKEN=empower-test-token",
                "rightsflow.router.admin-token=test-admin", "rightsflow.router.forward-back-off=50ms",
                "rightsflow.router.forward-timeout=20s", "rightsflow.router.risk-check-interval=0s",
                "rightsflow.router.secrets.MES_WEBHOOK_SECRET=" + RouterKafkaTest.WEBHOOK_SECRET,
                "rightsflow.router.secrets.MES_PRE_APPROVAL_SECRET=" + RouterKafkaTest.PRE_APPROVAL_SECRET,
                "rightsflow.router.webhook-back-off=200ms", "rightsflow.router.webhook-max-back-off=1s",
                "rightsflow.router.webhook-interval=100ms", "rightsflow.router.webhook-attempts=4",
                "rightsflow.router.public-base-url=https://router.rightsflow.test"})
@AutoConfigureWebTestClient
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "rightsflow.kafka.bootstrap-servers")
@ContextConfiguration(initializers = InProcessMongo.class)
abstract class RouterKafkaTest {

    /** External controllers' endpoints: started once for the shared context, stopped with the JVM. */
    static final WireMockServer controllerStub = new WireMockServer(wireMockConfig().dynamicPort());

    static {
        controllerStub.start();
        Runtime.getRuntime().addShutdownHook(new Thread(controllerStub::stop));
    }

    static final String ADMIN = "Bearer test-admin";
    /** MES's webhook signing secret in these tests (Standard Webhooks form: whsec_ and the key's base64). */
    static final String WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String PRE_APPROVAL_SECRET = "whsec_cHJlLWFwcHJvdmFsLXRlc3Qta2V5LTMyLWJ5dGVzIQ==";

    /**
     * "Now" for the router in these tests, whatever the real date: 2026-10-02, inside the first
     * month of the sample requests (received 2026-09-03, statutory deadline 2026-10-05) and past the
     * last safe dispatch date of every MES system (the deadline less two or three working days).
     */
    static final Instant TEST_NOW = Instant.parse("2026-10-02T09:00:00Z");

    /** The router's clock replaced for the shared context: it runs from {@link #TEST_NOW}. */
    @TestBean(name = "routerClock")
    Clock routerClock;

    static Clock routerClock() {
        return Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), TEST_NOW));
    }

    @org.springframework.test.context.DynamicPropertySource
    static void props(org.springframework.test.context.DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> System.getProperty("spring.embedded.kafka.brokers"));
        // Partner Leeds as an OpenDSR peer: its certificate pinned, its discovery beside the stub's endpoint.
        registry.add("rightsflow.opendsr.peers.[" + LEEDS_DOMAIN + "].certificate", LEEDS_OPENDSR::certificatePem);
        registry.add("rightsflow.opendsr.peers.[" + LEEDS_DOMAIN + "].discovery-url",
                () -> controllerStub.baseUrl() + "/leeds/opendsr/v1/discovery");
        registry.add("rightsflow.opendsr.domain", () -> "router.rightsflow.test");
    }

    /** Partner Leeds's OpenDSR domain and signing key in the forwarding tests (a test-only self-signed certificate). */
    static final String LEEDS_DOMAIN = "leeds.test";
    static final dev.rightsflow.schemas.opendsr.OpenDsrSigner LEEDS_OPENDSR =
            dev.rightsflow.schemas.opendsr.OpenDsrKeys.selfSigned(LEEDS_DOMAIN, Duration.ofDays(2));

    @Autowired
    @Qualifier("routerKafkaTemplate")
    KafkaTemplate<String, Object> template;
    @Autowired
    KafkaSettings kafka;
    @Autowired
    WebTestClient web;
    @Autowired
    @Qualifier("routerRegistryService")
    RegistryService registry;
    @Autowired
    @Qualifier("routerRegistryCodec")
    RegistryCodec codec;

    @Autowired
    @Qualifier("routerProjectionState")
    dev.rightsflow.schemas.state.ProjectionState state;

    /**
     * A rebuild replays every topic: give the client more than its default five seconds. And
     * start each test once the router has caught up with its topics (until then it answers 503).
     */
    @org.junit.jupiter.api.BeforeEach
    void patientClient() {
        web = web.mutate().responseTimeout(Duration.ofSeconds(60)).build();
        await().atMost(Duration.ofSeconds(60)).until(state::ready);
    }

    void send(String topic, String key, SpecificRecord event) throws Exception {
        template.send(topic, key, event).get();
    }

    static Actor dpo(String organisationId) {
        return Events.staff("dpo", organisationId);
    }

    static Instant at(String instant) {
        return Instant.parse(instant);
    }

    /** Points an external controller's forwarding at the local stub, through the admin API, and waits for its publication. */
    void pointAtStub(String organisationId, ForwardingMode mode, String path, String secretRef) {
        Organisation current = registry.entry(organisationId).orElseThrow().organisation();
        Organisation pointed = current.withForwarding(new Organisation.Forwarding(mode, controllerStub.baseUrl() + path,
                secretRef, current.forwarding().contact()))
                .withAllowedOutboundHosts(java.util.List.of("localhost:" + controllerStub.port()));
        publish(pointed);
    }

    /** Replaces an organisation through the admin API and waits for its publication. */
    void publish(Organisation changed) {
        long version = web.put().uri("/api/v1/registry/organisations/{id}", changed.id())
                .header("Authorization", ADMIN).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(codec.json().writeValueAsString(changed)).exchange().expectStatus().isOk()
                .expectBody(tools.jackson.databind.JsonNode.class).returnResult().getResponseBody().get("version")
                .asLong();
        awaitOne(dev.rightsflow.schemas.Topics.REGISTRY, changed.id(), OrganisationPublished.class,
                e -> e.getVersion() == version);
    }

    /**
     * Asks for a rebuild: accepted at once, the router answers 503 with Retry-After while it folds
     * its topics again through its listeners, and answers again once caught up.
     */
    void rebuild() {
        web.post().uri("/api/v1/router/rebuild").header("Authorization", ADMIN).exchange().expectStatus().isAccepted();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> web.get()
                .uri("/api/v1/router/triage").header("Authorization", ADMIN).exchange().returnResult(String.class)
                .getStatus().value() == 200);
    }

    String caseView(String requestId) {
        return new String(web.get().uri("/api/v1/router/cases/{id}", requestId).header("Authorization", ADMIN)
                .exchange().expectBody().returnResult().getResponseBodyContent());
    }

    WebTestClient.BodyContentSpec caseJson(String requestId) {
        return web.get().uri("/api/v1/router/cases/{id}", requestId).header("Authorization", ADMIN).exchange()
                .expectStatus().isOk().expectBody();
    }

    /** Waits until the case view satisfies {@code check} (the case is saved after its outputs are published). */
    void awaitCase(String requestId, java.util.function.Consumer<WebTestClient.BodyContentSpec> check) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> check.accept(caseJson(requestId)));
    }

    <T extends SpecificRecord> T awaitOne(String topic, String key, Class<T> type) {
        return awaitOne(topic, key, type, e -> true);
    }

    <T extends SpecificRecord> T awaitOne(String topic, String key, Class<T> type, Predicate<T> matching) {
        return await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(300))
                .until(() -> events(topic, key, type).stream().filter(matching).findFirst().orElse(null),
                        e -> e != null);
    }

    /** The events of one key and type on the topic now (read by the test JVM's tail of the topic, see TopicTail). */
    <T extends SpecificRecord> List<T> events(String topic, String key, Class<T> type) {
        List<T> found = new ArrayList<>();
        for (org.apache.kafka.clients.consumer.ConsumerRecord<String, SpecificRecord> r : TopicTail.of(kafka, topic)) {
            if (key.equals(r.key()) && type.isInstance(r.value())) {
                found.add(type.cast(r.value()));
            }
        }
        return found;
    }
}
