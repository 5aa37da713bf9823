package dev.rightsflow.schemas.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import dev.rightsflow.schemas.kafka.EventDeserializer;
import dev.rightsflow.schemas.kafka.Eventing;
import dev.rightsflow.schemas.kafka.KafkaSettings;
import dev.rightsflow.schemas.serde.AvroSingleObjectSerde;
import dev.rightsflow.schemas.serde.EventSerde;

/**
 * What a test sees on a topic: every event from the beginning up to the topic's end at the moment of the call, as
 * {@link dev.rightsflow.schemas.kafka.TopicReplay} hands them over (read committed, sealed personal fields opened,
 * undecodable records skipped), but read by one consumer per broker and topic that stays open for the test JVM and
 * keeps what it has read, so each call fetches only what arrived since the last. A test that polls a topic every few
 * hundred milliseconds until an event shows up (the helpers {@code events}, {@code awaitOne}, {@code topic}) otherwise
 * made a new consumer and decoded the whole topic on every poll, and the topics grow with every test that shares
 * the broker.
 *
 * <p>Not for checks of crypto-shredding: an event is opened once, when first read, so a key deleted afterwards does
 * not blank what was already read; such tests read with {@code TopicReplay}, as a rebuilding service does.
 */
public final class TopicTail {

    private static final Map<String, TopicTail> TAILS = new ConcurrentHashMap<>();

    private final String topic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final EventDeserializer events;
    private final List<ConsumerRecord<String, SpecificRecord>> read = new ArrayList<>();
    private final Set<TopicPartition> assigned = new HashSet<>();

    private TopicTail(KafkaSettings settings, String topic) {
        this.topic = topic;
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.events = new EventDeserializer(new AvroSingleObjectSerde(), Eventing.personalData(settings));
    }

    /**
     * Every event on {@code topic} now, in order per partition (one partition in most tests: in order).
     *
     * @param settings a Spring context's settings bean: a tail belongs to that instance, so a broker started later on a
     *                 port an earlier one used (another context) gets a tail of its own
     */
    public static List<ConsumerRecord<String, SpecificRecord>> of(KafkaSettings settings, String topic) {
        String key = System.identityHashCode(settings) + "|" + settings.bootstrapServers() + "|" + topic;
        return TAILS.computeIfAbsent(key, k -> new TopicTail(settings, topic)).upToNow();
    }

    /** The values of every event on {@code topic} now. */
    public static List<SpecificRecord> values(KafkaSettings settings, String topic) {
        return of(settings, topic).stream().map(ConsumerRecord::value).toList();
    }

    private synchronized List<ConsumerRecord<String, SpecificRecord>> upToNow() {
        assignNewPartitions();
        if (!assigned.isEmpty()) {
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(assigned, Duration.ofSeconds(30)));
            end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            while (!end.isEmpty()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    SpecificRecord event;
                    try {
                        event = events.deserialize(record.topic(), record.headers(), record.value());
                    } catch (EventSerde.UndecodableEventException e) {
                        continue;
                    }
                    read.add(new ConsumerRecord<>(record.topic(), record.partition(), record.offset(), record.key(), event));
                }
                end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            }
        }
        return List.copyOf(read);
    }

    /** A topic made after the first call, or given partitions since, is read from its beginning too. */
    private void assignNewPartitions() {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        List<TopicPartition> fresh = new ArrayList<>();
        if (infos != null) {
            for (PartitionInfo info : infos) {
                TopicPartition tp = new TopicPartition(info.topic(), info.partition());
                if (!assigned.contains(tp)) {
                    fresh.add(tp);
                }
            }
        }
        if (!fresh.isEmpty()) {
            assigned.addAll(fresh);
            consumer.assign(assigned);
            consumer.seekToBeginning(fresh);
        }
    }
}
