package dev.rightsflow.schemas.privacy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.kafka.KafkaSettings;

/**
 * The data keys on the compacted topic {@link Topics#KEYS}: key = request id, value = the 256-bit AES key, a
 * tombstone once the request's retention has ended. The topic is its own store, so keys survive restarts and
 * every service's rebuild opens history with the same keys; nothing else (no MongoDB collection) holds them.
 *
 * <p>Each JVM holds the topic's content in memory, one instance per cluster ({@link #shared}). A key is written
 * (and acknowledged by all in-sync replicas) before the first event sealed with it, so a reader that does not
 * know a request's key reads the topic to its end once and then does. Deletions made by another process reach a
 * reader at its next catch-up (at most {@link #REFRESH} later). Physically the tombstoned key leaves the broker's
 * log at the next compaction: the topic rolls its segments daily and compacts within a day
 * ({@code segment.ms}, {@code max.compaction.lag.ms}), and the tombstone itself goes a day later.
 */
public final class KafkaKeyStore implements KeyStore {

    /** How stale this JVM's view of deletions made elsewhere may become. */
    public static final Duration REFRESH = Duration.ofSeconds(10);
    private static final long DAY_MS = Duration.ofDays(1).toMillis();
    private static final Map<String, KafkaKeyStore> SHARED = new ConcurrentHashMap<>();

    private final KafkaSettings settings;
    private final Map<String, SecretKey> keys = new ConcurrentHashMap<>();
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();
    /** Guards the consumer (not thread-safe) and the clients' life; never held across a key's write. */
    private final Object clients = new Object();
    /** One lock per request whose key is being made, so two callers never make two keys for it. */
    private final Map<String, Object> making = new ConcurrentHashMap<>();
    private volatile KafkaProducer<String, byte[]> producer;
    private KafkaConsumer<String, byte[]> consumer;
    private List<TopicPartition> partitions;
    /** {@link System#nanoTime()} when the last finished catch-up asked for the topic's end, and when it ended. */
    private volatile long lastCatchUpAsked;
    private volatile long lastCatchUpEnded;

    private KafkaKeyStore(KafkaSettings settings) {
        this.settings = settings;
    }

    /** The one key store of this JVM for a cluster; connects on first use. */
    public static KafkaKeyStore shared(KafkaSettings settings) {
        return SHARED.computeIfAbsent(settings.bootstrapServers(), servers -> new KafkaKeyStore(settings));
    }

    /** The keys topic as every service creates it when missing: compacted, so a tombstone really erases. */
    public static NewTopic topic(KafkaSettings settings) {
        return new NewTopic(Topics.KEYS, settings.partitions(), settings.replicationFactor()).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.SEGMENT_MS_CONFIG, String.valueOf(DAY_MS),
                TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, String.valueOf(DAY_MS),
                TopicConfig.DELETE_RETENTION_MS_CONFIG, String.valueOf(DAY_MS),
                TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.01"));
    }

    /**
     * The request's key, made and acknowledged on the topic first when there is none. Callers for different
     * requests do not wait for each other (the key's write is acknowledged outside any shared lock, and the
     * producer batches concurrent writes); a caller that misses reads the topic to its end unless a read that
     * began after its miss has already done so, so concurrent misses share one catch-up.
     */
    @Override
    public SecretKey keyFor(String requestId) {
        SecretKey key = lookup(requestId, true);
        if (key != null) {
            return key;
        }
        return make(requestId);
    }

    /**
     * Skips {@link #keyFor}'s read of the topic to its end on a miss (a broker round trip and a fetch, shared by
     * concurrent misses but still one after the other): an id made at random a moment ago has no key anywhere.
     */
    @Override
    public SecretKey newKeyFor(String requestId) {
        start();
        return make(requestId);
    }

    /** Makes the request's key and has the topic acknowledge it, unless this JVM holds one already. */
    private SecretKey make(String requestId) {
        Object lock = making.computeIfAbsent(requestId, id -> new Object());
        try {
            synchronized (lock) {
                SecretKey key = keys.get(requestId);
                if (key != null) {
                    return key;
                }
                try {
                    KeyGenerator generator = KeyGenerator.getInstance("AES");
                    generator.init(256);
                    key = generator.generateKey();
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException("AES is required of every Java runtime", e);
                }
                write(requestId, key.getEncoded());
                keys.put(requestId, key);
                deleted.remove(requestId);
                return key;
            }
        } finally {
            making.remove(requestId, lock);
        }
    }

    @Override
    public Optional<SecretKey> find(String requestId) {
        return Optional.ofNullable(lookup(requestId, !deleted.contains(requestId)));
    }

    @Override
    public void delete(String requestId) {
        start();
        write(requestId, null);
        keys.remove(requestId);
        deleted.add(requestId);
    }

    /**
     * Closes the clients, so that a stopped service leaves no producer retrying a broker that is gone; the next
     * use connects again and reads the topic from the beginning.
     */
    public void close() {
        synchronized (clients) {
            if (consumer != null) {
                consumer.close(Duration.ofSeconds(5));
                producer.close(Duration.ofSeconds(5));
            }
            consumer = null;
            producer = null;
            keys.clear();
            deleted.clear();
            lastCatchUpAsked = 0;
            lastCatchUpEnded = 0;
        }
    }

    private SecretKey lookup(String requestId, boolean catchUpOnMiss) {
        start();
        long now = System.nanoTime();
        if (now - lastCatchUpEnded > REFRESH.toNanos()) {
            catchUpAfter(now);
        }
        SecretKey key = keys.get(requestId);
        if (key == null && catchUpOnMiss) {
            catchUpAfter(System.nanoTime());
            key = keys.get(requestId);
        }
        return key;
    }

    /** Reads the topic to its end, unless a catch-up that asked for the end after {@code missedAt} already has. */
    private void catchUpAfter(long missedAt) {
        synchronized (clients) {
            if (consumer == null) {
                start();
            }
            if (lastCatchUpAsked - missedAt >= 0 && lastCatchUpAsked != 0) {
                return;
            }
            catchUp();
        }
    }

    private void write(String requestId, byte[] value) {
        KafkaProducer<String, byte[]> current = producer;
        if (current == null) {
            start();
            current = producer;
        }
        try {
            current.send(new ProducerRecord<>(Topics.KEYS, requestId, value)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing a data key", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot store a data key on " + Topics.KEYS, e);
        }
    }

    /** Reads the topic to the end it has now; the caller holds {@link #clients}. */
    private void catchUp() {
        long asked = System.nanoTime();
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.value() == null) {
                    keys.remove(record.key());
                    deleted.add(record.key());
                } else {
                    keys.put(record.key(), new SecretKeySpec(record.value(), "AES"));
                    deleted.remove(record.key());
                }
            }
        }
        lastCatchUpAsked = asked;
        lastCatchUpEnded = System.nanoTime();
    }

    private void start() {
        if (producer != null) {
            return;
        }
        synchronized (clients) {
            if (consumer == null) {
                connect();
            }
        }
    }

    /** Creates the topic when missing, connects both clients and reads the topic once; under {@link #clients}. */
    private void connect() {
        ensureTopic();
        Map<String, Object> producerProps = new HashMap<>();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, "rightsflow-keys");
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        KafkaProducer<String, byte[]> keysProducer = new KafkaProducer<>(producerProps, new StringSerializer(),
                new ByteArraySerializer());
        Map<String, Object> consumerProps = new HashMap<>();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, byte[]> keysConsumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(),
                new ByteArrayDeserializer());
        partitions = keysConsumer.partitionsFor(Topics.KEYS, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(Topics.KEYS, p.partition())).toList();
        keysConsumer.assign(partitions);
        keysConsumer.seekToBeginning(partitions);
        consumer = keysConsumer;
        catchUp();
        producer = keysProducer;
    }

    private void ensureTopic() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(Topics.KEYS)) {
                admin.createTopics(List.of(topic(settings))).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + Topics.KEYS, e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + Topics.KEYS, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot create " + Topics.KEYS, e);
        }
    }
}
