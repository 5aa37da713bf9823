package dev.rightsflow.auditlog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import reactor.core.publisher.Mono;

import dev.rightsflow.auditlog.alerts.application.AlertScanner;
import dev.rightsflow.auditlog.cases.application.CaseIndex;
import dev.rightsflow.auditlog.cases.mongo.MongoCaseStore;
import dev.rightsflow.auditlog.kafka.FlowBatch;
import dev.rightsflow.auditlog.kafka.FlowIngest;
import dev.rightsflow.auditlog.kafka.FlowListeners;
import dev.rightsflow.auditlog.lanes.LaneView;
import dev.rightsflow.auditlog.webhooks.WebhookLog;
import dev.rightsflow.auditlog.registry.RegistryView;
import dev.rightsflow.auditlog.trail.application.AuditTrail;
import dev.rightsflow.auditlog.trail.mongo.MongoAuditStore;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.AuditEntryAppended;
import dev.rightsflow.schemas.avro.OrganisationPublished;
import dev.rightsflow.schemas.state.ProjectionState;
import dev.rightsflow.schemas.kafka.KafkaSettings;
import dev.rightsflow.schemas.kafka.TopicReplay;

/**
 * audit-log's part in the shared start-up ({@link ProjectionState}):
 * <ol>
 * <li>first (its own lifecycle, before the listeners): declare the indexes, load the registry
 * and lane views, and load the stored case projection into the {@link CaseIndex};</li>
 * <li>when the store must be rebuilt ({@link #clear()}): drop the case projection (and its index) and the registry
 * and lane views; the listeners fold every topic again. The audit trail is append-only and is kept: an
 * entry already recorded is not recorded twice. Entries that were lost are put back first, in
 * the order the AUDIT topic witnessed and with their original recording times, because a chain's
 * hashes depend on order and time and must come out exactly as witnessed (the one place a topic
 * is read outside the listeners: the listeners cannot know the witnessed order);</li>
 * <li>while catching up, the listeners fold without publishing witnesses or notifying anyone;</li>
 * <li>once caught up ({@link #caughtUp()}): every {@code anchorInterval} write a global anchor,
 * every {@code alertScanInterval} scan for deadline alerts (never on a half-built projection).</li>
 * </ol>
 */
public class AuditLogStartup implements SmartLifecycle, ProjectionState.Hooks {

    private static final Logger log = LoggerFactory.getLogger(AuditLogStartup.class);
    /** The flow topics audit-log projects (AUDIT is its own output and is not read back). */
    public static final List<String> INPUT_TOPICS = List.of(Topics.REGISTRY, Topics.REQUESTS, Topics.CASES,
            Topics.TASKS, Topics.TASK_RESULTS, Topics.CASE_COMMANDS, Topics.ALERTS, Topics.LANES);

    /**
     * audit-log's listener containers, in the order they catch up: the witnesses on AUDIT first
     * (what was recorded, in which order, at what time), then the flow.
     */
    public static final List<List<String>> LISTENERS = List.of(List.of(FlowListeners.WITNESS_LISTENER),
            List.of(FlowListeners.FLOW_LISTENER, FlowListeners.DEAD_LETTER_LISTENER));

    /** Chains recorded side by side when going live (the store round trips overlap; each chain stays in order). */
    private static final int CATCH_UP_CHAINS_AT_ONCE = 8;

    /** Events ingested at once when a rebuild puts a lost trail back. */
    private static final int REFILL_BATCH = 500;

    /**
     * The version of audit-log's projection format: a change rebuilds the projections from the topics. 4: audit
     * entries and heads hold hashes as bytes and times as BSON dates ({@code MongoAuditStore}).
     */
    public static final int FORMAT = 4;

    private final MongoAuditStore auditStore;
    private final MongoCaseStore caseStore;
    private final CaseIndex caseIndex;
    private final RegistryView registry;
    private final LaneView lanes;
    private final WebhookLog webhookLog;
    private final FlowIngest ingest;
    private final FlowBatch batch;
    private final AuditTrail trail;
    private final AlertScanner alerts;
    private final KafkaSettings kafka;
    private final AuditLogProperties properties;
    private volatile boolean running;
    private PeriodicJobs scheduler;
    /** While catching up: witnesses by source event id, and the flow events held per chain. */
    private final Map<String, AuditEntryAppended> witnessedMeanwhile = new java.util.concurrent.ConcurrentHashMap<>();
    /** While catching up: the chains the AUDIT topic witnessed entries of (the witness's request id is its chain). */
    private final java.util.Set<String> witnessedChains = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Map<String, List<ConsumerRecord<String, SpecificRecord>>> heldByChain = new LinkedHashMap<>();

    public AuditLogStartup(MongoAuditStore auditStore, MongoCaseStore caseStore, RegistryView registry, LaneView lanes,
            FlowIngest ingest, AuditTrail trail, AlertScanner alerts, KafkaSettings kafka, AuditLogProperties properties,
            WebhookLog webhookLog, CaseIndex caseIndex, FlowBatch batch) {
        this.batch = batch;
        this.webhookLog = webhookLog;
        this.caseIndex = caseIndex;
        this.auditStore = auditStore;
        this.caseStore = caseStore;
        this.registry = registry;
        this.lanes = lanes;
        this.ingest = ingest;
        this.trail = trail;
        this.alerts = alerts;
        this.kafka = kafka;
        this.properties = properties;
    }

    @Override
    public void start() {
        auditStore.createIndexes().then(caseStore.createIndexes()).then(registry.load()).then(lanes.load())
                .then(Mono.fromRunnable(caseIndex::clear)).then(Mono.fromFuture(caseIndex::load))
                .block(Duration.ofMinutes(5));
        running = true;
    }

    @Override
    public void clear() {
        stopScheduler();
        witnessedMeanwhile.clear();
        witnessedChains.clear();
        synchronized (heldByChain) {
            heldByChain.clear();
        }
        Mono.fromFuture(caseStore::dropForRebuild).then(Mono.fromRunnable(caseIndex::clear)).then(registry.clear()).then(lanes.clear()).then(webhookLog.clear())
                .block(Duration.ofSeconds(60));
        long read = refillLostTrail();
        if (read > 0) {
            log.info("audit-log checked its audit trail against {} events, in the order the AUDIT topic witnessed", read);
        }
    }

    /** While catching up: remembers what the AUDIT topic witnessed. */
    public void witnessed(AuditEntryAppended witness) {
        witnessedMeanwhile.put(witness.getSourceEventId(), witness);
        witnessedChains.add(witness.getRequestId());
    }

    /** Flow events held until caught up (a gauge of the catch-up's memory; tests). */
    public int held() {
        synchronized (heldByChain) {
            return heldByChain.values().stream().mapToInt(List::size).sum();
        }
    }

    /**
     * While catching up, a batch of flow events: those whose audit entry the store already holds
     * (recorded before the checkpoint; one read for the batch) are folded at once, in one batch: their
     * entries are found, not written again, and the case projection skips what it has applied. An event
     * without an entry of a chain the AUDIT topic witnessed entries of since the store's offsets is held: a
     * chain's hashes depend on the order and time its entries were recorded, and after a crash the store may
     * be older than the witness, so the held events are recorded once caught up, in the order and with the
     * times the AUDIT topic witnessed (the witnesses are read before the flow). An event without an entry of
     * any other chain was never recorded nor witnessed: it is recorded at once, as a live one is, after the
     * batch's recorded ones. So what is held is bounded by the chains the witnesses name since the
     * checkpoint, not by the backlog (before, every event without an entry was held: after a backlog of
     * 90,000 requests, 220,000 records and about 2.3 KB each, past a 1 GiB heap).
     *
     * @throws FlowBatch.FailedAt (index into {@code records}) when an event could not be folded: those
     *                            before it are folded or held, none after it
     */
    public void foldOrHold(List<ConsumerRecord<String, SpecificRecord>> records) {
        java.util.Set<String> recorded = auditStore.bySourceEventIds(records.stream().map(r -> Events.eventId(r.value()))
                .toList()).block(Duration.ofSeconds(60)).keySet();
        List<Integer> foldedAt = new ArrayList<>();
        List<FlowBatch.Item> folded = new ArrayList<>();
        List<Integer> newAt = new ArrayList<>();
        List<FlowBatch.Item> fresh = new ArrayList<>();
        boolean[] hold = new boolean[records.size()];
        synchronized (heldByChain) {
            for (int i = 0; i < records.size(); i++) {
                ConsumerRecord<String, SpecificRecord> r = records.get(i);
                String chain = chainOf(r.value());
                if (recorded.contains(Events.eventId(r.value()))) {
                    foldedAt.add(i);
                    folded.add(new FlowBatch.Item(r.topic(), r.value(), null));
                } else if (witnessedChains.contains(chain) || heldByChain.containsKey(chain)) {
                    hold[i] = true;
                } else {
                    newAt.add(i);
                    fresh.add(new FlowBatch.Item(r.topic(), r.value(), null));
                }
            }
        }
        int upTo = records.size();
        FlowBatch.FailedAt failure = null;
        try {
            batch.ingest(folded, false, null);
        } catch (FlowBatch.FailedAt f) {
            upTo = foldedAt.get(f.index());
            failure = new FlowBatch.FailedAt(upTo, f.getCause());
        }
        int freshUpTo = 0;
        while (freshUpTo < newAt.size() && newAt.get(freshUpTo) < upTo) {
            freshUpTo++;
        }
        try {
            // never recorded nor witnessed: recorded and witnessed now (each witness awaited), as caughtUp() would
            batch.ingest(fresh.subList(0, freshUpTo), true, null);
        } catch (FlowBatch.FailedAt f) {
            upTo = newAt.get(f.index());
            failure = new FlowBatch.FailedAt(upTo, f.getCause());
        }
        synchronized (heldByChain) {
            for (int i = 0; i < upTo; i++) {
                if (hold[i]) {
                    ConsumerRecord<String, SpecificRecord> r = records.get(i);
                    heldByChain.computeIfAbsent(chainOf(r.value()), c -> new ArrayList<>()).add(r);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public synchronized void caughtUp() {
        List<String> chains;
        synchronized (heldByChain) {
            chains = new ArrayList<>(heldByChain.keySet());
        }
        // the registry first (requests are read against it), then the request chains side by side:
        // a chain's entries are recorded in order, chains do not depend on each other
        List<String> registryChains = chains.stream().filter(c -> c.startsWith("registry:")).toList();
        List<String> requestChains = chains.stream().filter(c -> !c.startsWith("registry:")).toList();
        java.util.concurrent.atomic.AtomicLong recordedCount = new java.util.concurrent.atomic.AtomicLong();
        reactor.core.publisher.Flux.fromIterable(registryChains).concatMap(c -> recordHeld(c, recordedCount))
                .thenMany(reactor.core.publisher.Flux.fromIterable(requestChains)
                        .flatMap(c -> recordHeld(c, recordedCount), CATCH_UP_CHAINS_AT_ONCE))
                .blockLast();
        long recorded = recordedCount.get();
        witnessedMeanwhile.clear();
        witnessedChains.clear();
        if (recorded > 0) {
            log.info("audit-log recorded {} event(s) it caught up with, in the order the AUDIT topic witnessed", recorded);
        }
        stopScheduler();
        scheduler = new PeriodicJobs();
        // each on a thread of its own: an anchor over many changed chains does not hold the deadline alerts back
        scheduler.add("anchor", properties.anchorInterval(), this::anchorNow);
        scheduler.add("alert-scan", properties.alertScanInterval(), () -> Mono.fromFuture(alerts::scanUnlessBusy).then());
    }

    /** Records the events held for one chain, in the order and with the times the AUDIT topic witnessed. */
    private reactor.core.publisher.Flux<Void> recordHeld(String chain, java.util.concurrent.atomic.AtomicLong recorded) {
        List<ConsumerRecord<String, SpecificRecord>> records;
        synchronized (heldByChain) {
            records = heldByChain.remove(chain);
        }
        if (records == null) {
            return reactor.core.publisher.Flux.empty();
        }
        records.sort(Comparator.comparingLong(r -> {
            AuditEntryAppended w = witnessedMeanwhile.get(Events.eventId(r.value()));
            return w == null ? Long.MAX_VALUE : w.getSequence();
        }));
        return reactor.core.publisher.Flux.fromIterable(records).concatMap(r -> {
            AuditEntryAppended w = witnessedMeanwhile.get(Events.eventId(r.value()));
            // never witnessed: recorded now and witnessed now, as a live event would be
            return ingest.ingest(r.topic(), r.value(), w == null, w == null ? null : w.getOccurredAt())
                    .timeout(Duration.ofSeconds(30)).doOnSuccess(v -> recorded.incrementAndGet());
        });
    }

    private synchronized void stopScheduler() {
        if (scheduler != null) {
            scheduler.stop();
            scheduler = null;
        }
    }

    /**
     * Anchors every chain changed since it was last anchored now, each anchor's witness published before the next is
     * made ({@link AuditTrail#anchorAll}: at most {@value AuditTrail#HEADS_PER_ANCHOR} chains an anchor). @return the
     * last anchor written; empty when no chain changed
     */
    public Mono<dev.rightsflow.auditlog.trail.model.AuditEntry> anchorNow() {
        return trail.anchorAll(ingest::witnessAnchor).takeLast(1).next();
    }

    /**
     * Replays the input topics into the projections. Events are applied chain by chain in the order
     * the AUDIT topic witnessed (registry first), with their original recording time, so that a
     * trail rebuilt after its collection was lost hashes exactly as the original did; events never
     * witnessed (the service stopped before publishing) follow in topic order. Holds one pass of
     * the topics in memory.
     */
    private long refillLostTrail() {
        Map<String, AuditEntryAppended> witnessed = new HashMap<>();
        TopicReplay.replay(kafka, List.of(Topics.AUDIT), r -> {
            if (r.value() instanceof AuditEntryAppended a) {
                witnessed.put(a.getSourceEventId(), a);
            }
        });
        Map<String, List<ConsumerRecord<String, SpecificRecord>>> byChain = new LinkedHashMap<>();
        long read = TopicReplay.replay(kafka, INPUT_TOPICS, r -> byChain.computeIfAbsent(chainOf(r.value()),
                c -> new ArrayList<>()).add(r));
        List<String> chains = new ArrayList<>(byChain.keySet());
        chains.sort(Comparator.comparing((String c) -> !c.startsWith("registry:")));
        List<FlowBatch.Item> items = new ArrayList<>();
        for (String chain : chains) {
            List<ConsumerRecord<String, SpecificRecord>> records = byChain.get(chain);
            records.sort(Comparator.comparingLong(r -> {
                AuditEntryAppended w = witnessed.get(Events.eventId(r.value()));
                return w == null ? Long.MAX_VALUE : w.getSequence();
            }));
            for (ConsumerRecord<String, SpecificRecord> r : records) {
                AuditEntryAppended w = witnessed.get(Events.eventId(r.value()));
                items.add(new FlowBatch.Item(r.topic(), r.value(), w == null ? null : w.getOccurredAt()));
            }
        }
        // in that order (chain after chain, each in witnessed order), a batch at a time
        for (int from = 0; from < items.size(); from += REFILL_BATCH) {
            batch.ingest(items.subList(from, Math.min(items.size(), from + REFILL_BATCH)), false, null);
        }
        return read;
    }

    private static String chainOf(SpecificRecord event) {
        return event instanceof OrganisationPublished org ? "registry:" + org.getOrganisationId() : Events.requestId(event);
    }

    @Override
    public void stop() {
        running = false;
        stopScheduler();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the shared start-up ({@link ProjectionState}) starts the listeners. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1200;
    }
}
