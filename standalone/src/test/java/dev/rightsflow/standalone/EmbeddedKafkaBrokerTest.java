package dev.rightsflow.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rightsflow.schemas.testing.FreePorts;

/**
 * The embedded broker is a real broker whose log survives a restart, a restart after a crash does not keep the
 * crashed consumers in their groups, and what a start reads again is bounded by segment sizes, not by the history.
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
                Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
                var consumer = new KafkaConsumer<String, String>(consumerProperties(broker, Map.of()),
                        new StringDeserializer(), new StringDeserializer())) {
            // The standalone settles the earlier run's groups on a thread of its own once the broker is up, and its
            // listeners wait for it (EmbeddedInfrastructure.BeforeTheListeners): this consumer too.
            broker.forgetMembersOfEarlierRun();
            assertThat(admin.describeConsumerGroups(List.of("after-restart")).all().get().get("after-restart").members())
                    .as("the member the crash left behind").isEmpty();
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

    /**
     * After a crash the broker reads again, whole, every segment at or after a partition's recovery point, and that
     * point moves only when a segment closes. With Kafka's 1 GiB segments nothing here ever closed one, so a start
     * after {@code SIGKILL} read the whole history again (1.4 GB at 100,000 requests). Here a partition that took 40
     * MiB has closed segments and its written-down recovery point has passed them: a crash now would read again only
     * its last segment.
     */
    @Test
    void aPartitionClosesSegmentsAndItsRecoveryPointPassesThemSoACrashRereadsOnlyTheLast() throws Exception {
        Path logDir = dataDir.resolve("kafka");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(logDir, "127.0.0.1", freePort(), freePort())) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("history", 1, (short) 1))).all().get();
            }
            byte[] value = new byte[256 * 1024];
            new java.util.Random(7).nextBytes(value);
            try (var producer = new KafkaProducer<String, byte[]>(Map.of("bootstrap.servers", broker.bootstrapServers(),
                    "acks", "all", "linger.ms", 5), new StringSerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < 160; i++) {
                    producer.send(new ProducerRecord<>("history", "request-" + i, value));
                }
                producer.flush();
            }
            List<Long> segments = segmentBaseOffsets(logDir.resolve("history-0"));
            assertThat(segments).as("segments of a partition that took 40 MiB").hasSizeGreaterThanOrEqualTo(3);
            long lastSegment = segments.get(segments.size() - 1);
            // the broker writes the recovery points down first 30 s after its start, then every 10 s
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(recoveryPoint(logDir, "history", 0)).isGreaterThanOrEqualTo(lastSegment));
        }
    }

    /**
     * The group coordinator reads the consumer offsets' whole log at every start and its cleaner compacts only closed
     * segments; the broker gave that topic 100 MiB segments as a setting of its own, which a data directory from
     * before keeps. A start lowers it.
     */
    @Test
    void aStartOnAnEarlierDataDirectoryGivesTheConsumerOffsetsSmallSegments() throws Exception {
        int port = freePort();
        int controllerPort = freePort();
        Path logDir = dataDir.resolve("kafka");
        ConfigResource offsets = new ConfigResource(ConfigResource.Type.TOPIC, "__consumer_offsets");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(logDir, "127.0.0.1", port, controllerPort);
                Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("survives", 1, (short) 1))).all().get();
            try (var consumer = new KafkaConsumer<String, String>(consumerProperties(broker, Map.of("enable.auto.commit", "false")),
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.assign(List.of(new TopicPartition("survives", 0)));
                consumer.commitSync(Map.of(new TopicPartition("survives", 0), new OffsetAndMetadata(0)));
            }
            assertThat(segmentBytes(admin, offsets)).isEqualTo(EmbeddedKafkaBroker.OFFSETS_SEGMENT_BYTES);
            // as a data directory from an earlier version has it
            admin.incrementalAlterConfigs(Map.of(offsets, List.of(new AlterConfigOp(
                    new ConfigEntry(TopicConfig.SEGMENT_BYTES_CONFIG, "104857600"), AlterConfigOp.OpType.SET)))).all().get();
            assertThat(segmentBytes(admin, offsets)).isEqualTo(104_857_600L);
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(logDir, "127.0.0.1", port, controllerPort);
                Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            broker.forgetMembersOfEarlierRun(); // it sets the offsets topic's segments first
            assertThat(segmentBytes(admin, offsets)).isEqualTo(EmbeddedKafkaBroker.OFFSETS_SEGMENT_BYTES);
        }
    }

    private static long segmentBytes(Admin admin, ConfigResource topic) throws Exception {
        return Long.parseLong(admin.describeConfigs(List.of(topic)).all().get().get(topic)
                .get(TopicConfig.SEGMENT_BYTES_CONFIG).value());
    }

    private static List<Long> segmentBaseOffsets(Path partition) throws IOException {
        try (var files = Files.list(partition)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".log"))
                    .map(n -> Long.parseLong(n.substring(0, n.length() - ".log".length()))).sorted().toList();
        }
    }

    /** The partition's line of {@code recovery-point-offset-checkpoint} (version, count, then "topic partition offset"). */
    private static long recoveryPoint(Path logDir, String topic, int partition) throws IOException {
        return Files.readAllLines(logDir.resolve("recovery-point-offset-checkpoint")).stream().skip(2)
                .map(line -> line.split(" ")).filter(f -> f[0].equals(topic) && f[1].equals(String.valueOf(partition)))
                .mapToLong(f -> Long.parseLong(f[2])).findFirst().orElse(-1L);
    }

    private static Map<String, Object> consumerProperties(EmbeddedKafkaBroker broker, Map<String, Object> extra) {
        Map<String, Object> properties = new java.util.HashMap<>(Map.of("bootstrap.servers", broker.bootstrapServers(),
                "group.id", "after-restart", "auto.offset.reset", "earliest", "group.protocol", "classic"));
        properties.putAll(extra);
        return properties;
    }

    static int freePort() {
        return FreePorts.take();
    }
}
