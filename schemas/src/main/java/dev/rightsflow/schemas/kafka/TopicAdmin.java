package dev.rightsflow.schemas.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.privacy.KafkaKeyStore;

/**
 * Creates the flow's topics that do not exist yet. Idempotent; every service calls it at start, so
 * any service can come up first. Retention is unlimited: the topics are the system of record and
 * the services rebuild their stores from them. The registry and lanes topics are compacted.
 */
public final class TopicAdmin {

    private TopicAdmin() {
    }

    /** Whether the topic is one this creates with a single partition (dead letters, registry, lanes). */
    public static boolean singlePartition(String topic) {
        return Topics.DEAD_LETTERS.contains(topic) || Topics.REGISTRY.equals(topic) || Topics.LANES.equals(topic);
    }

    /** How many records were ever written to a topic (the sum of its partitions' end offsets). */
    public static long recordsEverWritten(String bootstrapServers, String topic) {
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(
                Map.of("bootstrap.servers", bootstrapServers),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            List<org.apache.kafka.common.TopicPartition> partitions = consumer
                    .partitionsFor(topic, java.time.Duration.ofSeconds(30)).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions, java.time.Duration.ofSeconds(30)).values().stream()
                    .mapToLong(Long::longValue).sum();
        }
    }

    public static void ensure(KafkaSettings settings, Collection<String> extraTopics) {
        List<NewTopic> wanted = new ArrayList<>();
        for (String topic : Topics.FLOW) {
            wanted.add(new NewTopic(topic, settings.partitions(), settings.replicationFactor())
                    .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")));
        }
        for (String topic : Topics.DEAD_LETTERS) {
            wanted.add(new NewTopic(topic, 1, settings.replicationFactor())
                    .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")));
        }
        wanted.add(new NewTopic(Topics.REGISTRY, 1, settings.replicationFactor())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        wanted.add(new NewTopic(Topics.LANES, 1, settings.replicationFactor())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        wanted.add(KafkaKeyStore.topic(settings));
        for (String topic : extraTopics) {
            wanted.add(new NewTopic(topic, settings.partitions(), settings.replicationFactor()));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topics on " + settings.bootstrapServers(), e);
        }
    }
}
