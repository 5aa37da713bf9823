package dev.rightsflow.router.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.io.Resource;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;

import dev.rightsflow.router.application.CaseService;
import dev.rightsflow.router.application.CaseStore;
import dev.rightsflow.router.application.RegistryCodec;
import dev.rightsflow.router.application.RegistryService;
import dev.rightsflow.router.application.RegistryStore;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.OrganisationPublished;
import dev.rightsflow.schemas.kafka.KafkaSettings;
import dev.rightsflow.schemas.kafka.TopicReplay;

/**
 * Start-up of the router, before its listener containers start (lower phase): when its store is
 * empty, rebuild the registry and the cases from the topics (projection only: nothing is
 * published, no task dispatched again); then publish the seed organisations whose seed entry
 * changed. Also the on-demand rebuild.
 */
public class RouterStartup implements SmartLifecycle {

    /** The topics the router's projections are folded from. */
    public static final List<String> INPUT_TOPICS = List.of(Topics.REGISTRY, Topics.REQUESTS, Topics.CASES,
            Topics.TASK_RESULTS, Topics.CASE_COMMANDS);

    private static final Logger log = LoggerFactory.getLogger(RouterStartup.class);

    private final KafkaSettings kafka;
    private final RegistryStore registryStore;
    private final CaseStore caseStore;
    private final RegistryService registry;
    private final CaseService cases;
    private final RegistryCodec codec;
    private final Resource seed;
    private volatile boolean running;

    public RouterStartup(KafkaSettings kafka, RegistryStore registryStore, CaseStore caseStore, RegistryService registry,
            CaseService cases, RegistryCodec codec, Resource seed) {
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
            rebuild();
        } else {
            registry.reload();
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

    /** Clears the projections and folds every input topic into them again. @return events applied */
    public synchronized long rebuild() {
        registryStore.clear();
        caseStore.clear();
        long applied = TopicReplay.replay(kafka, INPUT_TOPICS, record -> apply(record.value()));
        registry.reload();
        log.info("router rebuilt its projections from {} events", applied);
        return applied;
    }

    private void apply(SpecificRecord event) {
        if (event instanceof OrganisationPublished published) {
            registry.project(published);
        } else {
            cases.project(event);
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
