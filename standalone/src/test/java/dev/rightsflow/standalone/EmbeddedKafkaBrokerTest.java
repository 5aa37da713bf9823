package dev.rightsflow.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker is a real broker whose log survives a restart, and a restart after a crash does not keep the
 * crashed consumers in their groups.
 */
class EmbeddedKafkaBrokerTest {

    @TempDir
    Path dataDir;

    @Test
    void recordsWrittenBeforeARestartAreReadAfterIt() throws Exception {
        int port = freePort();
        int controllerPort = freePort();
        Path logDir = dataDir.resolve("kafka");

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(logDir, "127.0.0.1", port, controllerPort)) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("survives", 1, (short) 1))).all().get();
            }
            try (var producer = new KafkaProducer<String, String>(Map.of("bootstrap.servers", broker.bootstrapServers(),
                    "acks", "all"), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("survives", "request-1", "accepted")).get();
            }
            // A member of the group that does not leave it, as a crash (SIGKILL) of the process leaves its consumers:
            // the broker keeps it until its session times out (45 s by default).
            var crashed = new KafkaConsumer<String, String>(consumerProperties(broker, Map.of("enable.auto.commit", "false")),
                    new StringDeserializer(), new StringDeserializer());
            crashed.subscribe(List.of("survives"));
            long joined = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (crashed.assignment().isEmpty() && System.nanoTime() < joined) {
                crashed.poll(Duration.ofMillis(200));
            }
            assertThat(crashed.assignment()).isNotEmpty();
            crashed.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP));
        }
        assertThat(logDir.resolve("meta.properties")).exists();

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(logDir, "127.0.0.1", port, controllerPort);
                var consumer = new KafkaConsumer<String, String>(consumerProperties(broker, Map.of()),
                        new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("survives"));
            List<ConsumerRecord<String, String>> read = new ArrayList<>();
            // The member the crash left behind is gone at start, so the group forms at once rather than after the
            // ghost's session timeout (45 s).
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (read.isEmpty() && System.nanoTime() < until) {
                consumer.poll(Duration.ofMillis(500)).forEach(read::add);
            }
            assertThat(read).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo("request-1");
                assertThat(r.value()).isEqualTo("accepted");
            });
        }
    }

    private static Map<String, Object> consumerProperties(EmbeddedKafkaBroker broker, Map<String, Object> extra) {
        Map<String, Object> properties = new java.util.HashMap<>(Map.of("bootstrap.servers", broker.bootstrapServers(),
                "group.id", "after-restart", "auto.offset.reset", "earliest", "group.protocol", "classic"));
        properties.putAll(extra);
        return properties;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
