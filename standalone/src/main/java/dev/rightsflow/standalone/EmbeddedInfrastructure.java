package dev.rightsflow.standalone;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

import de.bwaldvogel.mongo.MongoServer;
import dev.rightsflow.standalone.demo.DemoVendors;
import dev.rightsflow.schemas.embedded.IndexedMemoryBackend;
import dev.rightsflow.schemas.embedded.MemorySnapshots;
import dev.rightsflow.schemas.state.DurableWrites;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The embedded default: a real Kafka broker (KRaft) with its log under {@code <data>/kafka}, and
 * an in-process server that speaks the MongoDB wire protocol (mongo-java-server, memory backend),
 * reached through the real MongoDB driver. Kafka is the system of record; the in-memory
 * collections are checkpointed under {@code <data>/mongo} with the offsets they reflect and
 * restored at start, and each service then consumes what came after (or everything, when there is
 * no sound checkpoint), so a restart loses nothing and costs what the state costs.
 *
 * <p>Each part starts only when the environment does not name a real one
 * ({@code KAFKA_BOOTSTRAP_SERVERS}, {@code MONGODB_URI}). The demo stand-ins for the processors'
 * systems ({@link DemoVendors}) start unless {@code RIGHTSFLOW_DEMO_VENDORS=false}. Registered as the first disposable bean
 * of the context, so it is stopped last, after every service has closed its consumers.
 */
final class EmbeddedInfrastructure implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedInfrastructure.class);

    private final EmbeddedKafkaBroker kafka;
    private final MongoServer mongo;
    private final DemoVendors demoVendors;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private static final String CHECKPOINT_FILE = "store.checkpoint";
    private volatile IndexedMemoryBackend backend;
    private Path checkpointFile;
    private long checkpointEvery;
    private ScheduledExecutorService checkpoints;

    private EmbeddedInfrastructure(EmbeddedKafkaBroker kafka, MongoServer mongo, DemoVendors demoVendors,
            String kafkaBootstrap, String mongoUri, Path dataDir) {
        this.kafka = kafka;
        this.mongo = mongo;
        this.demoVendors = demoVendors;
        properties.put("rightsflow.connectors.packages.directory", dataDir.resolve("packages").toString());
        properties.put("rightsflow.kafka.bootstrap-servers", kafkaBootstrap);
        properties.put("spring.kafka.bootstrap-servers", kafkaBootstrap);
        properties.put("spring.mongodb.uri", mongoUri);
    }

    static EmbeddedInfrastructure start(StandaloneSettings settings) {
        EmbeddedKafkaBroker kafka = null;
        String bootstrap = settings.externalKafka();
        if (bootstrap == null) {
            kafka = EmbeddedKafkaBroker.start(settings.dataDir().resolve("kafka"), settings.host(), settings.kafkaPort(),
                    settings.kafkaControllerPort());
            bootstrap = kafka.bootstrapServers();
        } else {
            log.info("using the Kafka cluster at KAFKA_BOOTSTRAP_SERVERS");
        }
        MongoServer mongo = null;
        IndexedMemoryBackend backend = null;
        String uri = settings.externalMongo();
        if (uri == null) {
            try {
                backend = new IndexedMemoryBackend();
                Path checkpoint = settings.dataDir().resolve("mongo").resolve(CHECKPOINT_FILE);
                MemorySnapshots.Summary restored = MemorySnapshots.restore(backend, checkpoint);
                if (restored != null) {
                    log.info("restored the store checkpoint: {} documents in {} collections ({} KB)", restored.documents(),
                            restored.collections(), restored.bytes() / 1024);
                }
                mongo = new MongoServer(backend);
                mongo.bind(new InetSocketAddress(settings.host(), settings.mongoPort()));
            } catch (RuntimeException e) {
                if (kafka != null) {
                    kafka.close();
                }
                throw new IllegalStateException("cannot start the in-process MongoDB-wire server on port "
                        + settings.mongoPort() + " (set MONGODB_URI to use a real MongoDB, or RIGHTSFLOW_MONGO_PORT)", e);
            }
            InetSocketAddress address = mongo.getLocalAddress();
            uri = "mongodb://" + address.getHostString() + ":" + address.getPort();
            log.info("in-process MongoDB-wire server (memory backend) up at {}", uri);
        } else {
            log.info("using the MongoDB at MONGODB_URI");
        }
        DemoVendors vendors = null;
        if (settings.demoVendors()) {
            try {
                vendors = DemoVendors.start();
            } catch (Exception e) { // WireMock also throws checked exceptions unchecked
                if (mongo != null) {
                    mongo.shutdownNow();
                }
                if (kafka != null) {
                    kafka.close();
                }
                throw new IllegalStateException("cannot start the demo stand-ins of the processors' systems on ports "
                        + DemoVendors.PORTS + " (set RIGHTSFLOW_DEMO_VENDORS=false to run without them)", e);
            }
        }
        EmbeddedInfrastructure infrastructure = new EmbeddedInfrastructure(kafka, mongo, vendors, bootstrap, uri,
                settings.dataDir());
        infrastructure.backend = backend;
        infrastructure.checkpointFile = settings.dataDir().resolve("mongo").resolve(CHECKPOINT_FILE);
        infrastructure.checkpointEvery = settings.checkpointEvery();
        if (vendors != null && settings.externalSecretsFile() == null) {
            infrastructure.properties.putAll(vendors.properties());
        }
        if (vendors != null) {
            infrastructure.properties.putAll(vendors.openDsrProperties());
        }
        return infrastructure;
    }

    /** The properties that point the services at this infrastructure. */
    Map<String, Object> properties() {
        return properties;
    }

    /**
     * Checkpoints the in-process store every {@code RIGHTSFLOW_CHECKPOINT_SECONDS} (default 30)
     * under {@code <data>/mongo}, so a restart, even after a crash, restores the services' state
     * and consumes only what came after it (see {@link MemorySnapshots}).
     */
    synchronized void startCheckpoints() {
        if (backend == null || checkpoints != null || checkpointEvery <= 0) {
            return;
        }
        checkpoints = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rightsflow-checkpoint");
            t.setDaemon(true);
            return t;
        });
        checkpoints.scheduleWithFixedDelay(this::checkpoint, checkpointEvery, checkpointEvery, TimeUnit.SECONDS);
        // The only copy of a document that is on no topic (a logged letter's scan) is checkpointed before its write is answered.
        DurableWrites.register(this::checkpoint);
    }

    private synchronized void checkpoint() {
        if (backend == null) {
            return;
        }
        try {
            long started = System.nanoTime();
            MemorySnapshots.Summary written = MemorySnapshots.write(backend, checkpointFile);
            log.debug("store checkpoint: {} documents, {} KB, {} ms", written.documents(), written.bytes() / 1024,
                    (System.nanoTime() - started) / 1_000_000);
        } catch (java.io.IOException | RuntimeException e) {
            log.warn("the store checkpoint could not be written ({}); the previous one is kept", e.toString());
        }
    }

    @Override
    public void destroy() {
        DurableWrites.clear();
        if (checkpoints != null) {
            checkpoints.shutdownNow();
        }
        // The services have stopped consuming: this checkpoint is the state as they left it.
        checkpoint();
        backend = null;
        if (demoVendors != null) {
            demoVendors.close();
        }
        if (mongo != null) {
            mongo.shutdownNow();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    /** Where the standalone keeps its data and which ports it binds, from the environment. */
    record StandaloneSettings(Path dataDir, String host, int kafkaPort, int kafkaControllerPort, int mongoPort,
            String externalKafka, String externalMongo, boolean demoVendors, String externalSecretsFile,
            long checkpointEvery) {

        static StandaloneSettings fromEnvironment(Map<String, String> env) {
            return new StandaloneSettings(
                    Path.of(env.getOrDefault("RIGHTSFLOW_DATA_DIR", "data")),
                    env.getOrDefault("RIGHTSFLOW_BIND_HOST", "127.0.0.1"),
                    Integer.parseInt(env.getOrDefault("RIGHTSFLOW_KAFKA_PORT", "9092")),
                    Integer.parseInt(env.getOrDefault("RIGHTSFLOW_KAFKA_CONTROLLER_PORT", "9093")),
                    Integer.parseInt(env.getOrDefault("RIGHTSFLOW_MONGO_PORT", "27017")),
                    blankToNull(env.get("KAFKA_BOOTSTRAP_SERVERS")),
                    blankToNull(env.get("MONGODB_URI")),
                    DemoVendors.enabled(env),
                    blankToNull(env.get("CONNECTORS_SECRETS_FILE")),
                    Long.parseLong(env.getOrDefault("RIGHTSFLOW_CHECKPOINT_SECONDS", "30")));
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value;
        }
    }
}
