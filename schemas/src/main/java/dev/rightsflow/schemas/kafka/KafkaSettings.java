package dev.rightsflow.schemas.kafka;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Kafka settings shared by every service ({@code rightsflow.kafka.*}). The bootstrap servers come
 * from {@code KAFKA_BOOTSTRAP_SERVERS}; the default is the standalone's embedded broker.
 *
 * @param bootstrapServers  where the brokers are
 * @param partitions        partitions of each topic a service creates when it is missing
 * @param replicationFactor replication of those topics (1 for one broker, 3 for a real cluster)
 * @param retryInitial      first back-off of a failed listener call
 * @param retryMax          largest back-off
 * @param retryAttempts     attempts before a record goes to the service's dead-letter topic
 * @param listenerConcurrency consumers (threads) each listener container of a service runs in its group
 *                          ({@link Eventing#listenerFactory}), at most {@code partitions}; a container
 *                          whose topics all have one partition runs one. The default, 2, is one per core of the 2-core machines
 *                          this is measured on; with the default {@code partitions} (6) each of the two
 *                          consumers gets three partitions of every flow topic. The standalone on its own embedded
 *                          broker sets 1 unless told otherwise (one broker on the same two cores: the second consumer
 *                          doubled the idle requests to the broker and gained nothing)
 */
@ConfigurationProperties("rightsflow.kafka")
public record KafkaSettings(
        @DefaultValue("localhost:9092") String bootstrapServers,
        @DefaultValue("6") int partitions,
        @DefaultValue("1") short replicationFactor,
        @DefaultValue("200ms") Duration retryInitial,
        @DefaultValue("5s") Duration retryMax,
        @DefaultValue("4") int retryAttempts,
        @DefaultValue("2") int listenerConcurrency) {

    /** The settings as they were before {@code listenerConcurrency}: listeners at the default concurrency. */
    public KafkaSettings(String bootstrapServers, int partitions, short replicationFactor, Duration retryInitial,
            Duration retryMax, int retryAttempts) {
        this(bootstrapServers, partitions, replicationFactor, retryInitial, retryMax, retryAttempts, DEFAULT_CONCURRENCY);
    }

    static final int DEFAULT_CONCURRENCY = 2;

    @ConstructorBinding
    public KafkaSettings {
        if (listenerConcurrency < 1) {
            throw new IllegalArgumentException("rightsflow.kafka.listener-concurrency must be 1 or more, not " + listenerConcurrency);
        }
    }

    public static KafkaSettings of(String bootstrapServers) {
        return new KafkaSettings(bootstrapServers, 6, (short) 1, Duration.ofMillis(200), Duration.ofSeconds(5), 4);
    }
}
