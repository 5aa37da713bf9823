package dev.rightsflow.schemas.state;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.RecordInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;

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
 *       its noted end is held back until the service is live.</li>
 *   <li><b>Go live.</b> Once caught up, {@link Hooks#caughtUp()} runs once (the router
 *       reconciles, connectors start running tasks), then the service is ready: its readiness
 *       health is UP and its APIs answer. Until then they answer 503 with Retry-After
 *       ({@link CatchingUpFilter}).</li>
 * </ol>
 * {@link #rebuild()} does the same on demand: listeners stopped, projections cleared, offsets
 * forgotten, listeners started again.
 *
 * <p><b>Offsets follow effects.</b> Live, a listener handles each record of a poll with its effects in
 * the store (under the read side of {@link StateLock}); once the whole poll is handled, the sends its
 * records started ({@link #sendsOfThisPoll()}) are awaited and then each partition's next offset is
 * stored, one bulk write per poll rather than one write per record. The stored offset therefore never
 * runs ahead of the effects; it may lag them by up to one poll, and a crash in that gap folds those
 * records again (folds are idempotent). A send that failed stores nothing and seeks the poll's
 * partitions back, so their records are handled (and sent) again.
 *
 * <p><b>Record or batch listeners.</b> {@link #configure} makes a factory's listeners take one record
 * at a time ({@link #interceptor()}); {@link #configureBatch} makes them take every record of a poll
 * at once ({@code List<ConsumerRecord>}, {@link #batchInterceptor()}), so a listener can read what
 * the poll touches in one query and write its effects in one bulk write per collection. The
 * guarantees are the same: while catching up, the records of a partition from the first one past
 * its noted end are taken out of the batch and the partition held back (the rest of the batch goes
 * on); the fold side of {@link StateLock} is held while the batch is handled; its records count as
 * handled (offsets noted, catch-up progress checked) only once the listener has returned, so after
 * the batch's writes; and their offsets are stored after the poll's sends, as above. A batch
 * listener that fails names the record it failed at ({@link #failedAt}): the records before it
 * count as handled (their effects must be written before the listener throws), and that record is
 * retried and dead-lettered by the service's error handler exactly as in record mode; the rest of
 * the batch is delivered again. A failure that names no record counts as a failure of the batch's
 * first record ({@link #namingTheFailedRecord}).
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
    private static final ThreadLocal<String> CURRENT_GROUP = new ThreadLocal<>();
    private static final ThreadLocal<Boolean> SKIPPED = new ThreadLocal<>();
    /** Batch mode, per consumer thread: whether the fold side of {@link StateLock} is held for a batch. */
    private static final ThreadLocal<Boolean> BATCH_LOCKED = new ThreadLocal<>();
    /** Batch mode, per consumer thread: the records of the batch being handled, as the listener got them. */
    private static final ThreadLocal<List<ConsumerRecord<?, ?>>> BATCH = new ThreadLocal<>();
    /** How long the end of a poll waits for the acknowledgements of the sends its records started. */
    private static final long SENDS_WAIT_SECONDS = 150;
    /** How often a service that is still catching up says how far it is. */
    private static final long PROGRESS_EVERY_SECONDS = 10;
    private static final java.util.concurrent.ScheduledExecutorService PROGRESS = java.util.concurrent.Executors
            .newSingleThreadScheduledExecutor(r -> {
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

    /** Per (group, topic) of the started listeners: whether its partitions have been assigned yet. */
    private final Map<String, Boolean> assigned = new ConcurrentHashMap<>();
    private final List<List<String>> stages;
    private volatile int stage;
    private final Object progressLock = new Object();
    /** Partitions held back while catching up because their next record is past the noted end. */
    private final Map<String, TopicPartition> held = new ConcurrentHashMap<>();
    private final Map<String, Long> heldOffsets = new ConcurrentHashMap<>();
    private final Map<String, Long> ends = new ConcurrentHashMap<>();
    private final Map<String, Long> starts = new ConcurrentHashMap<>();
    private final Map<String, Long> positions = new ConcurrentHashMap<>();
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean goingLive = new AtomicBoolean();
    private volatile CountDownLatch live = new CountDownLatch(1);
    private volatile boolean running;
    private volatile boolean rebuilt;
    private volatile java.util.concurrent.ScheduledFuture<?> progressLog;
    /** Bumped by a rebuild: offsets folded before it are never stored after it. */
    private volatile int generation;
    /** Batch mode, per consumer thread: the partitions the batch being handled held back (keys). */
    private final ThreadLocal<List<String>> heldByBatch = ThreadLocal.withInitial(java.util.ArrayList::new);
    /** Per consumer thread: the partitions folded live since their offsets were last stored. */
    private final ThreadLocal<Map<String, Unstored>> unstored = ThreadLocal.withInitial(java.util.LinkedHashMap::new);
    /** Per consumer thread: sends started by the records of the current poll, awaited before their offsets are stored. */
    private final ThreadLocal<List<java.util.concurrent.CompletableFuture<?>>> sends = ThreadLocal
            .withInitial(() -> java.util.Collections.synchronizedList(new java.util.ArrayList<>()));

    /** A partition's records folded live and not yet stored: from {@code first} up to {@code next}. */
    private static final class Unstored {
        final String group;
        final TopicPartition partition;
        final long first;
        final int generation;
        long next;

        Unstored(String group, TopicPartition partition, long first, int generation) {
            this.group = group;
            this.partition = partition;
            this.first = first;
            this.generation = generation;
        }
    }

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
        List<String> listenerIds = stages.stream().flatMap(List::stream).toList();
        this.service = service;
        this.formatVersion = formatVersion;
        this.progress = progress;
        this.registry = registry;
        this.listenerIds = List.copyOf(listenerIds);
        this.hooks = hooks;
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
        if (ready()) {
            return 100;
        }
        long total = 0;
        long done = 0;
        for (Map.Entry<String, Long> end : ends.entrySet()) {
            long start = starts.getOrDefault(end.getKey(), 0L);
            total += Math.max(0, end.getValue() - start);
            done += Math.max(0, Math.min(end.getValue(), positions.getOrDefault(end.getKey(), start)) - start);
        }
        if (total == 0) {
            return assigned.containsValue(true) ? 99 : 0;
        }
        return (int) Math.min(99, done * 100 / total);
    }

    /** How many records the catch-up folds in all (known once the partitions are assigned). */
    public long recordsToCatchUp() {
        long total = 0;
        for (Map.Entry<String, Long> end : ends.entrySet()) {
            total += Math.max(0, end.getValue() - starts.getOrDefault(end.getKey(), 0L));
        }
        return total;
    }

    /** Logs how far the catch-up is every {@value #PROGRESS_EVERY_SECONDS} s until the service is live. */
    private void logProgressWhileCatchingUp() {
        java.util.concurrent.ScheduledFuture<?> previous = progressLog;
        if (previous != null) {
            previous.cancel(false);
        }
        progressLog = PROGRESS.scheduleAtFixedRate(() -> {
            if (running && catchingUp()) {
                long records = recordsToCatchUp();
                if (records == 0) {
                    log.info("{} catching up with its topics: waiting for its partitions", service);
                } else {
                    log.info("{} catching up with its topics: {}% of {} records", service, percentCaughtUp(),
                            String.format(java.util.Locale.ROOT, "%,d", records));
                }
            }
        }, PROGRESS_EVERY_SECONDS, PROGRESS_EVERY_SECONDS, TimeUnit.SECONDS);
    }

    private void stopProgressLog() {
        java.util.concurrent.ScheduledFuture<?> current = progressLog;
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
        generation++;
        hooks.clear();
        progress.reset(formatVersion);
        rebuilt = true;
        startListeners();
    }

    private void startListeners() {
        assigned.clear();
        ends.clear();
        starts.clear();
        positions.clear();
        pending.clear();
        held.forEach((k, tp) -> containerOf(k.substring(0, k.indexOf('|')), tp.topic()).resumePartition(tp));
        held.clear();
        heldOffsets.clear();
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
        for (String id : stages.get(index)) {
            MessageListenerContainer c = registry.getListenerContainer(id);
            for (String topic : c.getContainerProperties().getTopics()) {
                assigned.put(c.getGroupId() + "|" + topic, false);
            }
        }
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

    private static String key(String group, TopicPartition tp) {
        return group + "|" + tp.topic() + "|" + tp.partition();
    }

    /** Seeks each assigned partition to the store's offset and notes where the history ends. */
    public ConsumerAwareRebalanceListener rebalanceListener() {
        return new ConsumerAwareRebalanceListener() {
            @Override
            public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                storeFolded(consumer);
            }

            @Override
            public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                String group = consumer.groupMetadata().groupId();
                if (partitions.stream().noneMatch(tp -> assigned.containsKey(group + "|" + tp.topic()))) {
                    return;
                }
                Map<TopicPartition, Long> stored = progress.offsets(group);
                Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions);
                Map<TopicPartition, Long> endOffsets = consumer.endOffsets(partitions);
                for (TopicPartition tp : partitions) {
                    String k = key(group, tp);
                    Long heldAt = heldOffsets.get(k);
                    if (heldAt != null && catchingUp()) {
                        // reassigned in a rebalance while held back: stays held at the same record
                        consumer.seek(tp, heldAt);
                        containerOf(group, tp.topic()).pausePartition(tp);
                        continue;
                    }
                    // a rebalance while catching up resumes where this run got to (offsets are stored once live)
                    long from = Math.max(Math.max(stored.getOrDefault(tp, 0L), beginnings.getOrDefault(tp, 0L)),
                            catchingUp() ? positions.getOrDefault(k, 0L) : 0L);
                    consumer.seek(tp, from);
                    long end = endOffsets.getOrDefault(tp, 0L);
                    if (catchingUp()) {
                        // the history is what was there when the partition was first assigned
                        starts.putIfAbsent(k, from);
                        positions.put(k, from);
                        long noted = ends.computeIfAbsent(k, x -> end);
                        if (from < noted) {
                            pending.add(k);
                        } else {
                            pending.remove(k);
                        }
                    }
                }
                partitions.forEach(tp -> assigned.replace(group + "|" + tp.topic(), true));
                checkCaughtUp();
            }
        };
    }

    /**
     * Around every record: holds back a partition whose next record is past the noted end while
     * the service is still catching up (it is resumed, at that record, once the service is live;
     * the consumer's other partitions go on), holds the fold side of {@link StateLock} while the record is handled, notes
     * its offset once it is handled, and at the end of each poll stores the offsets noted (see the class comment).
     */
    public <V> RecordInterceptor<String, V> interceptor() {
        return new RecordInterceptor<>() {
            @Override
            public ConsumerRecord<String, V> intercept(ConsumerRecord<String, V> record, Consumer<String, V> consumer) {
                if (catchingUp()) {
                    String group = consumer.groupMetadata().groupId();
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    String k = key(group, tp);
                    Long end = ends.get(k);
                    if (end == null || record.offset() >= end) {
                        synchronized (progressLock) {
                            if (catchingUp()) {
                                // Past the history: hold this partition back until the service is live,
                                // and keep folding the others (the consumer may hold several).
                                if (held.putIfAbsent(k, tp) == null) {
                                    heldOffsets.put(k, record.offset());
                                    consumer.seek(tp, record.offset());
                                    containerOf(group, tp.topic()).pausePartition(tp);
                                }
                                // spring-kafka still calls success and afterRecord for a skipped record
                                SKIPPED.set(Boolean.TRUE);
                                return null;
                            }
                        }
                    }
                }
                StateLock.folding().lock();
                CURRENT_GROUP.set(consumer.groupMetadata().groupId());
                return record;
            }

            @Override
            public void success(ConsumerRecord<String, V> record, Consumer<String, V> consumer) {
                if (SKIPPED.get() == null) {
                    folded(consumer.groupMetadata().groupId(), record);
                }
            }

            @Override
            public void afterRecord(ConsumerRecord<String, V> record, Consumer<String, V> consumer) {
                if (SKIPPED.get() != null) {
                    SKIPPED.remove();
                    return;
                }
                CURRENT_GROUP.remove();
                StateLock.folding().unlock();
            }

            /** After every poll's records (and after a failure or a stop): their offsets go to the store. */
            @Override
            public void clearThreadState(Consumer<?, ?> consumer) {
                storeFolded(consumer);
            }
        };
    }

    /**
     * Where a listener puts a send (e.g. a Kafka publish) that the record being handled started and
     * that must be acknowledged before the record counts as handled: the record's offset is stored
     * only once every send of its poll has completed. Take it on the listener's thread; the returned
     * list may be added to from any thread before the listener returns.
     */
    public List<java.util.concurrent.CompletableFuture<?>> sendsOfThisPoll() {
        return sends.get();
    }

    /** Awaits the poll's sends, then stores the next offset of every partition folded live since the last time. */
    private void storeFolded(Consumer<?, ?> consumer) {
        Map<String, Unstored> folded = unstored.get();
        List<java.util.concurrent.CompletableFuture<?>> started = sends.get();
        java.util.concurrent.CompletableFuture<?>[] awaited;
        synchronized (started) {
            awaited = started.toArray(java.util.concurrent.CompletableFuture<?>[]::new);
            started.clear();
        }
        if (folded.isEmpty() && awaited.length == 0) {
            return;
        }
        try {
            java.util.concurrent.CompletableFuture.allOf(awaited).get(SENDS_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            folded.clear();
            return;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.warn("{}: a send started by the records just handled failed ({}); they are handled again", service,
                    e.getCause() == null ? e.toString() : e.getCause().toString());
            folded.values().forEach(u -> consumer.seek(u.partition, u.first));
            folded.clear();
            return;
        }
        int current = generation;
        List<ProjectionProgress.Next> offsets = folded.values().stream().filter(u -> u.generation == current)
                .map(u -> new ProjectionProgress.Next(u.group, u.partition.topic(), u.partition.partition(), u.next))
                .toList();
        folded.clear();
        StateLock.folding().lock();
        try {
            progress.saveAll(offsets);
        } catch (RuntimeException e) {
            // the effects are in the store; the offsets stay behind them, so a restart folds these records again
            log.warn("{}: storing the offsets of the records just handled failed ({}); they are stored with the next ones",
                    service, e.toString());
        } finally {
            StateLock.folding().unlock();
        }
    }

    /**
     * Makes a factory's containers build state this way: they do not start with the context (this
     * lifecycle starts them), seek to the store's offsets, and pass every record through
     * {@link #interceptor()}.
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
        if (failedRecord(thrown) != null) {
            return thrown;
        }
        List<ConsumerRecord<?, ?>> batch = BATCH.get();
        ConsumerRecord<?, ?> first = batch != null && !batch.isEmpty() ? batch.get(0)
                : data.isEmpty() ? null : data.iterator().next();
        return first == null ? thrown : failedAt(first, thrown);
    }

    /**
     * Around every batch (see the class comment): takes out of the batch, and holds back, each
     * partition's records from the first one past the noted end while catching up; holds the fold
     * side of {@link StateLock} while the listener handles the rest; notes them handled once it has
     * returned (or, when it failed at a record, those before that record); and at the end of each poll
     * stores the offsets noted.
     */
    public <V> BatchInterceptor<String, V> batchInterceptor() {
        return new BatchInterceptor<>() {
            @Override
            public ConsumerRecords<String, V> intercept(ConsumerRecords<String, V> records, Consumer<String, V> consumer) {
                String group = consumer.groupMetadata().groupId();
                ConsumerRecords<String, V> kept = records;
                if (catchingUp()) {
                    Map<TopicPartition, List<ConsumerRecord<String, V>>> keep = new java.util.LinkedHashMap<>();
                    boolean cut = false;
                    for (TopicPartition tp : records.partitions()) {
                        List<ConsumerRecord<String, V>> list = records.records(tp);
                        String k = key(group, tp);
                        Long end = ends.get(k);
                        int upTo = 0;
                        while (end != null && upTo < list.size() && list.get(upTo).offset() < end) {
                            upTo++;
                        }
                        if (upTo < list.size()) {
                            synchronized (progressLock) {
                                if (catchingUp()) {
                                    // past the history: held back until the service is live, the rest goes on
                                    long at = list.get(upTo).offset();
                                    if (held.putIfAbsent(k, tp) == null) {
                                        heldOffsets.put(k, at);
                                        heldByBatch.get().add(k);
                                        containerOf(group, tp.topic()).pausePartition(tp);
                                    }
                                    consumer.seek(tp, heldOffsets.getOrDefault(k, at));
                                    list = list.subList(0, upTo);
                                    cut = true;
                                }
                            }
                        }
                        if (!list.isEmpty()) {
                            keep.put(tp, list);
                        }
                    }
                    if (cut) {
                        if (keep.isEmpty()) {
                            heldByBatch.get().clear();
                            return null;
                        }
                        kept = new ConsumerRecords<>(keep, Map.of());
                    }
                }
                List<ConsumerRecord<?, ?>> batch = new java.util.ArrayList<>(kept.count());
                kept.forEach(batch::add);
                BATCH.set(batch);
                CURRENT_GROUP.set(group);
                StateLock.folding().lock();
                BATCH_LOCKED.set(Boolean.TRUE);
                return kept;
            }

            @Override
            public void success(ConsumerRecords<String, V> records, Consumer<String, V> consumer) {
                try {
                    String group = consumer.groupMetadata().groupId();
                    heldByBatch.get().clear();
                    records.forEach(r -> folded(group, r));
                } finally {
                    unlockBatch();
                }
            }

            @Override
            public void failure(ConsumerRecords<String, V> records, Exception exception, Consumer<String, V> consumer) {
                try {
                    String group = consumer.groupMetadata().groupId();
                    BatchListenerFailedException failed = failedRecord(exception);
                    if (failed != null) {
                        ConsumerRecord<?, ?> at = failed.getRecord();
                        int index = 0;
                        for (ConsumerRecord<String, V> r : records) {
                            if (at == null ? index++ >= failed.getIndex() : r.topic().equals(at.topic())
                                    && r.partition() == at.partition() && r.offset() == at.offset()) {
                                break;
                            }
                            folded(group, r);
                        }
                    }
                    // the error handler seeks the partitions after the failed record back: holds made by
                    // this batch are let go, and the next poll holds them again where they then are
                    synchronized (progressLock) {
                        for (String k : heldByBatch.get()) {
                            TopicPartition tp = held.remove(k);
                            heldOffsets.remove(k);
                            if (tp != null) {
                                containerOf(group, tp.topic()).resumePartition(tp);
                            }
                        }
                    }
                    heldByBatch.get().clear();
                } finally {
                    unlockBatch();
                }
            }

            /** After every poll's batch (and after a failure or a stop): their offsets go to the store. */
            @Override
            public void clearThreadState(Consumer<?, ?> consumer) {
                unlockBatch();
                BATCH.remove();
                CURRENT_GROUP.remove();
                storeFolded(consumer);
            }
        };
    }

    private static BatchListenerFailedException failedRecord(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BatchListenerFailedException f) {
                return f;
            }
        }
        return null;
    }

    private static void unlockBatch() {
        if (BATCH_LOCKED.get() != null) {
            BATCH_LOCKED.remove();
            StateLock.folding().unlock();
        }
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

    private void folded(String group, ConsumerRecord<?, ?> record) {
        if (!catchingUp()) {
            Unstored u = unstored.get().computeIfAbsent(key(group, new TopicPartition(record.topic(), record.partition())),
                    k -> new Unstored(group, new TopicPartition(record.topic(), record.partition()), record.offset(), generation));
            u.next = Math.max(u.next, record.offset() + 1);
        } else {
            // Not stored while catching up: effects are deferred in memory until the service is live,
            // so a crash meanwhile must fold these records again (folds are idempotent).
            String k = key(group, new TopicPartition(record.topic(), record.partition()));
            positions.put(k, record.offset() + 1);
            Long end = ends.get(k);
            if (end != null && record.offset() + 1 >= end && pending.remove(k)) {
                checkCaughtUp();
            }
        }
    }

    private MessageListenerContainer containerOf(String group, String topic) {
        for (String id : listenerIds) {
            MessageListenerContainer c = registry.getListenerContainer(id);
            if (c != null && group.equals(c.getGroupId())
                    && java.util.Arrays.asList(c.getContainerProperties().getTopics()).contains(topic)) {
                return c;
            }
        }
        throw new IllegalStateException(service + ": no listener of group " + group + " reads " + topic);
    }

    private void checkCaughtUp() {
        synchronized (progressLock) {
            if (!catchingUp() || !pending.isEmpty() || assigned.containsValue(false)) {
                return;
            }
            int current = stage;
            if (current < stages.size() - 1) {
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
                hooks.caughtUp();
                // the deferred work is done: now the store may say how far it has folded
                List<ProjectionProgress.Next> reached = new java.util.ArrayList<>();
                positions.forEach((k, next) -> {
                    String[] parts = k.split("\\|");
                    reached.add(new ProjectionProgress.Next(parts[0], parts[1], Integer.parseInt(parts[2]), next));
                });
                progress.saveAll(reached);
            } catch (RuntimeException e) {
                log.error("{}: the work deferred while catching up failed ({}); it is tried again at the next start",
                        service, e.toString());
            }
            synchronized (progressLock) {
                latch.countDown();
                held.forEach((k, tp) -> containerOf(k.substring(0, k.indexOf('|')), tp.topic()).resumePartition(tp));
                held.clear();
                heldOffsets.clear();
            }
            stopProgressLog();
            log.info("{} caught up with its topics{}; ready", service, rebuilt ? " (built from the beginning)" : "");
        }, service + "-going-live");
        t.setDaemon(true);
        t.start();
    }
}
