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
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.common.Uuid;
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
 * when both are up; {@link #close} shuts both down and waits.
 */
final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final int OFFSETS_PARTITIONS = 3;
    /** The log cleaner's offset map: {@code log.cleaner.dedupe.buffer.size} (see {@link #start}). */
    static final long CLEANER_DEDUPE_BYTES = 16L * 1024 * 1024;

    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
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
            if (!formatted) {
                forgetMembersOfEarlierRun(bootstrap);
            }
            log.info("Kafka broker (KRaft) up at {} with its log in {} (its start {} ms, the groups of the earlier run {} ms)",
                    bootstrap, logDir.toAbsolutePath(), (serving - started) / 1_000_000, (System.nanoTime() - serving) / 1_000_000);
            return new EmbeddedKafkaBroker(server, bootstrap);
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
     */
    private static void forgetMembersOfEarlierRun(String bootstrap) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("could not remove the consumer group members the previous run left behind ({}); they expire"
                    + " after their session timeout", e.toString());
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
