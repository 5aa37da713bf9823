package dev.rightsflow.auditlog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

import dev.rightsflow.auditlog.alerts.application.AlertScanner;
import dev.rightsflow.auditlog.cases.mongo.MongoCaseStore;
import dev.rightsflow.auditlog.kafka.FlowIngest;
import dev.rightsflow.auditlog.kafka.FlowListeners;
import dev.rightsflow.auditlog.registry.RegistryView;
import dev.rightsflow.auditlog.trail.application.AuditTrail;
import dev.rightsflow.auditlog.trail.mongo.MongoAuditStore;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.AuditEntryAppended;
import dev.rightsflow.schemas.avro.OrganisationPublished;
import dev.rightsflow.schemas.kafka.ListenerContainers;
import dev.rightsflow.schemas.kafka.KafkaSettings;
import dev.rightsflow.schemas.kafka.TopicReplay;

/**
 * audit-log's lifecycle:
 * <ol>
 * <li>declare the indexes and load the registry view;</li>
 * <li>when the audit trail or the case projection is empty (a fresh store, a lost collection),
 * rebuild them by replaying the flow topics from the beginning (projection only: nothing is
 * published);</li>
 * <li>only then start the live listeners (they are created with {@code autoStartup=false});</li>
 * <li>every {@code anchorInterval} write a global anchor, every {@code alertScanInterval} scan for
 * deadline alerts.</li>
 * </ol>
 * {@link #rebuild()} does the same on demand with the listeners stopped.
 */
@Component("auditLogStartup")
public class AuditLogStartup implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuditLogStartup.class);
    /** The flow topics audit-log projects (AUDIT is its own output and is not read back). */
    public static final List<String> INPUT_TOPICS = List.of(Topics.REGISTRY, Topics.REQUESTS, Topics.CASES,
            Topics.TASKS, Topics.TASK_RESULTS, Topics.CASE_COMMANDS, Topics.ALERTS);

    private final MongoAuditStore auditStore;
    private final MongoCaseStore caseStore;
    private final RegistryView registry;
    private final FlowIngest ingest;
    private final AuditTrail trail;
    private final AlertScanner alerts;
    private final KafkaListenerEndpointRegistry listeners;
    private final KafkaSettings kafka;
    private final AuditLogProperties properties;
    private volatile boolean running;
    private ScheduledExecutorService scheduler;

    public AuditLogStartup(MongoAuditStore auditStore, MongoCaseStore caseStore, RegistryView registry,
            FlowIngest ingest, AuditTrail trail, AlertScanner alerts, KafkaListenerEndpointRegistry listeners,
            KafkaSettings kafka, AuditLogProperties properties) {
        this.auditStore = auditStore;
        this.caseStore = caseStore;
        this.registry = registry;
        this.ingest = ingest;
        this.trail = trail;
        this.alerts = alerts;
        this.listeners = listeners;
        this.kafka = kafka;
        this.properties = properties;
    }

    @Override
    public void start() {
        auditStore.createIndexes().then(caseStore.createIndexes()).then(registry.load()).block(Duration.ofSeconds(60));
        long entries = auditStore.countEntries().block(Duration.ofSeconds(30));
        long cases = caseStore.count().block(Duration.ofSeconds(30));
        if (kafka.replayAtStart() && (entries == 0 || cases == 0)) {
            long replayed = replay();
            log.info("audit-log rebuilt its projections from {} events", replayed);
        }
        startListeners();
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "audit-log-scheduler");
            t.setDaemon(true);
            return t;
        });
        schedule(properties.anchorInterval(), this::anchorNow);
        schedule(properties.alertScanInterval(), () -> alerts.scan().then());
        running = true;
    }

    private void schedule(Duration every, java.util.function.Supplier<Mono<?>> job) {
        long ms = Math.max(1000, every.toMillis());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                job.get().block(Duration.ofMinutes(5));
            } catch (RuntimeException e) {
                log.warn("audit-log scheduled job failed: {}", e.toString());
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Writes a global anchor now and publishes its witness; empty when no chain changed. */
    public Mono<dev.rightsflow.auditlog.trail.model.AuditEntry> anchorNow() {
        return trail.anchor().flatMap(anchor -> ingest.witnessAnchor(anchor).thenReturn(anchor));
    }

    /** Drops the case projection and the registry view and rebuilds them from the topics, listeners stopped. */
    public synchronized long rebuild() {
        stopListeners();
        try {
            caseStore.dropForRebuild().then(registry.clear()).block(Duration.ofSeconds(60));
            return replay();
        } finally {
            startListeners();
        }
    }

    /**
     * Replays the input topics into the projections. Events are applied chain by chain in the order
     * the AUDIT topic witnessed (registry first), with their original recording time, so that a
     * trail rebuilt after its collection was lost hashes exactly as the original did; events never
     * witnessed (the service stopped before publishing) follow in topic order. Holds one pass of
     * the topics in memory.
     */
    private long replay() {
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
        for (String chain : chains) {
            List<ConsumerRecord<String, SpecificRecord>> records = byChain.get(chain);
            records.sort(Comparator.comparingLong(r -> {
                AuditEntryAppended w = witnessed.get(Events.eventId(r.value()));
                return w == null ? Long.MAX_VALUE : w.getSequence();
            }));
            for (ConsumerRecord<String, SpecificRecord> r : records) {
                AuditEntryAppended w = witnessed.get(Events.eventId(r.value()));
                ingest.ingest(r.topic(), r.value(), false, w == null ? null : w.getOccurredAt())
                        .block(Duration.ofSeconds(30));
            }
        }
        return read;
    }

    private static String chainOf(SpecificRecord event) {
        return event instanceof OrganisationPublished org ? "registry:" + org.getOrganisationId() : Events.requestId(event);
    }

    private static final List<String> LISTENERS = List.of(FlowListeners.FLOW_LISTENER, FlowListeners.DEAD_LETTER_LISTENER);

    private void startListeners() {
        ListenerContainers.start(listeners, LISTENERS);
    }

    private void stopListeners() {
        ListenerContainers.stop(listeners, LISTENERS);
    }

    @Override
    public void stop() {
        running = false;
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the web server and Mongo client, before the listener containers' default phase. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 200;
    }
}
