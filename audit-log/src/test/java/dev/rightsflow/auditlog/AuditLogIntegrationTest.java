package dev.rightsflow.auditlog;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.time.ZoneOffset;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import dev.rightsflow.auditlog.kafka.RouterClockStandIn;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.Division;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.VerificationMethod;
import dev.rightsflow.schemas.kafka.Eventing;
import dev.rightsflow.schemas.kafka.KafkaSettings;
import dev.rightsflow.schemas.kafka.TopicReplay;
import dev.rightsflow.schemas.testing.InProcessMongo;

/**
 * One Spring context for every integration test of audit-log: the real application against a real
 * Kafka broker (embedded, KRaft) and the in-process MongoDB-wire server through the real driver.
 * Organisations' alert webhooks point at a local WireMock stub standing in for their systems. Time
 * comes from a {@link MovableClock}. Tests use their own request ids, so they share the context.
 */
@SpringBootTest(classes = {AuditLogApplication.class, AuditLogIntegrationTest.TestClock.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.main.allow-bean-definition-overriding=true",
                "rightsflow.audit-log.alert-scan-interval=1h", "rightsflow.audit-log.anchor-interval=1h",
                "rightsflow.kafka.partitions=1", "rightsflow.kafka.retry-attempts=2", "rightsflow.demo=true",
                // the organisations' webhook stand-in runs on loopback, which the outbound guard refuses unless allowed
                "rightsflow.audit-log.webhook-allowed-hosts=localhost"})
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "rightsflow.kafka.bootstrap-servers")
@ContextConfiguration(initializers = InProcessMongo.class)
public abstract class AuditLogIntegrationTest {

    /** Monday 7 September 2026, 09:00 UK: the seed requests arrive around then. */
    static final Instant START = Instant.parse("2026-09-07T08:00:00Z");
    static final WireMockServer WEBHOOKS = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private static boolean registryPublished;

    static {
        WEBHOOKS.start();
        WEBHOOKS.stubFor(WireMock.post(WireMock.urlPathMatching("/alerts/.*")).willReturn(WireMock.ok()));
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TestClock {
        @Bean
        MovableClock auditLogClock() {
            return new MovableClock(START);
        }

        /** Stands in for the mail server: records what would have been sent. */
        @Bean
        RecordingMailSender auditLogTestMailSender() {
            return new RecordingMailSender();
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("auditLogKafkaTemplate")
    KafkaTemplate<String, Object> kafka;
    @Autowired
    KafkaSettings settings;
    @Autowired
    MovableClock clock;
    @Autowired
    RecordingMailSender mail;

    WebTestClient web;

    @Autowired
    java.util.List<dev.rightsflow.schemas.state.ProjectionState> projectionStates;

    @BeforeEach
    void connect() {
        // until the service has caught up with its topics it answers 503 (ready means caught up)
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> projectionStates.stream().allMatch(s -> s.ready()));
        web = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(30))
                .build();
        clock.set(START);
        synchronized (AuditLogIntegrationTest.class) {
            if (!registryPublished) {
                SeedFlow.registry(WEBHOOKS.baseUrl()).forEach(o -> send(Topics.REGISTRY, o));
                registryPublished = true;
            }
        }
    }

    WebTestClient as(String user) {
        return web.mutate().defaultHeaders(h -> h.setBasicAuth(user, "demo-password")).build();
    }

    /** Gives router case events without a clock the clock the router states (audit-log shows it as stated). */
    static final RouterClockStandIn ROUTER = new RouterClockStandIn();

    void send(String topic, SpecificRecord event) {
        ROUTER.stamp(event);
        try {
            if (event instanceof dev.rightsflow.schemas.avro.OrganisationPublished org) {
                kafka.send(topic, org.getOrganisationId(), event).get();
            } else {
                Eventing.publish(kafka, topic, event).get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A request received by its controller and opened as a case, as intake and the router publish it.
     * The router's {@code statutoryDeadline} figure is a naive month; the clock it states with the event (the
     * deadline shown) comes from {@link RouterClockStandIn}.
     */
    String openCase(String controller, Division division, Instant received, boolean awaitingDecision) {
        String id = controller + "-" + UUID.randomUUID();
        send(Topics.REQUESTS, SeedFlow.received(id, Right.ACCESS, controller, received, VerificationMethod.NONE, null));
        send(Topics.CASES, SeedFlow.resolved(id, controller, controller, division, received));
        send(Topics.CASES, SeedFlow.opened(id, controller, division, received, received,
                received.atZone(ZoneOffset.UTC).toLocalDate().plusMonths(1), awaitingDecision));
        return id;
    }

    /** Everything on a topic right now, in order. */
    List<SpecificRecord> topic(String topic) {
        List<SpecificRecord> all = Collections.synchronizedList(new ArrayList<>());
        TopicReplay.replay(settings, List.of(topic), r -> all.add(r.value()));
        return all;
    }
}
