package dev.rightsflow.schemas.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rightsflow.schemas.privacy.PersonalDataCipher;
import dev.rightsflow.schemas.serde.AvroSingleObjectSerde;
import dev.rightsflow.schemas.serde.EventSerde;

/**
 * Reads topics from the beginning up to their end at the moment of the call, and hands every
 * event to a projection. This is how a service rebuilds its MongoDB collections from Kafka, the
 * system of record: at start when its store is empty, and on demand. It uses no consumer group
 * and commits nothing, so the live listeners are unaffected. The projection must only update
 * state (no publishing, no calls out): replay is not a second delivery.
 *
 * <p>Records that cannot be decoded are skipped here (the live listeners have already sent them to
 * a dead-letter topic); their topic, partition and offset are logged, never their content.
 */
public final class TopicReplay {

    private static final Logger log = LoggerFactory.getLogger(TopicReplay.class);

    private TopicReplay() {
    }

    /** @return the number of events handed to the projection */
    public static long replay(KafkaSettings settings, Collection<String> topics,
            Consumer<ConsumerRecord<String, SpecificRecord>> projection) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        EventSerde serde = new AvroSingleObjectSerde();
        PersonalDataCipher cipher = Eventing.personalData(settings);
        long applied = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
                if (infos != null) {
                    infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
            end.entrySet().removeIf(e -> e.getValue() <= consumer.position(e.getKey()));
            while (!end.isEmpty()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    Long stop = end.get(tp);
                    if (stop == null || record.offset() >= stop) {
                        continue;
                    }
                    SpecificRecord event;
                    try {
                        event = EventDeserializer.open(serde.decode(record.value()), record.headers(), cipher);
                    } catch (EventSerde.UndecodableEventException e) {
                        log.warn("replay skipped an undecodable record at {}-{}@{}", record.topic(), record.partition(),
                                record.offset());
                        continue;
                    }
                    projection.accept(new ConsumerRecord<>(record.topic(), record.partition(), record.offset(),
                            record.key(), event));
                    applied++;
                }
                end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            }
        }
        return applied;
    }
}
