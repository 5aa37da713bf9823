package dev.rightsflow.connectors;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.Actor;
import dev.rightsflow.schemas.avro.ActorType;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.TaskAction;
import dev.rightsflow.schemas.avro.TaskDispatched;
import dev.rightsflow.schemas.kafka.Eventing;
import dev.rightsflow.schemas.kafka.KafkaSettings;
import dev.rightsflow.schemas.testing.InProcessMongo;
import dev.rightsflow.schemas.testing.SampleEvents;

/**
 * Base of the tests that run the whole service: a real Kafka broker (KRaft, embedded), the
 * in-process MongoDB-wire server through the real driver, and the vendors reached only through a
 * local WireMock server standing in for their APIs. Every subclass has the same configuration,
 * so they share one Spring context (and one broker).
 */
@SpringBootTest(classes = ProcessorConnectorsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = InProcessMongo.class)
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "rightsflow.kafka.bootstrap-servers")
public abstract class ConnectorsIntegrationTest {

    /** Stands in for every vendor API: local only, nothing leaves the machine. */
    protected static final WireMockServer VENDORS = new WireMockServer(options().dynamicPort());
    protected static final Path DATA;
    /** The operators' bearer token for /connectors/** in these tests. */
    protected static final String OPERATOR_TOKEN = "test-operator-token";
    private static final Queue<SpecificRecord> RESULTS = new ConcurrentLinkedQueue<>();
    private static Thread collector;
    private static volatile boolean collecting;

    static {
        VENDORS.start();
        try {
            DATA = Files.createTempDirectory("connectors-it");
            Files.writeString(DATA.resolve("secrets.properties"), String.join("\n",
                    "MAILCHIMP_API_KEY=test-key-us1", "OPENCRM_API_KEY=opencrm-test-key", "SNAP_API_KEY=snap-test-key",
                    "WHITE_BEAR_API_KEY=white-bear-test-key", "FLAKY_API_KEY=flaky-test-key"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("rightsflow.connectors.secrets-file", () -> DATA.resolve("secrets.properties").toString());
        registry.add("rightsflow.connectors.packages.directory", () -> DATA.resolve("packages").toString());
        registry.add("rightsflow.connectors.runner.poll-interval", () -> "200ms");
        registry.add("rightsflow.connectors.runner.initial-backoff", () -> "150ms");
        registry.add("rightsflow.connectors.runner.max-backoff", () -> "400ms");
        registry.add("rightsflow.connectors.runner.max-attempts", () -> "3");
        // Runs give up after their attempts alone here (the default also retries for 24 hours).
        registry.add("rightsflow.connectors.runner.retry-for", () -> "0s");
        // VendorOutageIntegrationTest: a system whose vendor counts as down after 3 failed calls, probed every 200 ms.
        registry.add("rightsflow.connectors.lanes.outage-crm.breaker-minimum-calls", () -> "3");
        registry.add("rightsflow.connectors.lanes.outage-crm.breaker-probe-every", () -> "200ms");
        registry.add("rightsflow.connectors.lanes.outage-crm.initial-backoff", () -> "100ms");
        registry.add("rightsflow.connectors.lanes.outage-crm.max-backoff", () -> "300ms");
        // ...and one that stays paused once its vendor is down (no probe within the test).
        registry.add("rightsflow.connectors.lanes.stalled-crm.breaker-minimum-calls", () -> "2");
        registry.add("rightsflow.connectors.lanes.stalled-crm.breaker-probe-every", () -> "1h");
        registry.add("rightsflow.connectors.lanes.burst-crm.breaker-minimum-calls", () -> "2");
        registry.add("rightsflow.connectors.lanes.burst-crm.breaker-probe-every", () -> "1h");
        registry.add("rightsflow.connectors.runner.reminder-every", () -> "1h");
        registry.add("rightsflow.connectors.lanes.mailchimp.concurrency", () -> "1");
        // One system with its own lane: two vendor calls per second (RateLimitIntegrationTest).
        registry.add("rightsflow.connectors.lanes.throttled-crm.calls-per-period", () -> "2");
        registry.add("rightsflow.connectors.lanes.throttled-crm.period", () -> "1s");
        registry.add("rightsflow.connectors.operator-token", () -> OPERATOR_TOKEN);
        // the vendors' stand-in runs on loopback, which the outbound guard refuses unless allowed
        registry.add("rightsflow.connectors.allowed-outbound-hosts", () -> "localhost," + "127.0.0.1");
        registry.add("rightsflow.kafka.partitions", () -> "1");
        registry.add("spring.kafka.bootstrap-servers", () -> System.getProperty("spring.embedded.kafka.brokers", "localhost:9092"));
    }

    @Autowired
    @Qualifier("connectorsKafkaTemplate")
    protected KafkaTemplate<String, Object> template;

    @Autowired
    protected KafkaSettings kafka;

    @LocalServerPort
    protected int port;

    /** A client signed in as an operator (bearer operator token). */
    @Autowired
    java.util.List<dev.rightsflow.schemas.state.ProjectionState> projectionStates;

    /** Until the service has caught up with its topics it answers 503 (ready means caught up). */
    @org.junit.jupiter.api.BeforeEach
    void awaitCaughtUp() {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> projectionStates.stream().allMatch(s -> s.ready()));
    }

    protected WebTestClient http() {
        return anonymousHttp().mutate().defaultHeader("Authorization", "Bearer " + OPERATOR_TOKEN).build();
    }

    /** A client with no credentials (a subject, a vendor callback, or an intruder). */
    protected WebTestClient anonymousHttp() {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(20)).build();
    }

    @BeforeAll
    static void startCollector(@Autowired KafkaSettings kafka) {
        if (collector != null) {
            return;
        }
        collecting = true;
        Consumer<String, SpecificRecord> consumer = Eventing.consumerFactory(kafka, "test-observer-" + UUID.randomUUID()).createConsumer();
        consumer.subscribe(List.of(Topics.TASK_RESULTS, Topics.CASE_COMMANDS, Topics.LANES));
        collector = new Thread(() -> {
            try (consumer) {
                while (collecting) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                        if (r.value() != null) {
                            RESULTS.add(r.value());
                        }
                    });
                }
            }
        }, "test-result-collector");
        collector.setDaemon(true);
        collector.start();
    }

    @AfterAll
    static void resetStubs() {
        VENDORS.resetAll();
    }

    protected void publish(String topic, SpecificRecord event) {
        Eventing.publish(template, topic, event).join();
    }

    /** Waits for the first published result of this type that matches. */
    protected <T extends SpecificRecord> T awaitResult(Class<T> type, Predicate<T> matching) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> find(type, matching), Optional::isPresent).get();
    }

    protected <T extends SpecificRecord> List<T> results(Class<T> type, Predicate<T> matching) {
        return RESULTS.stream().filter(type::isInstance).map(type::cast).filter(matching).toList();
    }

    private <T extends SpecificRecord> Optional<T> find(Class<T> type, Predicate<T> matching) {
        return results(type, matching).stream().findFirst();
    }

    protected static TaskDispatched task(String requestId, String systemId, String connector, TaskAction action, Right right,
            Map<String, String> config, String controllerId) {
        return TaskDispatched.newBuilder()
                .setEventId(Events.newEventId())
                .setRequestId(requestId)
                .setOccurredAt(Instant.now())
                .setActor(new Actor(ActorType.SYSTEM, "router", null))
                .setTaskId(Events.derivedId(requestId, systemId, action.name()))
                .setControllerId(controllerId)
                .setSystemId(systemId)
                .setConnector(connector)
                .setConnectorConfig(config)
                .setAction(action)
                .setRight(right)
                .setSubject(SampleEvents.subject())
                .setDetails(SampleEvents.noDetails())
                .setDataCategories(List.of("name", "contact-details"))
                .setDeadline(LocalDate.now().plusMonths(1))
                .build();
    }

    protected static String newRequestId() {
        return "req-" + UUID.randomUUID();
    }
}
