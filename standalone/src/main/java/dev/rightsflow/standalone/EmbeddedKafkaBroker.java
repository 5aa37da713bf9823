package dev.rightsflow.standalone;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

/**
 * A real Apache Kafka broker in KRaft mode (combined broker and controller, one node) running in
 * this JVM, with its log in a directory that survives restarts. The storage is formatted once,
 * when {@code meta.properties} is missing, as {@code kafka-storage.sh format} would.
 *
 * <p>Lifecycle: {@link #start} formats if needed, starts the controller and the broker and returns
 * when both are up; {@link #forgetMembersOfEarlierRun()} then settles the consumer groups of the earlier run (no
 * consumer may join a group before: the standalone runs it beside the context's building); {@link #close} shuts both
 * down and waits.
 */
final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final int OFFSETS_PARTITIONS = 3;
    /** The log cleaner's offset map: {@code log.cleaner.dedupe.buffer.size} (see {@link #start}). */
    static final long CLEANER_DEDUPE_BYTES = 16L * 1024 * 1024;

    /**
     * The size at which a partition's log starts a new segment ({@code log.segment.bytes}; Kafka's default is 1 GiB).
     * After a crash the broker reads again every segment at or after a partition's recovery point, whole, to check
     * each batch and rebuild its indexes, and the recovery point only moves when a segment is closed: with 1 GiB
     * segments no partition here ever closed one, so a restart after {@code SIGKILL} read the whole history again (at
     * 100,000 requests 1.4 GB, 9 s of the broker's 15 s start against 6 s after a clean stop). With 16 MiB segments a
     * crash costs at most the open segments and whatever closed since the last checkpoint of the recovery points.
     */
    static final long SEGMENT_BYTES = 16L * 1024 * 1024;

    /**
     * The consumer offsets' segment size ({@code offsets.topic.segment.bytes}; 100 MiB by default). The group
     * coordinator reads its whole log at every start before any group can join, and the cleaner compacts only closed
     * segments: every commit of a run stayed in the one open segment (70 MB at 100,000 requests, 3.2 to 3.9 s of every
     * start). 4 MiB segments are compacted down to the last commit of each partition of each group.
     */
    static final long OFFSETS_SEGMENT_BYTES = 4L * 1024 * 1024;

    /**
     * How long the controller keeps a broker registered without a heartbeat ({@code broker.session.timeout.ms}, 9 s by
     * default; the heartbeat every {@link #HEARTBEAT_MS}). A process killed without a clean stop leaves its broker
     * registered and unfenced in the metadata log; the restarted controller gives that registration a fresh session and
     * refuses the new broker ({@code DUPLICATE_BROKER_REGISTRATION}) until it expires: 10 s of every start after
     * {@code SIGKILL}, at any history size (a start at 100,000 requests: the logs loaded in 3.0 s, then 10 s of refused
     * registrations). Broker and controller share this process and talk over loopback, so 3 s still leaves six
     * heartbeats of slack; a pause longer than that fences the broker until its next heartbeat, and the clients retry.
     */
    static final int SESSION_TIMEOUT_MS = 3_000;

    /** The broker's heartbeat to its controller ({@code broker.heartbeat.interval.ms}, 2 s by default). */
    static final int HEARTBEAT_MS = 500;

    /** How often the recovery points are written down ({@code log.flush.offset.checkpoint.interval.ms}; 60 s by default). */
    static final long RECOVERY_POINT_CHECKPOINT_MS = 10_000;

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    /** Whether this start formatted the log: then no earlier run left anything in its groups. */
    private final boolean formatted;

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers, boolean formatted) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.formatted = formatted;
    }

    static EmbeddedKafkaBroker start(Path logDir, String host, int port, int controllerPort) {
        // The broker ends its process on a fatal fault; in-process, that would end the services too
        // without a word. Make it say why and fail the broker instead.
        Exit.setExitProcedure((code, message) -> {
            log.error("the embedded Kafka broker asked to exit with status {}: {}", code, message);
            throw new IllegalStateException("Kafka broker exit " + code + ": " + message);
        });
        Exit.setHaltProcedure((code, message) -> {
            log.error("the embedded Kafka broker asked to halt with status {}: {}", code, message);
            throw new IllegalStateException("Kafka broker halt " + code + ": " + message);
        });
        try {
            Files.createDirectories(logDir);
            Properties props = new Properties();
            props.put("process.roles", "broker,controller");
            props.put("node.id", String.valueOf(NODE_ID));
            props.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
            props.put("listeners", "PLAINTEXT://" + host + ":" + port + "," + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort);
            props.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
            props.put("controller.listener.names", CONTROLLER_LISTENER);
            props.put("inter.broker.listener.name", "PLAINTEXT");
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
            props.put("log.dirs", logDir.toAbsolutePath().toString());
            props.put("num.partitions", "3");
            props.put("auto.create.topics.enable", "false");
            props.put("offsets.topic.replication.factor", "1");
            props.put("offsets.topic.num.partitions", String.valueOf(OFFSETS_PARTITIONS));
            props.put("transaction.state.log.replication.factor", "1");
            props.put("transaction.state.log.min.isr", "1");
            props.put("transaction.state.log.num.partitions", "3");
            props.put("share.coordinator.state.topic.replication.factor", "1");
            props.put("share.coordinator.state.topic.min.isr", "1");
            props.put("group.initial.rebalance.delay.ms", "0");
            props.put("log.retention.hours", "-1");
            // The log cleaner (compacted topics: the registry, the key store) keeps an offset map of this size on the
            // heap for as long as the broker runs: 128 MiB by default, an eighth of a 1 GiB heap (a heap dump during a
            // 90,000-request burst: the largest single object). 16 MiB maps about 700,000 keys a pass; the key store's
            // one key per data subject may need more, and the cleaner then takes its log in several passes.
            props.put("log.cleaner.dedupe.buffer.size", String.valueOf(CLEANER_DEDUPE_BYTES));
            // What a start after a crash reads again, and what the group coordinator reads at every start: bounded
            // by these sizes, not by the history (see the constants). Topics created before keep no override of
            // their own, so these apply to them too; their large open segments close at their next write.
            props.put("log.segment.bytes", String.valueOf(SEGMENT_BYTES));
            props.put("offsets.topic.segment.bytes", String.valueOf(OFFSETS_SEGMENT_BYTES));
            props.put("log.flush.offset.checkpoint.interval.ms", String.valueOf(RECOVERY_POINT_CHECKPOINT_MS));
            // after a crash, how long the controller refuses the restarted broker (see the constants)
            props.put("broker.session.timeout.ms", String.valueOf(SESSION_TIMEOUT_MS));
            props.put("broker.heartbeat.interval.ms", String.valueOf(HEARTBEAT_MS));
            KafkaConfig config = KafkaConfig.fromProps(props, false);
            boolean formatted = !Files.exists(logDir.resolve("meta.properties"));
            if (formatted) {
                format(logDir);
            }
            long started = System.nanoTime();
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            long serving = System.nanoTime();
            String bootstrap = host + ":" + port;
            log.info("Kafka broker (KRaft) up at {} with its log in {} (its start {} ms)",
                    bootstrap, logDir.toAbsolutePath(), (serving - started) / 1_000_000);
            return new EmbeddedKafkaBroker(server, bootstrap, formatted);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded Kafka broker on port " + port
                    + " (is another Kafka running? set KAFKA_BOOTSTRAP_SERVERS to use it, or RIGHTSFLOW_KAFKA_PORT)", e);
        }
    }

    private static void format(Path logDir) throws Exception {
        String dir = logDir.toAbsolutePath().toString();
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(java.util.List.of(dir))
                .setMetadataLogDirectory(dir)
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setReleaseVersion(MetadataVersion.latestProduction())
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .run();
        log.info("formatted Kafka storage in {}", dir);
    }

    /**
     * Removes from every consumer group the members that the previous run of this JVM left behind. The
     * broker ran in the process whose consumers they were, so after a clean stop there are none (they left),
     * and after a crash ({@code SIGKILL}) every one is a ghost: the group coordinator keeps it until its
     * session times out (45 s by default), and the services' consumers, joining anew, wait for it to rejoin
     * or expire before their group settles. That wait was most of what a restart after a crash cost more
     * than one after a clean stop. Removing the ghosts lets the groups form at once; committed offsets stay. Not fatal when it fails: the ghosts then expire as before.
     * A consumer that joined a group before this returns would be removed with them. Nothing to do on a log this
     * start formatted. It takes 2 to 4 s (the coordinator loading its log, the admin calls), so the standalone runs it
     * on a thread of its own while the context is built, and only the services' listeners wait for it.
     */
    void forgetMembersOfEarlierRun() {
        if (formatted) {
            return;
        }
        long began = System.nanoTime();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            keepConsumerOffsetsSegmentsSmall(admin);
            awaitGroupCoordinatorLoaded(admin);
            List<String> groups = admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get().stream()
                    .map(GroupListing::groupId).toList();
            if (groups.isEmpty()) {
                return;
            }
            int removed = 0;
            for (Map.Entry<String, ConsumerGroupDescription> group : admin.describeConsumerGroups(groups).all().get().entrySet()) {
                if (!group.getValue().members().isEmpty()) {
                    admin.removeMembersFromConsumerGroup(group.getKey(), new RemoveMembersFromConsumerGroupOptions()).all().get();
                    removed += group.getValue().members().size();
                }
            }
            if (removed > 0) {
                log.info("removed {} consumer group members the previous run left behind (it did not stop cleanly)", removed);
            }
            log.info("the consumer groups of the earlier run settled in {} ms", (System.nanoTime() - began) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("could not remove the consumer group members the previous run left behind ({}); they expire"
                    + " after their session timeout", e.toString());
        }
    }

    /**
     * The broker creates the consumer offsets topic with its segment size as a setting of the topic's own, so a data
     * directory from a version before {@link #OFFSETS_SEGMENT_BYTES} keeps 100 MiB segments unless told: set it on the
     * topic (nothing to do when it is already set, or when no group has committed yet and the topic does not exist).
     */
    private static void keepConsumerOffsetsSegmentsSmall(Admin admin) {
        ConfigResource offsets = new ConfigResource(ConfigResource.Type.TOPIC, "__consumer_offsets");
        try {
            Config current = admin.describeConfigs(List.of(offsets)).all().get().get(offsets);
            ConfigEntry segment = current.get(TopicConfig.SEGMENT_BYTES_CONFIG);
            if (segment != null && segment.value() != null && Long.parseLong(segment.value()) <= OFFSETS_SEGMENT_BYTES) {
                return;
            }
            admin.incrementalAlterConfigs(Map.of(offsets, List.of(new AlterConfigOp(new ConfigEntry(
                    TopicConfig.SEGMENT_BYTES_CONFIG, String.valueOf(OFFSETS_SEGMENT_BYTES)), AlterConfigOp.OpType.SET))))
                    .all().get();
            log.info("the consumer offsets topic now closes a segment every {} MiB (was {} bytes), so its cleaner can compact it",
                    OFFSETS_SEGMENT_BYTES / (1024 * 1024), segment == null ? "unset" : segment.value());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                log.warn("could not set the consumer offsets topic's segment size ({}); its start stays as long as its log", e.toString());
            }
        }
    }

    /**
     * The group coordinator loads the groups from its log after the broker is up, and until it has, listing
     * groups answers none (measured: no group 0.5 s after start, all eleven 1 s later). Describing a group makes
     * the client retry while the coordinator of that group's partition is loading, so one group id on each
     * partition of the offsets topic (whether the group exists does not matter) waits exactly until all are loaded.
     */
    private static void awaitGroupCoordinatorLoaded(Admin admin) throws InterruptedException {
        java.util.Set<Integer> covered = new java.util.HashSet<>();
        List<String> probes = new java.util.ArrayList<>();
        for (int i = 0; covered.size() < OFFSETS_PARTITIONS; i++) {
            String id = "rightsflow-coordinator-loaded-" + i;
            if (covered.add(org.apache.kafka.common.utils.Utils.abs(id.hashCode()) % OFFSETS_PARTITIONS)) {
                probes.add(id);
            }
        }
        for (var described : admin.describeConsumerGroups(probes).describedGroups().values()) {
            try {
                described.get();
            } catch (java.util.concurrent.ExecutionException e) {
                // a group that does not exist is the expected answer, once its coordinator has loaded
            }
        }
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        log.info("Kafka broker stopped");
    }
}
