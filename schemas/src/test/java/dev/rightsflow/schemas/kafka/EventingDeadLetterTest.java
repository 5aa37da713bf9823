package dev.rightsflow.schemas.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.testing.SampleEvents;

/** Through a real broker: bad records go to the named dead-letter topic and the listener carries on. */
class EventingDeadLetterTest {

    private static EmbeddedKafkaKraftBroker broker;
    private static KafkaSettings settings;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.afterPropertiesSet();
        settings = KafkaSettings.of(broker.getBrokersAsString());
        TopicAdmin.ensure(settings, List.of());
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    @Test
    void undecodableRecordLandsInTheDeadLetterTopicAndTheNextEventIsStillHandled() {
        List<SpecificRecord> handled = new CopyOnWriteArrayList<>();
        KafkaTemplate<String, Object> template = Eventing.template(settings, "test");
        var factory = Eventing.listenerFactory(settings, "dlt-test", template, Topics.DLT_ROUTER);
        ConcurrentMessageListenerContainer<String, SpecificRecord> container = factory.createContainer(Topics.REQUESTS);
        container.getContainerProperties().setMessageListener(
                (MessageListener<String, SpecificRecord>) record -> handled.add(record.value()));
        container.start();
        try (var raw = new KafkaProducer<String, byte[]>(Map.of("bootstrap.servers", settings.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(Topics.REQUESTS, "r-bad", "not an event".getBytes())).get();
            RequestReceived good = SampleEvents.requestReceived("r-good", Right.ERASURE, "mes", null);
            Eventing.publish(template, Topics.REQUESTS, good).get();

            await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == 1);
            assertThat(handled).containsExactly(good);
            assertThat(readAll(Topics.DLT_ROUTER)).anySatisfy(record -> {
                assertThat(record.key()).isEqualTo("r-bad");
                assertThat(new String(record.value())).isEqualTo("not an event");
                assertThat(record.headers().lastHeader("kafka_dlt-exception-fqcn")).isNotNull();
            });
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            container.stop();
        }
    }

    @Test
    void listenerFailureIsRetriedThenDeadLettered() throws Exception {
        KafkaTemplate<String, Object> template = Eventing.template(settings, "test");
        var factory = Eventing.listenerFactory(new KafkaSettings(settings.bootstrapServers(), 1, (short) 1,
                Duration.ofMillis(10), Duration.ofMillis(20), 3), "retry-test", template, Topics.DLT_AUDIT);
        List<String> attempts = new CopyOnWriteArrayList<>();
        ConcurrentMessageListenerContainer<String, SpecificRecord> container = factory.createContainer(Topics.CASES);
        container.getContainerProperties().setMessageListener((MessageListener<String, SpecificRecord>) record -> {
            attempts.add(record.key());
            throw new IllegalStateException("downstream is down");
        });
        container.start();
        try {
            Eventing.publish(template, Topics.CASES, SampleEvents.requestReceived("r-retry", Right.ACCESS, "ecs", null)).get();
            await().atMost(Duration.ofSeconds(30)).until(() -> readAll(Topics.DLT_AUDIT).stream()
                    .anyMatch(r -> "r-retry".equals(r.key())));
            assertThat(attempts).containsExactly("r-retry", "r-retry", "r-retry");
        } finally {
            container.stop();
        }
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        try (var consumer = new KafkaConsumer<String, byte[]>(Map.of("bootstrap.servers", settings.bootstrapServers(),
                "group.id", "reader-" + System.nanoTime(), "auto.offset.reset", "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, byte[]>> all = new java.util.ArrayList<>();
            long until = System.currentTimeMillis() + 3000;
            while (System.currentTimeMillis() < until) {
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
            }
            return all;
        }
    }
}
