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
        List<ConsumerRecord<String, byte[]>> keys = raw(Topics.KEYS).stream().filter(k -> k.key().equals("r-sealed")).toList();
        assertThat(keys).last().satisfies(k -> {
            assertThat(k.key()).isEqualTo("r-sealed");
            assertThat(k.value()).isNull();
        });
    }

    /**
     * Keys are made concurrently (a request's key no longer waits for every other request's), yet one request
     * never gets two keys, and the key each caller was handed is the one on the topic.
     */
    @Test
    void concurrentCallersGetOneKeyPerRequestAndTheTopicHoldsTheKeysTheyWereHanded() throws Exception {
        KafkaKeyStore store = KafkaKeyStore.shared(settings);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            Map<String, List<java.util.concurrent.Future<javax.crypto.SecretKey>>> handed = new java.util.LinkedHashMap<>();
            for (int i = 0; i < 120; i++) {
                String id = "r-concurrent-" + i;
                handed.put(id, new ArrayList<>());
                // three callers at once for some requests (a status read, a listener and a retry, say)
                for (int c = 0; c < (i % 10 == 0 ? 3 : 1); c++) {
                    handed.get(id).add(pool.submit(() -> store.keyFor(id)));
                }
            }
            Map<String, List<byte[]>> keysHanded = new java.util.HashMap<>();
            for (var e : handed.entrySet()) {
                for (var f : e.getValue()) {
                    keysHanded.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                            .add(f.get(60, java.util.concurrent.TimeUnit.SECONDS).getEncoded());
                }
            }
            Map<String, byte[]> onTopic = new java.util.HashMap<>();
            Map<String, Integer> writes = new java.util.HashMap<>();
            for (ConsumerRecord<String, byte[]> r : raw(Topics.KEYS)) {
                if (r.key().startsWith("r-concurrent-")) {
                    onTopic.put(r.key(), r.value());
                    writes.merge(r.key(), 1, Integer::sum);
                }
            }
            assertThat(onTopic).hasSize(handed.size());
            for (var e : keysHanded.entrySet()) {
                assertThat(e.getValue()).allSatisfy(k -> assertThat(k).isEqualTo(onTopic.get(e.getKey())));
                assertThat(writes.get(e.getKey())).as("keys written for " + e.getKey()).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A key for an id just made at random: on the topic before it is handed out, and the one keyFor finds after. */
    @Test
    void aNewRequestsKeyIsOnTheTopicBeforeItIsHandedAndIsTheOneFoundAfter() {
        KafkaKeyStore store = KafkaKeyStore.shared(settings);
        String id = "r-new-" + java.util.UUID.randomUUID();
        javax.crypto.SecretKey key = store.newKeyFor(id);
        List<byte[]> onTopic = raw(Topics.KEYS).stream().filter(r -> r.key().equals(id)).map(ConsumerRecord::value).toList();
        assertThat(onTopic).hasSize(1);
        assertThat(onTopic.get(0)).isEqualTo(key.getEncoded());
        assertThat(store.keyFor(id).getEncoded()).isEqualTo(key.getEncoded());
        assertThat(store.newKeyFor(id).getEncoded()).as("asked again: the same key, none written").isEqualTo(key.getEncoded());
        assertThat(raw(Topics.KEYS).stream().filter(r -> r.key().equals(id))).hasSize(1);
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
