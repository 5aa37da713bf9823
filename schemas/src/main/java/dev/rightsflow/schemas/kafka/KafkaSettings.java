package dev.rightsflow.schemas.kafka;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
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
 */
@ConfigurationProperties("rightsflow.kafka")
public record KafkaSettings(
        @DefaultValue("localhost:9092") String bootstrapServers,
        @DefaultValue("3") int partitions,
        @DefaultValue("1") short replicationFactor,
        @DefaultValue("200ms") Duration retryInitial,
        @DefaultValue("5s") Duration retryMax,
        @DefaultValue("4") int retryAttempts) {

    public static KafkaSettings of(String bootstrapServers) {
        return new KafkaSettings(bootstrapServers, 3, (short) 1, Duration.ofMillis(200), Duration.ofSeconds(5), 4);
    }
}
