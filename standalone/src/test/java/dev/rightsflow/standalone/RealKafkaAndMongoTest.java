package dev.rightsflow.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * The same end-to-end request against real Kafka and MongoDB images, as docker-compose runs them:
 * the standalone starts neither its embedded broker nor its in-process MongoDB server when
 * {@code KAFKA_BOOTSTRAP_SERVERS} and {@code MONGODB_URI} are set. Needs Docker: where there is no
 * Docker engine the test is reported as skipped (not passed).
 */
@Testcontainers(disabledWithoutDocker = true)
class RealKafkaAndMongoTest {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.2.1");

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:8.0");

    @TempDir
    Path dataDir;

    @Test
    void erasureThroughTheProcessorCompletesOnRealKafkaAndMongoDb() {
        try (RunningSystem system = RunningSystem.start(dataDir, Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", KAFKA.getBootstrapServers(),
                "MONGODB_URI", MONGO.getReplicaSetUrl("rightsflow")))) {
            var result = new Scenario(system.http).erasureThroughTheProcessorIsCarriedOut();
            assertThat(result.getValue().path("controllerId").asText()).isEqualTo("northshire-nhs-ft");
        }
    }
}
