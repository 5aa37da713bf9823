package dev.rightsflow.standalone;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

import de.bwaldvogel.mongo.MongoServer;
import dev.rightsflow.standalone.demo.DemoVendors;
import dev.rightsflow.schemas.embedded.IndexedDiskBackend;
import dev.rightsflow.schemas.embedded.IndexedMemoryBackend;
import dev.rightsflow.schemas.embedded.MemorySnapshots;
import dev.rightsflow.schemas.state.DurableWrites;
import dev.rightsflow.schemas.state.ErasedOnDisk;
import dev.rightsflow.schemas.state.ProjectionState;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The embedded default: a real Kafka broker (KRaft) with its log under {@code <data>/kafka}, and
 * an in-process server that speaks the MongoDB wire protocol (mongo-java-server), reached through the real
 * MongoDB driver. Kafka is the system of record. By default the server's store is {@link IndexedDiskBackend}'s
 * file under {@code <data>/mongo}, committed every {@code RIGHTSFLOW_CHECKPOINT_SECONDS} with the offsets it
 * reflects and opened at start; each service then consumes what came after (or everything, when the file is
 * unreadable), so a restart loses nothing and costs what the state costs. With
 * {@code RIGHTSFLOW_EMBEDDED_STORE=memory} the collections live on the heap instead ({@link IndexedMemoryBackend}),
 * checkpointed to a file under {@code <data>/mongo} and restored at start.
 *
 * <p>Each part starts only when the environment does not name a real one
 * ({@code KAFKA_BOOTSTRAP_SERVERS}, {@code MONGODB_URI}). The broker and the store start side by side while the
 * context is built, and its first lifecycle waits for both ({@link #start()}). The demo stand-ins for the processors'
 * systems ({@link DemoVendors}) start beside them, on a thread of their own, unless {@code RIGHTSFLOW_DEMO_VENDORS=false};
 * they listen before any service consumes ({@link BeforeTheListeners}, the lifecycle just before the services'
 * listeners), so no task resumed after a restart calls a stand-in that is not there yet. Registered as the first
 * disposable bean of the context, so it is stopped last, after every service has closed its consumers.
 */
final class EmbeddedInfrastructure implements DisposableBean, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedInfrastructure.class);

    /** Started side by side, in the background: the context is built meanwhile (see {@link #start(StandaloneSettings)}). */
    private final CompletableFuture<EmbeddedKafkaBroker> kafka;
    private final CompletableFuture<MongoServer> mongo;
    /** Done once the broker's consumer groups are rid of the earlier run's members (at once with an external broker). */
    private CompletableFuture<Void> groupsOfEarlierRun = CompletableFuture.completedFuture(null);
    /** The demo stand-ins, started in the background at {@link #start(StandaloneSettings)}; null when they are off. */
    private final CompletableFuture<DemoVendors> demoVendors;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private static final String CHECKPOINT_FILE = "store.checkpoint";
    private volatile IndexedMemoryBackend backend;
    /** The disk store ({@code RIGHTSFLOW_EMBEDDED_STORE=disk}) once opened; null with the memory store. */
    private java.util.concurrent.atomic.AtomicReference<IndexedDiskBackend> disk;
    private Path checkpointFile;
    private long checkpointEvery;
    private ScheduledExecutorService checkpoints;
    private volatile boolean started;
    private final java.util.concurrent.atomic.AtomicBoolean destroyed = new java.util.concurrent.atomic.AtomicBoolean();

    private EmbeddedInfrastructure(CompletableFuture<EmbeddedKafkaBroker> kafka, CompletableFuture<MongoServer> mongo,
            CompletableFuture<DemoVendors> demoVendors, String kafkaBootstrap, String mongoUri, Path dataDir) {
        this.kafka = kafka;
        this.mongo = mongo;
        this.demoVendors = demoVendors;
        properties.put("rightsflow.connectors.packages.directory", dataDir.resolve("packages").toString());
        // the demo OpenDSR key (used only when no key is configured) is kept, so a restart signs with the same certificate
        properties.put("rightsflow.opendsr.demo-key-store", dataDir.resolve("opendsr-demo-key.p12").toString());
        properties.put("rightsflow.kafka.bootstrap-servers", kafkaBootstrap);
        properties.put("spring.kafka.bootstrap-servers", kafkaBootstrap);
        properties.put("spring.mongodb.uri", mongoUri);
    }

    /**
     * Starts the embedded parts side by side, each on a thread of its own, and returns at once with the
     * properties that point the services at them (their addresses are fixed by the settings): the broker and
     * the store (its checkpoint restored, then bound) start while Spring builds the context. Nothing uses a part
     * before it is up: {@link #awaitKafka()} and {@link #awaitStore()} gate the first use of the Kafka
     * settings and of the MongoDB client ({@link RightsflowStandalone}), and {@link #start()} (the first
     * lifecycle of the context, before any listener, web server or task runner) waits for both. The demo
     * stand-ins start beside them; {@link BeforeTheListeners} waits for them just before the services' listeners start.
     */
    static EmbeddedInfrastructure start(StandaloneSettings settings) {
        String bootstrap = settings.externalKafka();
        CompletableFuture<EmbeddedKafkaBroker> kafka;
        if (bootstrap == null) {
            bootstrap = settings.host() + ":" + settings.kafkaPort();
            kafka = inBackground("kafka", () -> EmbeddedKafkaBroker.start(settings.dataDir().resolve("kafka"),
                    settings.host(), settings.kafkaPort(), settings.kafkaControllerPort()));
        } else {
            log.info("using the Kafka cluster at KAFKA_BOOTSTRAP_SERVERS");
            kafka = CompletableFuture.completedFuture(null);
        }
        IndexedMemoryBackend backend = null;
        CompletableFuture<MongoServer> mongo;
        String uri = settings.externalMongo();
        java.util.concurrent.atomic.AtomicReference<IndexedDiskBackend> disk = null;
        if (uri == null && settings.diskStore()) {
            disk = new java.util.concurrent.atomic.AtomicReference<>();
            java.util.concurrent.atomic.AtomicReference<IndexedDiskBackend> opened = disk;
            mongo = inBackground("store", () -> startDiskStore(opened, settings));
            uri = settings.mongoPort() <= 0 ? uri(awaitPart(mongo, "the in-process MongoDB-wire server"))
                    : "mongodb://" + settings.host() + ":" + settings.mongoPort();
        } else if (uri == null) {
            backend = new IndexedMemoryBackend();
            IndexedMemoryBackend restoreInto = backend;
            Path checkpoint = settings.dataDir().resolve("mongo").resolve(CHECKPOINT_FILE);
            mongo = inBackground("store", () -> startStore(restoreInto, checkpoint, settings));
            if (settings.mongoPort() <= 0) {
                // the address is the one the system chooses: known once bound
                uri = uri(awaitPart(mongo, "the in-process MongoDB-wire server"));
            } else {
                uri = "mongodb://" + settings.host() + ":" + settings.mongoPort();
            }
        } else {
            log.info("using the MongoDB at MONGODB_URI");
            mongo = CompletableFuture.completedFuture(null);
        }
        boolean leedsStandIn = false;
        CompletableFuture<DemoVendors> demoVendors = CompletableFuture.completedFuture(null);
        if (settings.demoVendors()) {
            // decided now, as the stand-in on 9112 will be: it starts unless its port is taken
            leedsStandIn = PortCheck.isFree("127.0.0.1", DemoVendors.LEEDS_PORT);
            // beside the broker and the store, while the context is built: loading WireMock and its twelve servers
            // costs seconds of CPU, and they must listen before the connectors resume any task (BeforeTheListeners)
            demoVendors = inBackground("demo-vendors", DemoVendors::start);
        }
        EmbeddedInfrastructure infrastructure = new EmbeddedInfrastructure(kafka, mongo, demoVendors,
                bootstrap, uri, settings.dataDir());
        infrastructure.backend = backend;
        infrastructure.disk = disk;
        // once the broker is up, beside the context's building: only the services' listeners wait (BeforeTheListeners)
        infrastructure.groupsOfEarlierRun = kafka.thenCompose(broker -> broker == null ? CompletableFuture.<Void>completedFuture(null)
                : inBackground("kafka-groups", () -> {
                    broker.forgetMembersOfEarlierRun();
                    return null;
                }));
        infrastructure.checkpointFile = settings.dataDir().resolve("mongo").resolve(CHECKPOINT_FILE);
        infrastructure.checkpointEvery = settings.checkpointEvery();
        if (settings.demoVendors() && settings.externalSecretsFile() == null) {
            infrastructure.properties.putAll(DemoVendors.secretProperties());
        }
        if (settings.demoVendors()) {
            infrastructure.properties.putAll(DemoVendors.openDsrProperties(leedsStandIn));
        }
        return infrastructure;
    }

    private static MongoServer startStore(IndexedMemoryBackend backend, Path checkpoint, StandaloneSettings settings) {
        try {
            long began = System.nanoTime();
            MemorySnapshots.Summary restored = MemorySnapshots.restore(backend, checkpoint);
            if (restored != null) {
                log.info("restored the store checkpoint: {} documents in {} collections ({} KB) in {} ms",
                        restored.documents(), restored.collections(), restored.bytes() / 1024,
                        (System.nanoTime() - began) / 1_000_000);
            }
            MongoServer server = new MongoServer(backend);
            server.bind(new InetSocketAddress(settings.host(), settings.mongoPort()));
            log.info("in-process MongoDB-wire server (memory backend) up at {}", uri(server));
            return server;
        } catch (RuntimeException e) {
            throw cannotStartStore(settings, e);
        }
    }

    /**
     * The disk store: opened (or, when its file is unreadable, started empty, which makes the services
     * rebuild) under {@code <data>/mongo}, then bound. Nothing is restored: the state is on disk.
     */
    private static MongoServer startDiskStore(java.util.concurrent.atomic.AtomicReference<IndexedDiskBackend> opened,
            StandaloneSettings settings) {
        try {
            long began = System.nanoTime();
            IndexedDiskBackend backend = IndexedDiskBackend.open(settings.dataDir().resolve("mongo"), settings.compactAtStart());
            Path checkpoint = settings.dataDir().resolve("mongo").resolve(CHECKPOINT_FILE);
            if (!backend.recreated() && backend.documents() == 0 && java.nio.file.Files.isRegularFile(checkpoint)) {
                // switched from the memory store: its checkpoint (with its offsets, and the documents on no topic) moves over once
                MemorySnapshots.Summary imported = MemorySnapshots.restore(backend, checkpoint);
                if (imported != null) {
                    backend.commit();
                    log.info("imported the memory store's checkpoint into the disk store: {} documents in {} collections",
                            imported.documents(), imported.collections());
                }
            }
            opened.set(backend);
            log.info("opened the disk store {}: {} documents ({} KB) in {} ms{}", backend.file(), backend.documents(),
                    backend.fileSize() / 1024, (System.nanoTime() - began) / 1_000_000,
                    backend.recreated() ? " (its file was unreadable: started empty, the services rebuild)" : "");
            MongoServer server = new MongoServer(backend);
            server.bind(new InetSocketAddress(settings.host(), settings.mongoPort()));
            log.info("in-process MongoDB-wire server (disk backend) up at {}", uri(server));
            return server;
        } catch (RuntimeException e) {
            throw cannotStartStore(settings, e);
        }
    }

    private static IllegalStateException cannotStartStore(StandaloneSettings settings, RuntimeException e) {
        return new IllegalStateException("cannot start the in-process MongoDB-wire server on port "
                + settings.mongoPort() + " (set MONGODB_URI to use a real MongoDB, or RIGHTSFLOW_MONGO_PORT)", e);
    }

    private static String uri(MongoServer server) {
        InetSocketAddress address = server.getLocalAddress();
        return "mongodb://" + address.getHostString() + ":" + address.getPort();
    }

    private static <T> CompletableFuture<T> inBackground(String part, java.util.function.Supplier<T> start) {
        CompletableFuture<T> future = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                future.complete(start.get());
            } catch (Throwable e) { // reported to whoever waits for the part
                future.completeExceptionally(e);
            }
        }, "rightsflow-start-" + part);
        t.setDaemon(true);
        t.start();
        return future;
    }

    /** Waits for a part started in the background; its failure is thrown as it would have been in the foreground. */
    private static <T> T awaitPart(CompletableFuture<T> part, String what) {
        try {
            return part.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("cannot start " + what, e.getCause());
        }
    }

    /** Returns once the embedded broker is up (at once with an external one); throws when it could not start. */
    void awaitKafka() {
        awaitPart(kafka, "the embedded Kafka broker");
    }

    /**
     * Returns once the embedded broker's consumer groups are rid of the members the earlier run left behind
     * ({@link EmbeddedKafkaBroker#forgetMembersOfEarlierRun()}, started once the broker is up; at once with an external broker): the services'
     * consumers must not join before, or they would be removed with them.
     */
    void awaitGroupsOfEarlierRun() {
        awaitKafka();
        long began = System.nanoTime();
        groupsOfEarlierRun.join(); // never fails: a removal that could not be made is logged, those members expire
        logWaited(began, "the services' listeners", "the consumer groups of the earlier run");
    }

    /** Logs how long a part of the start waited for another since {@code began}, when it did. */
    static void logWaited(long began, String who, String what) {
        long waited = (System.nanoTime() - began) / 1_000_000;
        if (waited > 0) {
            log.info("{} waited {} ms for {}", who, waited, what);
        }
    }

    /** Returns once the store is restored and listening (at once with an external one); throws when it could not start. */
    void awaitStore() {
        awaitPart(mongo, "the in-process MongoDB-wire server");
    }

    /**
     * The first lifecycle of the context: nothing that consumes or serves starts before the broker and the store
     * (its checkpoint restored) are up.
     */
    @Override
    public void start() {
        awaitKafka();
        awaitStore();
        started = true;
    }

    /**
     * Returns once the demo stand-ins of the processors' systems listen (at once when they are off). They are demo
     * vendors, no part of readiness: a stand-in that cannot start is logged and skipped ({@link DemoVendors#start()}),
     * and when none could start the services run on, their tasks for the demo systems retrying.
     */
    void awaitDemoVendors() {
        long began = System.nanoTime();
        try {
            demoVendors.join();
        } catch (RuntimeException e) {
            log.error("the demo stand-ins of the processors' systems did not start ({}); tasks for the demo systems"
                    + " on ports {} will retry (set RIGHTSFLOW_DEMO_VENDORS=false to run without them)",
                    e.getCause() == null ? e.toString() : e.getCause().toString(), DemoVendors.PORTS);
            return;
        }
        logWaited(began, "the services' listeners", "the demo stand-ins to listen");
    }

    /** Whether the demo stand-ins have started, or will not start (they are off or failed). */
    boolean demoVendorsSettled() {
        return demoVendors.isDone();
    }

    /** The demo stand-ins once started (for tests and diagnostics), or null: off, failed or still starting. */
    DemoVendors demoVendors() {
        return demoVendors.isDone() && !demoVendors.isCompletedExceptionally() ? demoVendors.join() : null;
    }

    /**
     * The lifecycle just before the services' listeners ({@link ProjectionState}, phase {@code Integer.MAX_VALUE - 1100}):
     * waits for the demo stand-ins, so the connectors, which resume the tasks of a backlog as soon as they have caught
     * up, never call a stand-in before it listens (before, they started once every service was ready, and a task
     * resumed in the meantime paused its lane or, its deadline at risk, dead-lettered). The web server and everything
     * else before this phase does not wait; the stand-ins have been starting since the context began to be built.
     * It waits first for the embedded broker's consumer groups to be rid of the members the earlier run left behind:
     * the broker settles them on a thread of its own once it is up, while the context is built, and a consumer that
     * joined before would be removed with them.
     */
    static final class BeforeTheListeners implements SmartLifecycle {

        /** One below {@link ProjectionState}'s phase (a test checks it stays below every service's). */
        static final int PHASE = Integer.MAX_VALUE - 1101;

        private final EmbeddedInfrastructure infrastructure;
        private volatile boolean running;

        BeforeTheListeners(EmbeddedInfrastructure infrastructure) {
            this.infrastructure = infrastructure;
        }

        @Override
        public void start() {
            infrastructure.awaitGroupsOfEarlierRun();
            infrastructure.awaitDemoVendors();
            running = true;
        }

        @Override
        public void stop() {
            running = false; // the stand-ins are closed with the infrastructure, after every service
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public int getPhase() {
            return PHASE;
        }
    }

    /** Stopped by {@link #destroy()}, after every service. */
    @Override
    public void stop() {
        started = false;
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    @Override
    public int getPhase() {
        return Integer.MIN_VALUE;
    }

    /** The properties that point the services at this infrastructure. */
    Map<String, Object> properties() {
        return properties;
    }

    /** The disk store once open (null before), for its metrics; null itself when the standalone runs no disk store. */
    java.util.function.Supplier<IndexedDiskBackend> diskStore() {
        java.util.concurrent.atomic.AtomicReference<IndexedDiskBackend> opened = disk;
        return opened == null ? null : opened::get;
    }

    /**
     * Checkpoints the in-process store every {@code RIGHTSFLOW_CHECKPOINT_SECONDS} (default 30)
     * under {@code <data>/mongo}, so a restart, even after a crash, restores the services' state
     * and consumes only what came after it (see {@link MemorySnapshots}).
     */
    synchronized void startCheckpoints() {
        if ((backend == null && disk == null) || checkpoints != null || checkpointEvery <= 0) {
            return;
        }
        checkpoints = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rightsflow-checkpoint");
            t.setDaemon(true);
            return t;
        });
        if (disk != null) {
            // commits at the interval, or sooner while its uncommitted pages (on the heap) grow: IndexedDiskBackend#commitIfDue
            long every = IndexedDiskBackend.COMMIT_CHECK_EVERY.toMillis();
            checkpoints.scheduleWithFixedDelay(this::commitIfDue, every, every, TimeUnit.MILLISECONDS);
            // an erasure folded: the next commit rewrites the file, so no dead chunk keeps the erased data's old bytes
            java.util.concurrent.atomic.AtomicReference<IndexedDiskBackend> opened = disk;
            ErasedOnDisk.register(() -> {
                IndexedDiskBackend onDisk = opened.get();
                if (onDisk != null) {
                    onDisk.scrubAtNextCommit();
                }
            });
        } else {
            checkpoints.scheduleWithFixedDelay(this::checkpoint, checkpointEvery, checkpointEvery, TimeUnit.SECONDS);
        }
        // The only copy of a document that is on no topic (a logged letter's scan) is checkpointed before its write is
        // answered; a checkpoint that fails fails the write's caller (it must not say the document is kept).
        DurableWrites.register(this::checkpointOrThrow);
    }

    private synchronized void commitIfDue() {
        IndexedDiskBackend onDisk = disk == null ? null : disk.get();
        try {
            if (onDisk != null) {
                onDisk.commitIfDue(java.time.Duration.ofSeconds(checkpointEvery));
            }
        } catch (RuntimeException e) {
            log.warn("the disk store could not commit ({}); the last commit is kept", e.toString());
        }
    }

    /** A checkpoint at the interval or at a stop: one that fails is logged, and the last good one is kept. */
    private synchronized void checkpoint() {
        try {
            checkpointOrThrow();
        } catch (java.io.IOException | RuntimeException e) {
            log.warn("the store checkpoint could not be written ({}); the last good one is kept", e.toString());
        }
    }

    /** Commits the disk store, or writes the memory store's snapshot; throws when that failed. */
    private synchronized void checkpointOrThrow() throws java.io.IOException {
        IndexedDiskBackend onDisk = disk == null ? null : disk.get();
        if (onDisk != null) {
            onDisk.commit(); // every map at once, under the lock: see IndexedDiskBackend
            return;
        }
        if (backend == null) {
            return;
        }
        long started = System.nanoTime();
        MemorySnapshots.Summary written = MemorySnapshots.write(backend, checkpointFile);
        log.debug("store checkpoint: {} documents, {} KB, {} ms", written.documents(), written.bytes() / 1024,
                (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public void destroy() {
        if (destroyed.getAndSet(true)) {
            return; // a failed start destroys it through the context and again in RightsflowStandalone.start
        }
        DurableWrites.clear();
        ErasedOnDisk.clear();
        if (checkpoints != null) {
            checkpoints.shutdownNow();
        }
        // The services have stopped consuming: this checkpoint is the state as they left it.
        if (mongo.isDone() && !mongo.isCompletedExceptionally()) {
            checkpoint();
        }
        backend = null;
        // still starting (the context failed first): a stop does not wait for them, they are closed once they are up
        demoVendors.thenAccept(vendors -> {
            if (vendors != null) {
                vendors.close();
            }
        });
        // a part still starting (the context failed first) is stopped once it is up
        MongoServer server = mongo.exceptionally(e -> null).join();
        if (server != null) {
            server.shutdownNow();
        }
        EmbeddedKafkaBroker broker = kafka.exceptionally(e -> null).join();
        groupsOfEarlierRun.exceptionally(e -> null).join(); // its admin client talks to the broker
        if (broker != null) {
            broker.close();
        }
    }

    /** Where the standalone keeps its data and which ports it binds, from the environment. */
    record StandaloneSettings(Path dataDir, String host, int kafkaPort, int kafkaControllerPort, int mongoPort,
            String externalKafka, String externalMongo, boolean demoVendors, String externalSecretsFile,
            long checkpointEvery, boolean diskStore, boolean compactAtStart) {

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
                    Long.parseLong(env.getOrDefault("RIGHTSFLOW_CHECKPOINT_SECONDS", "30")),
                    diskStore(env.getOrDefault("RIGHTSFLOW_EMBEDDED_STORE", "disk")),
                    Boolean.parseBoolean(env.getOrDefault("RIGHTSFLOW_STORE_COMPACT_AT_START", "false").trim()));
        }

        /** {@code disk} (the default: an MVStore file, committed) or {@code memory} (on the heap, checkpointed). */
        private static boolean diskStore(String store) {
            return switch (store.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "disk", "" -> true;
                case "memory" -> false;
                default -> throw new IllegalArgumentException(
                        "RIGHTSFLOW_EMBEDDED_STORE must be memory or disk, not '" + store + "'");
            };
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value;
        }
    }
}
