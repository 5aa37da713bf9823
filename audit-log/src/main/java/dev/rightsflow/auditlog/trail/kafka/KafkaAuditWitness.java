package dev.rightsflow.auditlog.trail.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

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
import org.springframework.beans.factory.DisposableBean;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import dev.rightsflow.auditlog.trail.application.AuditWitness;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.AuditEntryAppended;
import dev.rightsflow.schemas.kafka.KafkaSettings;
import dev.rightsflow.schemas.serde.AvroSingleObjectSerde;
import dev.rightsflow.schemas.serde.EventSerde;

/**
 * Reads the witness records ({@code AuditEntryAppended}) on {@code rightsflow.audit} into an index of the
 * first hash witnessed per (chain, sequence).
 *
 * <p>One consumer without a consumer group (nothing committed, the live listeners unaffected), assigned every
 * partition of the topic. Each call first reads on from where the previous one stopped up to the topic's end at
 * the moment of the call, so a verification sees every witness published before it. The index holds a chain
 * id, a sequence and a hash per entry (about 150 bytes); it is built in memory and never in MongoDB, which is
 * the store the witness guards.
 */
public class KafkaAuditWitness implements AuditWitness, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(KafkaAuditWitness.class);
    private static final Duration READ_LIMIT = Duration.ofSeconds(20);

    private final KafkaSettings settings;
    private final EventSerde serde = new AvroSingleObjectSerde();
    private final Map<String, SortedMap<Long, String>> firstWitnessed = new HashMap<>();
    private KafkaConsumer<String, byte[]> consumer;

    public KafkaAuditWitness(KafkaSettings settings) {
        this.settings = settings;
    }

    @Override
    public Mono<SortedMap<Long, String>> witnessed(String chain) {
        return Mono.fromCallable(() -> readUpToEndAndGet(chain)).subscribeOn(Schedulers.boundedElastic());
    }

    private synchronized SortedMap<Long, String> readUpToEndAndGet(String chain) {
        try {
            catchUp();
        } catch (RuntimeException e) {
            closeConsumer();
            throw e;
        }
        SortedMap<Long, String> found = firstWitnessed.get(chain);
        return found == null ? Collections.emptySortedMap() : Collections.unmodifiableSortedMap(new TreeMap<>(found));
    }

    private void catchUp() {
        if (consumer == null) {
            consumer = newConsumer();
        }
        List<TopicPartition> partitions = new ArrayList<>();
        List<PartitionInfo> infos = consumer.partitionsFor(Topics.AUDIT, Duration.ofSeconds(10));
        if (infos != null) {
            infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
        }
        if (!consumer.assignment().containsAll(partitions)) {
            List<TopicPartition> added = new ArrayList<>(partitions);
            added.removeAll(consumer.assignment());
            List<TopicPartition> all = new ArrayList<>(consumer.assignment());
            all.addAll(added);
            consumer.assign(all);
            consumer.seekToBeginning(added);
        }
        Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(10)));
        end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
        long deadline = System.nanoTime() + READ_LIMIT.toNanos();
        while (!end.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the audit witness could not be read up to its end in " + READ_LIMIT);
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                index(record);
            }
            end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
        }
    }

    private void index(ConsumerRecord<String, byte[]> record) {
        SpecificRecord event;
        try {
            event = serde.decode(record.value());
        } catch (EventSerde.UndecodableEventException e) {
            log.warn("audit witness skipped an undecodable record at {}-{}@{}", record.topic(), record.partition(),
                    record.offset());
            return;
        }
        if (event instanceof AuditEntryAppended witness) {
            firstWitnessed.computeIfAbsent(witness.getRequestId(), c -> new TreeMap<>())
                    .putIfAbsent(witness.getSequence(), witness.getHash());
        }
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "rightsflow-audit-log-witness");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private void closeConsumer() {
        if (consumer != null) {
            try {
                consumer.close();
            } catch (RuntimeException ignored) {
                // closing a consumer that failed; nothing more to do
            }
            consumer = null;
        }
    }

    @Override
    public synchronized void destroy() {
        closeConsumer();
    }
}
