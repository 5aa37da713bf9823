package dev.rightsflow.schemas.state;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * How every service builds its state: the one start-up lifecycle the four services share.
 *
 * <ol>
 *   <li><b>Decide where to start.</b> The store's {@link ProjectionProgress} names the projection
 *       format it was built with. No format, or another one: the service's projections are
 *       cleared ({@link Hooks#clear()}) and every listener consumes its topics from the
 *       beginning. Otherwise each listener resumes at the offsets the store recorded. There is no
 *       other replay path and no decision that can skip a rebuild.</li>
 *   <li><b>Catch up through the normal listeners.</b> When partitions are assigned, their end
 *       offsets are noted. Until every partition of every listener of the service has been folded
 *       up to them, the service is <em>catching up</em>: the listeners fold history and defer
 *       effects (publishing decisions, calling out), and a partition whose next record is past
 *       its noted end is held back until the service is live (one assigned at its end from its assignment on,
 *       so the consumer sends it no fetch the broker would hold while a rebalance waits behind it). The accounting ({@link CatchUp}) is per
 *       partition and per consumer, so containers with several consumers (concurrency above one) and
 *       rebalances mid catch-up keep every guarantee.</li>
 *   <li><b>Go live.</b> Once caught up, {@link Hooks#caughtUp()} runs once (the router
 *       reconciles, connectors start running tasks), then the service is ready: its readiness
 *       health is UP and its APIs answer. Until then they answer 503 with Retry-After
 *       ({@link CatchingUpFilter}).</li>
 * </ol>
 * {@link #rebuild()} does the same on demand: listeners stopped, projections cleared, offsets
 * forgotten, listeners started again.
 *
 * <p><b>Offsets follow effects.</b> Live, a listener handles each record of a poll with its effects in
 * the store (each store command applied whole with respect to a checkpoint: {@link StateLock}); once the whole
 * poll is handled, the sends its
 * records started ({@link #sendsOfThisPoll()}) are awaited and then each partition's next offset is
 * stored, one bulk write per poll rather than one write per record. The stored offset therefore never
 * runs ahead of the effects; it may lag them by up to one poll, and a crash in that gap folds those
 * records again (folds are idempotent). A send that failed stores nothing and seeks the poll's
 * partitions back, so their records are handled (and sent) again ({@link LiveOffsets}). A consumer that
 * loses partitions in a rebalance stores what it folded first, so the next owner resumes there.
 *
 * <p><b>Record or batch listeners.</b> {@link #configure} makes a factory's listeners take one record
 * at a time ({@link ProjectionRecordInterceptor}); {@link #configureBatch} makes them take every record
 * of a poll at once ({@code List<ConsumerRecord>}, {@link ProjectionBatchInterceptor}), so a listener
 * can read what the poll touches in one query and write its effects in one bulk write per collection.
 * The guarantees are the same; a batch listener that fails names the record it failed at
 * ({@link #failedAt}): the records before it count as handled (their effects must be written before
 * the listener throws), and that record is retried and dead-lettered by the service's error handler
 * exactly as in record mode; the rest of the batch is delivered again. A failure that names no record
 * counts as a failure of the batch's first record ({@link #namingTheFailedRecord}).
 */
public final class ProjectionState implements SmartLifecycle, HealthIndicator {

    /** What a service does at the edges of catching up. */
    public interface Hooks {

        /** Drops the service's projections (not the progress collection): they are rebuilt from the topics. */
        void clear();

        /** Runs once the service has caught up, before it reports ready: deferred effects go here. */
        default void caughtUp() {
        }
    }

    private static final Logger log = LoggerFactory.getLogger(ProjectionState.class);
    /** Per consumer thread: the group of the record or batch being handled (set by the interceptors). */
    static final ThreadLocal<String> CURRENT_GROUP = new ThreadLocal<>();
    /** How often a service that is still catching up says how far it is. */
    private static final long PROGRESS_EVERY_SECONDS = 10;
    private static final ScheduledExecutorService PROGRESS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rightsflow-catch-up-progress");
        t.setDaemon(true);
        return t;
    });

    private final String service;
    private final int formatVersion;
    private final ProjectionProgress progress;
    private final KafkaListenerEndpointRegistry registry;
    private final List<String> listenerIds;
    private final Hooks hooks;
    private final CatchUp catchUp;
    private final LiveOffsets offsets;

    private final List<List<String>> stages;
    private volatile int stage;
    private final AtomicBoolean goingLive = new AtomicBoolean();
    private volatile CountDownLatch live = new CountDownLatch(1);
    private volatile boolean running;
    private volatile boolean rebuilt;
    private volatile ScheduledFuture<?> progressLog;
    public ProjectionState(String service, int formatVersion, ProjectionProgress progress,
            KafkaListenerEndpointRegistry registry, Collection<String> listenerIds, Hooks hooks) {
        this(service, formatVersion, progress, registry, List.of(List.copyOf(listenerIds)), hooks);
    }

    /**
     * @param stages the listeners in the order their topics must be folded: while catching up, the
     *               listeners of a stage start only once those of the stage before have caught up
     *               (for a service whose fold needs causes before effects, e.g. a task before its
     *               results); live, all run at once
     */
    public ProjectionState(String service, int formatVersion, ProjectionProgress progress,
            KafkaListenerEndpointRegistry registry, List<List<String>> stages, Hooks hooks) {
        this.stages = List.copyOf(stages);
        this.service = service;
        this.formatVersion = formatVersion;
        this.progress = progress;
        this.registry = registry;
        this.listenerIds = stages.stream().flatMap(List::stream).toList();
        this.hooks = hooks;
        this.catchUp = new CatchUp(service, registry, listenerIds);
        this.offsets = new LiveOffsets(service, progress);
    }

    /** True while the service folds history: listeners must defer effects. */
    public boolean catchingUp() {
        return live.getCount() > 0;
    }

    /** True once the service has caught up and run its deferred effects. */
    public boolean ready() {
        return !catchingUp();
    }

    /** Waits until the service is ready. @return false when the time ran out first */
    public boolean awaitReady(long timeout, TimeUnit unit) throws InterruptedException {
        return live.await(timeout, unit);
    }

    /** Whether the last start or rebuild consumed the topics from the beginning. */
    public boolean rebuiltFromTopics() {
        return rebuilt;
    }

    public String service() {
        return service;
    }

    /** How far the catch-up is, 0 to 100. */
    public int percentCaughtUp() {
        return ready() ? 100 : catchUp.percent();
    }

    /** How many records the catch-up folds in all (known once the partitions are assigned). */
    public long recordsToCatchUp() {
        return catchUp.records();
    }

    /**
     * Logs how far the catch-up is every {@value #PROGRESS_EVERY_SECONDS} s until the service is live, and
     * looks again whether it has caught up (a consumer that left its group may have been the last to wait for).
     */
    private void logProgressWhileCatchingUp() {
        stopProgressLog();
        progressLog = PROGRESS.scheduleAtFixedRate(() -> {
            if (running && catchingUp()) {
                long records = recordsToCatchUp();
                if (records == 0) {
                    log.info("{} catching up with its topics: waiting for its partitions", service);
                } else {
                    log.info("{} catching up with its topics: {}% of {} records", service, percentCaughtUp(),
                            String.format(java.util.Locale.ROOT, "%,d", records));
                }
                checkCaughtUp();
            }
        }, PROGRESS_EVERY_SECONDS, PROGRESS_EVERY_SECONDS, TimeUnit.SECONDS);
    }

    private void stopProgressLog() {
        ScheduledFuture<?> current = progressLog;
        if (current != null) {
            current.cancel(false);
        }
    }

    @Override
    public Health health() {
        Health.Builder builder = ready() ? Health.up() : Health.outOfService();
        return builder.withDetail("service", service).withDetail("caughtUpPercent", percentCaughtUp()).build();
    }

    @Override
    public void start() {
        Integer stored = progress.format();
        if (stored == null || stored != formatVersion) {
            log.info("{}: projection format {} (store has {}): building the projections from the topics", service,
                    formatVersion, stored == null ? "none" : stored);
            hooks.clear();
            progress.reset(formatVersion);
            rebuilt = true;
        } else {
            rebuilt = false;
        }
        startListeners();
        running = true;
    }

    /** On demand: stops the listeners, clears the projections and folds every topic again. */
    public synchronized void rebuild() {
        listenerIds.forEach(id -> {
            MessageListenerContainer c = registry.getListenerContainer(id);
            if (c != null && c.isRunning()) {
                c.stop();
            }
        });
        live = new CountDownLatch(1);
        goingLive.set(false);
        offsets.forget();
        hooks.clear();
        progress.reset(formatVersion);
        rebuilt = true;
        startListeners();
    }

    private void startListeners() {
        catchUp.reset();
        for (String id : listenerIds) {
            if (registry.getListenerContainer(id) == null) {
                throw new IllegalStateException(service + ": no listener container " + id);
            }
        }
        stage = 0;
        expect(0);
        logProgressWhileCatchingUp();
        startStage(0);
    }

    /** The topics of a stage's listeners are expected to be assigned before the service can be caught up. */
    private void expect(int index) {
        stages.get(index).forEach(id -> catchUp.expect(registry.getListenerContainer(id)));
    }

    private void startStage(int index) {
        for (String id : stages.get(index)) {
            MessageListenerContainer c = registry.getListenerContainer(id);
            if (!c.isRunning()) {
                c.start();
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        stopProgressLog();
        live.countDown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the listener containers' own phase, so the decision is taken before any record. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1100;
    }

    /**
     * Seeks each assigned partition to where it resumes (the store's offset; while catching up, where this
     * catch-up got to or the record it is held back at) and notes where the history ends; a consumer that
     * gives partitions up first stores what it folded and lets go of its holds there ({@link CatchUp}).
     */
    public ConsumerAwareRebalanceListener rebalanceListener() {
        return new ConsumerAwareRebalanceListener() {
            @Override
            public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                storeFolded(consumer);
                catchUp.revoked(consumer, partitions);
            }

            @Override
            public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                String group = consumer.groupMetadata().groupId();
                if (!catchUp.concerns(group)) {
                    return;
                }
                List<TopicPartition> ours = partitions.stream().filter(tp -> catchUp.listened(group, tp.topic())).toList();
                Map<TopicPartition, Long> from = new HashMap<>();
                Map<TopicPartition, Long> endOffsets = Map.of();
                long lookupStarted = System.nanoTime();
                if (!ours.isEmpty()) {
                    Map<TopicPartition, Long> stored = progress.offsets(group);
                    Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(ours);
                    endOffsets = consumer.endOffsets(ours);
                    for (TopicPartition tp : ours) {
                        // reassigned while held back (from another consumer, too): stays held at the same record
                        Long heldAt = catchUp.heldAt(group, tp);
                        Long at = heldAt == null ? null : catchUp.holdBack(consumer, group, tp, heldAt, ProjectionState.this::catchingUp);
                        if (at == null) {
                            // a rebalance while catching up resumes where this run got to (offsets are stored once live)
                            at = Math.max(Math.max(stored.getOrDefault(tp, 0L), beginnings.getOrDefault(tp, 0L)),
                                    catchingUp() ? catchUp.position(group, tp) : 0L);
                            consumer.seek(tp, at);
                        }
                        from.put(tp, at);
                    }
                }
                boolean catchingUp = catchingUp();
                catchUp.assigned(consumer, group, partitions, from, endOffsets, catchingUp);
                if (catchingUp) {
                    // nothing to fold there: held back at once, so this poll sends it no fetch the broker would park
                    catchUp.holdBackAtAssignment(consumer, group, from, ProjectionState.this::catchingUp);
                }
                if (log.isDebugEnabled()) {
                    log.debug("{}: {} assigned {} partition(s) in generation {} ({} ms to look up their offsets)", service,
                            group, partitions.size(), consumer.groupMetadata().generationId(),
                            (System.nanoTime() - lookupStarted) / 1_000_000);
                }
                checkCaughtUp();
            }
        };
    }

    /**
     * Around every record: see {@link ProjectionRecordInterceptor}. One interceptor may serve every
     * consumer of a factory.
     */
    public <V> RecordInterceptor<String, V> interceptor() {
        return new ProjectionRecordInterceptor<>(this, catchUp);
    }

    /**
     * Around every batch: see {@link ProjectionBatchInterceptor}. One interceptor may serve every
     * consumer of a factory.
     */
    public <V> BatchInterceptor<String, V> batchInterceptor() {
        return new ProjectionBatchInterceptor<>(this, catchUp);
    }

    /**
     * Where a listener puts a send (e.g. a Kafka publish) that the record being handled started and
     * that must be acknowledged before the record counts as handled: the record's offset is stored
     * only once every send of its poll has completed. Take it on the listener's thread; the returned
     * list may be added to from any thread before the listener returns.
     */
    public List<CompletableFuture<?>> sendsOfThisPoll() {
        return offsets.sends();
    }

    /** Awaits the poll's sends, then stores the next offset of every partition folded live since the last time. */
    void storeFolded(Consumer<?, ?> consumer) {
        offsets.store(consumer);
    }

    /**
     * Makes a factory's containers build state this way: they do not start with the context (this
     * lifecycle starts them), seek to the store's offsets, and pass every record through
     * {@link ProjectionRecordInterceptor}.
     */
    public <V> void configure(ConcurrentKafkaListenerContainerFactory<String, V> factory) {
        factory.setAutoStartup(false);
        // the store's offsets decide where a listener resumes; the group's committed offsets only show
        // the lag to operators, so they are committed once per poll rather than after every record
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
        factory.getContainerProperties().setObservationEnabled(false);
        factory.getContainerProperties().setConsumerRebalanceListener(rebalanceListener());
        factory.setRecordInterceptor(interceptor());
    }

    /**
     * Makes a factory's containers build state this way with batch listeners: as {@link #configure},
     * but each listener call gets every record of a poll ({@code List<ConsumerRecord>}) and the
     * batch passes through {@link #batchInterceptor()}. The factory's error handler must be a
     * {@link org.springframework.kafka.listener.DefaultErrorHandler} whose batch failures go through
     * {@link #namingTheFailedRecord} (as {@code Eventing.batchListenerFactory} builds it).
     */
    public <V> void configureBatch(ConcurrentKafkaListenerContainerFactory<String, V> factory) {
        factory.setAutoStartup(false);
        factory.setBatchListener(true);
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
        factory.getContainerProperties().setObservationEnabled(false);
        factory.getContainerProperties().setConsumerRebalanceListener(rebalanceListener());
        factory.setBatchInterceptor(batchInterceptor());
    }

    /**
     * What a batch listener throws when {@code record} (one of the batch it got) could not be
     * handled: the records before it in the batch count as handled, so their effects must be
     * written before this is thrown; the record is retried, then dead-lettered.
     */
    public static BatchListenerFailedException failedAt(ConsumerRecord<?, ?> record, Throwable cause) {
        return new BatchListenerFailedException("failed at " + record.topic() + "-" + record.partition() + "@"
                + record.offset() + ": " + cause, cause, record);
    }

    /**
     * For a batch listener: why a record's value could not be read (spring-kafka hands a batch listener
     * such a record with a null value and the reason in a header; a record listener never sees one).
     * Throw {@code failedAt(record, undecodable(record))}: it is dead-lettered at once, as in record mode.
     */
    public static RuntimeException undecodable(ConsumerRecord<?, ?> record) {
        RuntimeException e = org.springframework.kafka.support.serializer.SerializationUtils.getExceptionFromHeader(record,
                org.springframework.kafka.support.serializer.SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER,
                new org.springframework.core.log.LogAccessor(ProjectionState.class));
        return e != null ? e : new IllegalArgumentException("a record without a value at " + record.topic() + "-"
                + record.partition() + "@" + record.offset());
    }

    /**
     * For the batch error handler: a batch failure that names no record (see {@link #failedAt})
     * becomes a failure of the batch's first record, so it is retried and dead-lettered one record at
     * a time as in record mode, never the whole batch at once.
     */
    public static Exception namingTheFailedRecord(Exception thrown, ConsumerRecords<?, ?> data) {
        return ProjectionBatchInterceptor.namingTheFailedRecord(thrown, data);
    }

    /** The consumer group of the record being handled on this thread, else {@code fallback}. */
    public static String groupOf(ConsumerRecord<?, ?> record, String fallback) {
        String group = CURRENT_GROUP.get();
        return group == null ? fallback : group;
    }

    /** Wraps a dead-letter recoverer: a record sent to the dead-letter topic counts as handled. */
    public ConsumerRecordRecoverer recovered(String group, ConsumerRecordRecoverer recoverer) {
        return (record, exception) -> {
            recoverer.accept(record, exception);
            folded(group, record);
        };
    }

    /** A record was handled: live, its offset waits for the end of the poll; catching up, it counts towards the end. */
    /** A {@code PersonalDataErased} was folded while catching up: {@link ErasedOnDisk} is told once live. */
    private volatile boolean erasedWhileCatchingUp;

    void folded(String group, ConsumerRecord<?, ?> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        if (record.value() instanceof dev.rightsflow.schemas.avro.PersonalDataErased) {
            // its blanking is written: no older copy of that personal data may stay readable in the store's file.
            // While catching up (a rebuild folds every erasure of the history) once, when the service is live.
            if (catchingUp()) {
                erasedWhileCatchingUp = true;
            } else {
                ErasedOnDisk.erased();
            }
        }
        if (!catchingUp()) {
            offsets.folded(group, tp, record.offset());
        } else if (catchUp.folded(group, tp, record.offset())) {
            // Not stored while catching up: effects are deferred in memory until the service is live,
            // so a crash meanwhile must fold these records again (folds are idempotent).
            checkCaughtUp();
        }
    }

    private void checkCaughtUp() {
        synchronized (catchUp.lock) {
            if (!catchingUp() || !catchUp.caughtUp()) {
                return;
            }
            int current = stage;
            if (current < stages.size() - 1) {
                log.debug("{}: stage {} caught up, starting stage {}", service, current, current + 1);
                stage = current + 1;
                expect(current + 1);
                Thread next = new Thread(() -> startStage(current + 1), service + "-catch-up-stage-" + (current + 1));
                next.setDaemon(true);
                next.start();
                return;
            }
            if (!goingLive.compareAndSet(false, true)) {
                return;
            }
        }
        CountDownLatch latch = live;
        Thread t = new Thread(() -> {
            try {
                long started = System.nanoTime();
                hooks.caughtUp();
                long hooked = System.nanoTime();
                // the deferred work is done: now the store may say how far it has folded
                progress.saveAll(catchUp.reached());
                log.debug("{}: caught up; its deferred work took {} ms, storing its offsets {} ms", service,
                        (hooked - started) / 1_000_000, (System.nanoTime() - hooked) / 1_000_000);
                if (erasedWhileCatchingUp) {
                    erasedWhileCatchingUp = false;
                    ErasedOnDisk.erased();
                }
            } catch (RuntimeException e) {
                log.error("{}: the work deferred while catching up failed ({}); it is tried again at the next start",
                        service, e.toString());
            }
            synchronized (catchUp.lock) {
                latch.countDown();
                catchUp.releaseAll();
            }
            stopProgressLog();
            log.info("{} caught up with its topics{}; ready", service, rebuilt ? " (built from the beginning)" : "");
        }, service + "-going-live");
        t.setDaemon(true);
        t.start();
    }
}
