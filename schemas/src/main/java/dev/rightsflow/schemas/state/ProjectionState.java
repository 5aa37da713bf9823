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
 *       its noted end is held back until the service is live. Each folded record's offset is stored with the projection, under the
 *       read side of {@link StateLock}.</li>
 *   <li><b>Go live.</b> Once caught up, {@link Hooks#caughtUp()} runs once (the router
 *       reconciles, connectors start running tasks), then the service is ready: its readiness
 *       health is UP and its APIs answer. Until then they answer 503 with Retry-After
 *       ({@link CatchingUpFilter}).</li>
 * </ol>
 * {@link #rebuild()} does the same on demand: listeners stopped, projections cleared, offsets
 * forgotten, listeners started again.
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
     * the consumer's other partitions go on), holds the fold side of {@link StateLock} while the record is handled, and stores the
     * offset once it is handled.
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
        };
    }

    /**
     * Makes a factory's containers build state this way: they do not start with the context (this
     * lifecycle starts them), seek to the store's offsets, and pass every record through
     * {@link #interceptor()}.
     */
    public <V> void configure(ConcurrentKafkaListenerContainerFactory<String, V> factory) {
        factory.setAutoStartup(false);
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.RECORD);
        factory.getContainerProperties().setObservationEnabled(false);
        factory.getContainerProperties().setConsumerRebalanceListener(rebalanceListener());
        factory.setRecordInterceptor(interceptor());
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
            progress.save(group, record.topic(), record.partition(), record.offset() + 1);
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
                positions.forEach((k, next) -> {
                    String[] parts = k.split("\\|");
                    progress.save(parts[0], parts[1], Integer.parseInt(parts[2]), next);
                });
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
