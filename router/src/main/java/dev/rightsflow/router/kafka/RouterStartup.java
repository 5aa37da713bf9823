package dev.rightsflow.router.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.io.Resource;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;

import dev.rightsflow.router.application.CaseService;
import dev.rightsflow.router.application.CaseStore;
import dev.rightsflow.router.application.RegistryCodec;
import dev.rightsflow.router.application.RegistryService;
import dev.rightsflow.router.application.RegistryStore;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.OrganisationPublished;
import dev.rightsflow.schemas.kafka.ListenerContainers;
import dev.rightsflow.schemas.kafka.KafkaSettings;
import dev.rightsflow.schemas.kafka.TopicReplay;

/**
 * Start-up of the router, before its listener containers start (lower phase):
 * <ol>
 *   <li>when its store is empty, rebuild the registry and the cases from the topics (a fold:
 *       nothing is decided during the replay), then reconcile: publish what the topics show was
 *       decided but never published (see {@link CaseService#reconcile()}; ids are derived, so a
 *       repeat is harmless); otherwise load the registry and restart forwarding calls that were
 *       under way;</li>
 *   <li>publish the seed organisations whose seed entry changed.</li>
 * </ol>
 * The on-demand rebuild does the same with the router's listener containers stopped, and starts
 * again those that were running.
 */
public class RouterStartup implements SmartLifecycle {

    /** The topics the router's projections are folded from. */
    public static final List<String> INPUT_TOPICS = List.of(Topics.REGISTRY, Topics.REQUESTS, Topics.CASES,
            Topics.TASK_RESULTS, Topics.CASE_COMMANDS, Topics.ALERTS);

    /** The router's listener containers (ids unique across the system). */
    public static final List<String> LISTENERS = List.of("router-requests", "router-task-results",
            "router-case-commands", "router-registry");

    private static final Logger log = LoggerFactory.getLogger(RouterStartup.class);

    private final KafkaSettings kafka;
    private final RegistryStore registryStore;
    private final CaseStore caseStore;
    private final RegistryService registry;
    private final CaseService cases;
    private final RegistryCodec codec;
    private final Resource seed;
    private final KafkaListenerEndpointRegistry listeners;
    private volatile boolean running;

    public RouterStartup(KafkaSettings kafka, RegistryStore registryStore, CaseStore caseStore, RegistryService registry,
            CaseService cases, RegistryCodec codec, Resource seed, KafkaListenerEndpointRegistry listeners) {
        this.listeners = listeners;
        this.kafka = kafka;
        this.registryStore = registryStore;
        this.caseStore = caseStore;
        this.registry = registry;
        this.cases = cases;
        this.codec = codec;
        this.seed = seed;
    }

    @Override
    public void start() {
        if (kafka.replayAtStart() && registryStore.count() == 0 && caseStore.count() == 0) {
            rebuildAndReconcile();
        } else {
            registry.reload();
            int resumed = cases.resumeForwards();
            if (resumed > 0) {
                log.info("router restarted {} forwarding call(s) that were under way", resumed);
            }
        }
        if (seed != null && seed.exists()) {
            try (InputStream in = seed.getInputStream()) {
                registry.publishSeed(codec.readSeed(in));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the seed registry " + seed, e);
            }
        }
        running = true;
    }

    /** The outcome of a rebuild: events folded, and missing events published by the reconciliation. */
    public record Rebuilt(long eventsApplied, int eventsRepublished) {
    }

    /**
     * On demand: stops the router's listeners, clears the projections, folds every input topic
     * into them again, reconciles, and starts the listeners that were running.
     */
    public synchronized Rebuilt rebuild() {
        List<MessageListenerContainer> stopped = ListenerContainers.stop(listeners, LISTENERS);
        try {
            return rebuildAndReconcile();
        } finally {
            stopped.forEach(MessageListenerContainer::start);
        }
    }

    private Rebuilt rebuildAndReconcile() {
        registryStore.clear();
        caseStore.clear();
        long applied = TopicReplay.replay(kafka, INPUT_TOPICS, record -> apply(record.topic(), record.value()));
        registry.reload();
        int republished = cases.reconcile();
        log.info("router rebuilt its projections from {} events; {} missing event(s) published", applied, republished);
        return new Rebuilt(applied, republished);
    }

    private void apply(String topic, SpecificRecord event) {
        if (event instanceof OrganisationPublished published) {
            registry.project(published);
        } else if (!(event instanceof dev.rightsflow.schemas.avro.DeadlineAlertRaised alert)
                || caseStore.load(alert.getRequestId()).isPresent()) {
            cases.project(topic, event);
        }
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return AbstractMessageListenerContainer.DEFAULT_PHASE - 100;
    }
}
