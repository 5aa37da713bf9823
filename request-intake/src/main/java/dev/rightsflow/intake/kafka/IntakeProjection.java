package dev.rightsflow.intake.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.rightsflow.intake.RequestIntakeProperties;
import dev.rightsflow.intake.application.DuplicateRegister;
import dev.rightsflow.intake.application.IdempotencyStore;
import dev.rightsflow.intake.application.RegistryView;
import dev.rightsflow.intake.application.StatusStore;
import dev.rightsflow.intake.application.SubmitRequest;
import dev.rightsflow.intake.application.WrittenAtSubmission;
import dev.rightsflow.intake.model.CaseFact;
import dev.rightsflow.intake.model.Channel;
import dev.rightsflow.intake.model.Organisation;
import dev.rightsflow.intake.model.Receipt;
import dev.rightsflow.intake.model.RequestContent;
import dev.rightsflow.intake.model.RequestKeys;
import dev.rightsflow.intake.model.RequestStatus;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.OrganisationPublished;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.kafka.KafkaSettings;

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
    private final IdempotencyStore idempotency;
    private final RequestKeys keys;
    private final WrittenAtSubmission written;

    public IntakeProjection(RegistryView registry, StatusStore statuses, DuplicateRegister duplicates,
            RequestIntakeProperties properties, KafkaSettings kafka, IdempotencyStore idempotency, RequestKeys keys,
            WrittenAtSubmission written) {
        this.registry = registry;
        this.statuses = statuses;
        this.duplicates = duplicates;
        this.duplicateWindow = properties.duplicateWindow();
        this.kafka = kafka;
        this.idempotency = idempotency;
        this.keys = keys;
        this.written = written;
    }

    public void onRegistry(SpecificRecord event) {
        if (event instanceof OrganisationPublished published) {
            Organisation organisation = AvroFacts.organisation(published);
            registry.save(organisation).block(WRITE_TIMEOUT);
            log.debug("registry: organisation {} version {}", organisation.id(), organisation.version());
        }
    }

    /**
     * @return whether the event is one the citizen status follows and its request may have OpenDSR
     *         status callbacks to tell: only a request that came in over OpenDSR registers any
     *         ({@code OpenDsrApi}), so the others' events cost no look-up of callbacks
     */
    public boolean onFlowEvent(SpecificRecord event) {
        if (event instanceof RequestReceived received && written.take(received.getRequestId())) {
            // its submission wrote the status, the duplicate fingerprint and the idempotency record
            return received.getChannel() == dev.rightsflow.schemas.avro.Channel.OPENDSR;
        }
        Optional<CaseFact> fact = AvroFacts.fact(event,
                id -> Optional.ofNullable(registry.find(id).block(WRITE_TIMEOUT)).flatMap(o -> o));
        // before the status: a request whose status can be read has its idempotency record too
        if (event instanceof RequestReceived received && SubmitRequest.keyed(received.getRequestId())) {
            fact.map(CaseFact.Received.class::cast).ifPresent(f -> rememberKeyed(received, f));
        }
        Optional<RequestStatus> folded = fact.map(f -> statuses.apply(Events.requestId(event), f).block(WRITE_TIMEOUT));
        fact.filter(CaseFact.Received.class::isInstance).map(CaseFact.Received.class::cast)
                .filter(received -> received.duplicateOf() == null && received.fingerprint() != null)
                .ifPresent(this::registerFirst);
        return folded.filter(status -> status.channel() == null || status.channel() == Channel.OPENDSR).isPresent();
    }

    /**
     * Keeps the idempotency record of a keyed request in step with the topic, so that after a crash
     * (the record written at submission lost, or never written) a retry with the same key finds its
     * request, is told the same receipt and publishes nothing. The content digest is taken from the
     * event as published, as the HTTP path takes it from the submission it publishes.
     */
    private void rememberKeyed(RequestReceived event, CaseFact.Received fact) {
        idempotency.remember(fact.requestId(), keys.contentDigest(content(event)), new Receipt(fact.requestId(), null,
                fact.receivedAt(), fact.provisionalDeadline(), fact.verification(), fact.duplicateOf())).block(WRITE_TIMEOUT);
    }

    /** The same fields {@link RequestContent#of} takes from the submission, read back from the event. */
    static RequestContent content(RequestReceived r) {
        var subject = r.getSubject();
        var details = r.getDetails();
        var hop = r.getForwardedBy();
        return new RequestContent(r.getRight().name(), r.getChannel().name(), r.getOrganisationId(), r.getServiceId(),
                r.getRelationship(), subject.getName(), subject.getEmail(), subject.getPhone(), subject.getPostalAddress(),
                subject.getIdentifiers(), details.getDescription(), details.getRectificationWhatIsWrong(),
                details.getRectificationCorrection(), details.getRestrictionGround(), details.getObjectionProcessing(),
                details.getObjectionDirectMarketing(), details.getPortabilityTargetController(), details.getConsentPurposes(),
                hop == null ? null : hop.getFromOrganisationId(), hop == null ? null : hop.getReference());
    }

    /**
     * Keeps the duplicate register in step with the topic, so that after a rebuild (the in-process
     * store starts empty) a new identical request is still flagged. A no-op for a request already
     * registered at submission, which the listener skips ({@link WrittenAtSubmission}).
     */
    private void registerFirst(CaseFact.Received received) {
        duplicates.firstOrRegister(received.fingerprint(), received.requestId(), received.at(),
                received.at().minus(duplicateWindow)).block(WRITE_TIMEOUT);
    }

    /** Drops intake's views: they are folded again from the topics ({@link IntakeStartup}). */
    public void clear() {
        written.clear();
        registry.clear().then(statuses.clear()).then(duplicates.clear()).then(idempotency.clear()).block(WRITE_TIMEOUT);
    }
}
