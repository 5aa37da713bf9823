package dev.rightsflow.connectors.tasks.kafka;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.github.tomakehurst.wiremock.WireMockServer;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import de.bwaldvogel.mongo.MongoServer;
import dev.rightsflow.connectors.ProcessorConnectorsApplication;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.Actor;
import dev.rightsflow.schemas.avro.ActorType;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.TaskAction;
import dev.rightsflow.schemas.avro.TaskAttemptFailed;
import dev.rightsflow.schemas.avro.TaskCompleted;
import dev.rightsflow.schemas.avro.TaskDispatched;
import dev.rightsflow.schemas.avro.TaskFailed;
import dev.rightsflow.schemas.kafka.Eventing;
import dev.rightsflow.schemas.kafka.KafkaSettings;
import dev.rightsflow.schemas.kafka.TopicAdmin;
import dev.rightsflow.schemas.testing.InProcessMongo;
import dev.rightsflow.schemas.testing.SampleEvents;

/**
 * Stopping the service while a vendor call is in flight, as an operator's SIGTERM does: the
 * service is started and closed as a whole application (its own Kafka broker and MongoDB-wire
 * server, which outlive it as they would outlive a restart), against a slow local WireMock vendor.
 * A call that ends within the shutdown timeout settles normally; one that does not is handed back
 * without using an attempt and runs once at the next start. Either way no failure is published
 * and nothing is logged at WARN or above by the service or its MongoDB driver while it stops.
 */
class CleanStopIntegrationTest {

    private static EmbeddedKafkaKraftBroker broker;
    private static KafkaSettings kafka;
    private static MongoServer mongo;
    private static Path data;
    private static final Queue<SpecificRecord> RESULTS = new ConcurrentLinkedQueue<>();
    private static volatile boolean collecting = true;
    private static Thread collector;
    private static org.springframework.kafka.core.KafkaTemplate<String, Object> router;
    private WireMockServer vendor;
    private ConfigurableApplicationContext running;

    @BeforeAll
    static void infrastructure() throws Exception {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.afterPropertiesSet();
        kafka = KafkaSettings.of(broker.getBrokersAsString());
        TopicAdmin.ensure(kafka, List.of());
        mongo = InProcessMongo.start();
        router = Eventing.template(kafka, "clean-stop-test");
        data = Files.createTempDirectory("connectors-stop");
        Consumer<String, SpecificRecord> consumer = Eventing.consumerFactory(kafka, "test-observer-" + UUID.randomUUID()).createConsumer();
        consumer.subscribe(List.of(Topics.TASK_RESULTS));
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
        }, "clean-stop-collector");
        collector.setDaemon(true);
        collector.start();
    }

    @AfterAll
    static void stopInfrastructure() throws InterruptedException {
        collecting = false;
        collector.join(5_000);
        router.destroy();
        mongo.shutdownNow();
        broker.destroy();
    }

    @AfterEach
    void stopAll() {
        if (running != null) {
            running.close();
        }
        if (vendor != null) {
            vendor.stop();
        }
    }

    @Test
    void aCallThatEndsWithinTheShutdownTimeoutSettlesBeforeTheServiceStops() {
        vendor = new WireMockServer(options().dynamicPort());
        vendor.start();
        vendor.stubFor(get(urlPathEqualTo("/slow/contacts")).willReturn(okJson("[{\"id\":\"S-1\"}]").withFixedDelay(1_500)));
        vendor.stubFor(delete(urlPathEqualTo("/slow/contacts/S-1")).willReturn(aResponse().withStatus(204)));
        running = start("10s");
        TaskDispatched task = dispatch("slow-crm");
        awaitStatus(running, task, "RUNNING");

        List<ILoggingEvent> logged = closeRecordingLogs(running);
        running = null;

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(results(TaskCompleted.class, task)).as("settled and published while stopping").hasSize(1));
        vendor.verify(1, deleteRequestedFor(urlPathEqualTo("/slow/contacts/S-1")));
        assertThat(results(TaskAttemptFailed.class, task)).isEmpty();
        assertThat(logged).as("warnings or errors while stopping").isEmpty();

        running = start("10s");
        awaitStatus(running, task, "COMPLETED");
        Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).untilAsserted(() ->
                vendor.verify(1, getRequestedFor(urlPathEqualTo("/slow/contacts"))));
    }

    @Test
    void aCallStillRunningAtTheShutdownTimeoutIsHandedBackAndRunsOnceAtTheNextStart() {
        vendor = new WireMockServer(options().dynamicPort());
        vendor.start();
        vendor.stubFor(get(urlPathEqualTo("/stuck/contacts")).willReturn(okJson("[{\"id\":\"K-1\"}]").withFixedDelay(8_000)));
        vendor.stubFor(delete(urlPathEqualTo("/stuck/contacts/K-1")).willReturn(aResponse().withStatus(204)));
        running = start("300ms");
        TaskDispatched task = dispatch("stuck-crm");
        awaitStatus(running, task, "RUNNING");

        List<ILoggingEvent> logged = closeRecordingLogs(running);
        running = null;

        assertThat(logged).as("warnings or errors while stopping").isEmpty();
        vendor.verify(0, deleteRequestedFor(urlPathEqualTo("/stuck/contacts/K-1")));

        // The vendor answers promptly now; the next start runs the task it was handed back.
        vendor.stubFor(get(urlPathEqualTo("/stuck/contacts")).willReturn(okJson("[{\"id\":\"K-1\"}]")));
        running = start("10s");
        awaitStatus(running, task, "COMPLETED");
        client(running).get().uri("/api/v1/connectors/tasks/{id}", task.getTaskId()).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.attempts").isEqualTo(1).jsonPath("$.attemptsThisRun").isEqualTo(1);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> results(TaskCompleted.class, task).size() == 1);
        vendor.verify(1, deleteRequestedFor(urlPathEqualTo("/stuck/contacts/K-1")));
        assertThat(results(TaskAttemptFailed.class, task)).as("the cut-off call was no failed attempt").isEmpty();
        assertThat(results(TaskFailed.class, task)).isEmpty();
    }

    private ConfigurableApplicationContext start(String shutdownTimeout) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", "0");
        properties.put("spring.mongodb.uri", InProcessMongo.uri(mongo));
        properties.put("spring.kafka.bootstrap-servers", broker.getBrokersAsString());
        properties.put("rightsflow.kafka.bootstrap-servers", broker.getBrokersAsString());
        properties.put("rightsflow.kafka.partitions", "1");
        properties.put("rightsflow.connectors.packages.directory", data.resolve("packages").toString());
        properties.put("rightsflow.connectors.operator-token", "stop-test-token");
        properties.put("rightsflow.connectors.runner.poll-interval", "200ms");
        properties.put("rightsflow.connectors.runner.shutdown-timeout", shutdownTimeout);
        // the vendor's stand-in runs on loopback, which the outbound guard refuses unless allowed
        properties.put("rightsflow.connectors.allowed-outbound-hosts", "localhost,127.0.0.1");
        // As command-line arguments: they win over application.yml, as an operator's settings would.
        return new SpringApplicationBuilder(ProcessorConnectorsApplication.class)
                .run(properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    private TaskDispatched dispatch(String systemId) {
        String requestId = "req-" + UUID.randomUUID();
        TaskDispatched task = TaskDispatched.newBuilder().setEventId(Events.newEventId()).setRequestId(requestId)
                .setOccurredAt(Instant.now()).setActor(new Actor(ActorType.SYSTEM, "router", null))
                .setTaskId(Events.derivedId(requestId, systemId, "ERASE")).setControllerId("ecs").setSystemId(systemId)
                .setConnector("generic-rest").setConnectorConfig(Map.of("baseUrl", vendor.baseUrl() + "/" + systemId.replace("-crm", "")))
                .setAction(TaskAction.ERASE).setRight(Right.ERASURE).setSubject(SampleEvents.subject())
                .setDetails(SampleEvents.noDetails()).setDataCategories(List.of("contact-details"))
                .setDeadline(LocalDate.now().plusMonths(1)).build();
        Eventing.publish(router, Topics.TASKS, task).join();
        return task;
    }

    private static void awaitStatus(ConfigurableApplicationContext context, TaskDispatched task, String status) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                client(context).get().uri("/api/v1/connectors/tasks/{id}", task.getTaskId()).exchange().expectStatus().isOk().expectBody()
                        .jsonPath("$.status").isEqualTo(status));
    }

    private static WebTestClient client(ConfigurableApplicationContext context) {
        String port = context.getEnvironment().getProperty("local.server.port");
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).defaultHeader("Authorization", "Bearer stop-test-token")
                .responseTimeout(Duration.ofSeconds(20)).build();
    }

    /** Closes the context and returns what the service and its MongoDB driver logged at WARN or above meanwhile. */
    private static List<ILoggingEvent> closeRecordingLogs(ConfigurableApplicationContext context) {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        try {
            context.close();
        } finally {
            root.detachAppender(appender);
        }
        return appender.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .filter(e -> e.getLoggerName().startsWith("dev.rightsflow") || e.getLoggerName().startsWith("org.mongodb")
                        || e.getLoggerName().startsWith("com.mongodb") || String.valueOf(e.getFormattedMessage()).contains("state should be"))
                .toList();
    }

    private static <T extends SpecificRecord> List<T> results(Class<T> type, TaskDispatched task) {
        return RESULTS.stream().filter(type::isInstance).map(type::cast).filter(e -> task.getTaskId().equals(String.valueOf(e.get(e.getSchema().getField("taskId").pos())))).toList();
    }
}
