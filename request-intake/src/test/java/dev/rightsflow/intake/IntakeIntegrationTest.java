package dev.rightsflow.intake;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.rightsflow.intake.registry.application.RegistryView;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.OrganisationPublished;
import dev.rightsflow.schemas.kafka.KafkaSettings;
import dev.rightsflow.schemas.testing.TopicTail;
import dev.rightsflow.schemas.testing.InProcessMongo;

/**
 * Base of the tests that go through HTTP, a real Kafka broker (embedded, KRaft) and the real
 * MongoDB driver (in-process server). Every subclass has the same configuration, so they share one
 * Spring context and one broker. The registry is published on the REGISTRY topic as the router
 * would, once.
 */
@SpringBootTest(classes = RequestIntakeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "rightsflow.intake.processor-secrets.mes=" + SeedRegistry.MES_TOKEN,
                "rightsflow.intake.processor-secrets.ecs=" + SeedRegistry.ECS_SECRET,
                "rightsflow.secrets.values.NORTHSHIRE_PROCESSOR_TOKEN=" + SeedRegistry.NORTHSHIRE_TOKEN,
                "rightsflow.intake.rate-limit-per-minute=100000",
                "rightsflow.intake.demo-outbox=true",
                "rightsflow.intake.max-body-size=16KB",
                "rightsflow.kafka.partitions=1",
                "rightsflow.opendsr.domain=" + IntakeIntegrationTest.OPENDSR_DOMAIN,
                "rightsflow.opendsr.allowed-outbound-hosts=127.0.0.1",
                "rightsflow.opendsr.callback-first-retry=1s",
                "rightsflow.opendsr.callback-max-retry=2s"})
@ContextConfiguration(initializers = InProcessMongo.class)
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "rightsflow.kafka.bootstrap-servers")
abstract class IntakeIntegrationTest {

    /** The OpenDSR domain this intake signs as (its demo certificate is issued to it). */
    static final String OPENDSR_DOMAIN = "intake.rightsflow.test";

    /** The brokers (one per Spring context) on which the registry has been published. */
    private static final java.util.Set<String> registryPublishedOn = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("intakeKafkaTemplate")
    KafkaTemplate<String, Object> kafka;

    @Autowired
    KafkaSettings kafkaSettings;

    @Autowired
    RegistryView registry;

    WebTestClient web;

    @Autowired
    java.util.List<dev.rightsflow.schemas.state.ProjectionState> projectionStates;

    @BeforeEach
    void publishRegistryOnce() throws Exception {
        // until the service has caught up with its topics it answers 503 (ready means caught up)
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> projectionStates.stream().allMatch(s -> s.ready()));
        web = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(30)).build();
        if (!registryPublishedOn.contains(kafkaSettings.bootstrapServers())) {
            for (OrganisationPublished org : SeedRegistry.all()) {
                kafka.send(Topics.REGISTRY, org.getOrganisationId(), org).get(10, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> registry.snapshot().block().size() >= SeedRegistry.all().size());
            registryPublishedOn.add(kafkaSettings.bootstrapServers());
        }
    }

    /** Every event on the topic so far for one request, read through the broker (by the test JVM's tail, see TopicTail). */
    List<SpecificRecord> eventsOf(String topic, String requestId) {
        List<SpecificRecord> events = new ArrayList<>();
        TopicTail.of(kafkaSettings, topic).stream().filter(r -> requestId.equals(r.key())).forEach(r -> events.add(r.value()));
        return events;
    }

    List<String> typesOf(String topic, String requestId) {
        return eventsOf(topic, requestId).stream().map(Events::type).toList();
    }

    void publish(String topic, SpecificRecord event) throws Exception {
        kafka.send(topic, Events.requestId(event), event).get(10, TimeUnit.SECONDS);
    }
}
