package dev.rightsflow.schemas.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.kafka.Eventing;
import dev.rightsflow.schemas.kafka.KafkaSettings;
import dev.rightsflow.schemas.kafka.TopicAdmin;
import dev.rightsflow.schemas.kafka.TopicReplay;
import dev.rightsflow.schemas.testing.SampleEvents;

/**
 * Through a real broker: an event published the usual way holds its personal data only sealed; services read it
 * in clear while the request's key exists; once the key is deleted (a tombstone on {@code rightsflow.keys}) every
 * reader gets the blank event.
 */
class PersonalDataOnKafkaTest {

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
    void personalDataIsSealedOnTheTopicReadableWithItsKeyAndGoneWithIt() throws Exception {
        KafkaTemplate<String, Object> template = Eventing.template(settings, "test");
        RequestReceived original = SampleEvents.requestReceived("r-sealed", Right.ERASURE, "mes", null);
        Eventing.publish(template, Topics.REQUESTS, original).get();
        template.destroy();

        List<ConsumerRecord<String, byte[]>> raw = raw(Topics.REQUESTS);
        assertThat(raw).hasSize(1);
        assertThat(new String(raw.get(0).value(), StandardCharsets.ISO_8859_1))
                .doesNotContain("Alex Example", "alex@example.org", "M-1001");
        assertThat(raw.get(0).headers().lastHeader(PersonalDataCipher.HEADER)).isNotNull();
        assertThat(replay()).containsExactly(original);

        KafkaKeyStore.shared(settings).delete("r-sealed");

        RequestReceived erased = (RequestReceived) replay().get(0);
        assertThat(erased.getSubject()).isEqualTo(PersonalDataCipher.blankSubject());
        assertThat(erased.getOrganisationId()).isEqualTo("mes");
        List<ConsumerRecord<String, byte[]>> keys = raw(Topics.KEYS);
        assertThat(keys).last().satisfies(k -> {
            assertThat(k.key()).isEqualTo("r-sealed");
            assertThat(k.value()).isNull();
        });
    }

    private static List<SpecificRecord> replay() {
        List<SpecificRecord> events = new ArrayList<>();
        TopicReplay.replay(settings, List.of(Topics.REQUESTS), r -> events.add(r.value()));
        return events;
    }

    private static List<ConsumerRecord<String, byte[]>> raw(String topic) {
        try (var consumer = new KafkaConsumer<String, byte[]>(Map.of("bootstrap.servers", settings.bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }
}
