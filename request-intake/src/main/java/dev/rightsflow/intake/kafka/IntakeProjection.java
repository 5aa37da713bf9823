package dev.rightsflow.intake.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.rightsflow.intake.RequestIntakeProperties;
import dev.rightsflow.intake.application.DuplicateRegister;
import dev.rightsflow.intake.application.RegistryView;
import dev.rightsflow.intake.application.StatusStore;
import dev.rightsflow.intake.model.CaseFact;
import dev.rightsflow.intake.model.Organisation;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.OrganisationPublished;
import dev.rightsflow.schemas.kafka.KafkaSettings;
import dev.rightsflow.schemas.kafka.TopicReplay;

/**
 * Folds the topics intake follows into its MongoDB views: the registry (REGISTRY) and the
 * citizen status (REQUESTS, CASES, TASK_RESULTS). Used by the live listeners and by replay, so
 * both build the same view; it only updates state (no publishing), as replay requires. Runs on
 * listener or replay threads, where blocking is fine.
 */
@Component
public class IntakeProjection {

    private static final Logger log = LoggerFactory.getLogger(IntakeProjection.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    /** The topics whose events make the citizen status. */
    public static final List<String> STATUS_TOPICS = List.of(Topics.REQUESTS, Topics.CASES, Topics.TASK_RESULTS);

    private final RegistryView registry;
    private final StatusStore statuses;
    private final DuplicateRegister duplicates;
    private final Duration duplicateWindow;
    private final KafkaSettings kafka;

    public IntakeProjection(RegistryView registry, StatusStore statuses, DuplicateRegister duplicates,
            RequestIntakeProperties properties, KafkaSettings kafka) {
        this.registry = registry;
        this.statuses = statuses;
        this.duplicates = duplicates;
        this.duplicateWindow = properties.duplicateWindow();
        this.kafka = kafka;
    }

    public void onRegistry(SpecificRecord event) {
        if (event instanceof OrganisationPublished published) {
            Organisation organisation = AvroFacts.organisation(published);
            registry.save(organisation).block(WRITE_TIMEOUT);
            log.info("registry: organisation {} version {}", organisation.id(), organisation.version());
        }
    }

    /** @return whether the event is one the citizen status follows */
    public boolean onFlowEvent(SpecificRecord event) {
        Optional<CaseFact> fact = AvroFacts.fact(event,
                id -> Optional.ofNullable(registry.find(id).block(WRITE_TIMEOUT)).flatMap(o -> o));
        fact.ifPresent(f -> statuses.apply(Events.requestId(event), f).block(WRITE_TIMEOUT));
        fact.filter(CaseFact.Received.class::isInstance).map(CaseFact.Received.class::cast)
                .filter(received -> received.duplicateOf() == null && received.fingerprint() != null)
                .ifPresent(this::registerFirst);
        return fact.isPresent();
    }

    /**
     * Keeps the duplicate register in step with the topic, so that after a rebuild (the in-process
     * store starts empty) a new identical request is still flagged. A no-op for a request already
     * registered at submission.
     */
    private void registerFirst(CaseFact.Received received) {
        duplicates.firstOrRegister(received.fingerprint(), received.requestId(), received.at(),
                received.at().minus(duplicateWindow)).block(WRITE_TIMEOUT);
    }

    /** Rebuilds both views from the topics: registry first, so deadlines know each division. */
    public long rebuild(boolean clearFirst) {
        if (clearFirst) {
            registry.clear().then(statuses.clear()).then(duplicates.clear()).block(WRITE_TIMEOUT);
        }
        long registryEvents = TopicReplay.replay(kafka, List.of(Topics.REGISTRY), (ConsumerRecord<String, SpecificRecord> r) -> onRegistry(r.value()));
        long flowEvents = TopicReplay.replay(kafka, STATUS_TOPICS, (ConsumerRecord<String, SpecificRecord> r) -> onFlowEvent(r.value()));
        log.info("rebuilt intake views from {} registry and {} flow events", registryEvents, flowEvents);
        return registryEvents + flowEvents;
    }
}
