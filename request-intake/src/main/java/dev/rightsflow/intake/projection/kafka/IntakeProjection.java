package dev.rightsflow.intake.projection.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rightsflow.intake.RequestIntakeProperties;
import dev.rightsflow.intake.shared.application.BatchWritten;
import dev.rightsflow.intake.submission.application.DuplicateRegister;
import dev.rightsflow.intake.submission.application.IdempotencyStore;
import dev.rightsflow.intake.registry.application.RegistryView;
import dev.rightsflow.intake.status.application.StatusStore;
import dev.rightsflow.intake.submission.application.SubmitRequest;
import dev.rightsflow.intake.submission.application.WrittenAtSubmission;
import dev.rightsflow.intake.status.model.CaseFact;
import dev.rightsflow.intake.request.model.Channel;
import dev.rightsflow.intake.registry.model.Organisation;
import dev.rightsflow.intake.submission.model.Receipt;
import dev.rightsflow.intake.request.model.RequestContent;
import dev.rightsflow.intake.request.model.RequestKeys;
import dev.rightsflow.intake.status.model.RequestStatus;
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
 *
 * <p>The status listener folds a poll at a time ({@link #onFlowEvents}), with the same outcome as
 * {@link #onFlowEvent} for each event in order: the keyed requests' idempotency records in one bulk
 * write, then the statuses (one read, folded in memory, one bulk write: {@link StatusStore#applyAll}),
 * then the duplicate register (the same: {@link DuplicateRegister#registerAll}).
 */
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

    /** Whether a request's status change may have OpenDSR status callbacks to tell (see {@link #onFlowEvent}). */
    private static final Predicate<RequestStatus> MAY_HAVE_CALLBACKS =
            status -> status.channel() == null || status.channel() == Channel.OPENDSR;

    /** One event of a batch, as mapped: its fact (null: none the status follows) and what else it writes. */
    private record Item(String requestId, CaseFact fact, IdempotencyStore.Remembered keyed, boolean writtenAtSubmission,
            boolean openDsr) {
    }

    /**
     * Folds the events in order as {@link #onFlowEvent} does one at a time, in a few bulk reads and writes; returns
     * when their effects are written.
     *
     * @param stopAtCallback stop after the first event that may have OpenDSR status callbacks to tell, so that the
     *                       caller tells them from the status as it stood then (live; while catching up they are
     *                       only noted, and the batch goes on)
     * @return for each event taken, in order, what {@link #onFlowEvent} would have returned; and, when it did not
     *         take them all because one failed, why the next one (the first not taken) failed: those before it are
     *         written
     */
    public BatchWritten<Boolean> onFlowEvents(List<SpecificRecord> events, boolean stopAtCallback) {
        List<Item> items = new ArrayList<>(events.size());
        Cut cut = new Cut(events.size());
        for (int k = 0; k < events.size(); k++) {
            SpecificRecord event = events.get(k);
            try {
                if (event instanceof RequestReceived received && written.take(received.getRequestId())) {
                    boolean openDsr = received.getChannel() == dev.rightsflow.schemas.avro.Channel.OPENDSR;
                    items.add(new Item(received.getRequestId(), null, null, true, openDsr));
                    if (openDsr && stopAtCallback) {
                        cut.stopAfter(k);
                        break;
                    }
                    continue;
                }
                CaseFact fact = AvroFacts.fact(event, id -> Optional.ofNullable(registry.find(id).block(WRITE_TIMEOUT))
                        .flatMap(o -> o)).orElse(null);
                IdempotencyStore.Remembered keyed = event instanceof RequestReceived received && fact != null
                        && SubmitRequest.keyed(received.getRequestId()) ? remembered(received, (CaseFact.Received) fact) : null;
                items.add(new Item(fact == null ? null : Events.requestId(event), fact, keyed, false, false));
            } catch (RuntimeException e) {
                cut.failedAt(k, e);
                break;
            }
        }
        // before the statuses: a request whose status can be read has its idempotency record too
        List<Integer> keyedAt = indexes(items, cut.end, item -> item.keyed() != null);
        BatchWritten<String> remembered = written(idempotency.rememberAll(keyedAt.stream().map(k -> items.get(k).keyed())
                .toList()));
        if (remembered.failure() != null) {
            cut.failedAt(keyedAt.get(remembered.done()), remembered.failure());
        }
        List<Integer> factAt = indexes(items, cut.end, item -> item.fact() != null);
        BatchWritten<RequestStatus> folded = written(statuses.applyAll(factAt.stream()
                .map(k -> new StatusStore.Keyed(items.get(k).requestId(), items.get(k).fact())).toList(),
                stopAtCallback ? MAY_HAVE_CALLBACKS : status -> false));
        if (folded.failure() != null) {
            cut.failedAt(factAt.get(folded.done()), folded.failure());
        } else if (folded.done() < factAt.size()) {
            cut.stopAfter(factAt.get(folded.done() - 1));
        }
        Boolean[] callbacks = new Boolean[cut.end];
        for (int k = 0; k < cut.end; k++) {
            callbacks[k] = items.get(k).writtenAtSubmission() && items.get(k).openDsr();
        }
        for (int j = 0; j < folded.done() && factAt.get(j) < cut.end; j++) {
            callbacks[factAt.get(j)] = MAY_HAVE_CALLBACKS.test(folded.results().get(j));
        }
        List<Integer> firstAt = indexes(items, cut.end, item -> item.fact() instanceof CaseFact.Received r
                && r.duplicateOf() == null && r.fingerprint() != null);
        BatchWritten<Optional<String>> registered = written(duplicates.registerAll(firstAt.stream().map(k -> registration(
                (CaseFact.Received) items.get(k).fact())).toList()));
        if (registered.failure() != null) {
            cut.failedAt(firstAt.get(registered.done()), registered.failure());
        }
        // not taken this time: when they come again, the listener still owes none of their writes
        items.subList(Math.min(cut.end, items.size()), items.size()).stream().filter(Item::writtenAtSubmission)
                .forEach(item -> written.add(item.requestId()));
        return new BatchWritten<>(List.of(callbacks).subList(0, cut.end), cut.failure);
    }

    /** A store's batch write, waited for; when it failed as a whole (timed out), it failed at its first item. */
    private static <T> BatchWritten<T> written(reactor.core.publisher.Mono<BatchWritten<T>> write) {
        try {
            return write.block(WRITE_TIMEOUT);
        } catch (RuntimeException e) {
            return new BatchWritten<>(List.of(), e);
        }
    }

    /** Where a batch ends: before the first event that failed, or after the one it stops at. */
    private static final class Cut {
        int end;
        RuntimeException failure;

        Cut(int size) {
            this.end = size;
        }

        void failedAt(int index, RuntimeException e) {
            if (index < end || (index == end && failure == null)) {
                end = index;
                failure = e;
            }
        }

        void stopAfter(int index) {
            if (index + 1 < end) {
                end = index + 1;
                failure = null;
            }
        }
    }

    private static List<Integer> indexes(List<Item> items, int end, Predicate<Item> which) {
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < end; k++) {
            if (which.test(items.get(k))) {
                out.add(k);
            }
        }
        return out;
    }

    /**
     * Keeps the idempotency record of a keyed request in step with the topic, so that after a crash
     * (the record written at submission lost, or never written) a retry with the same key finds its
     * request, is told the same receipt and publishes nothing. The content digest is taken from the
     * event as published, as the HTTP path takes it from the submission it publishes.
     */
    private void rememberKeyed(RequestReceived event, CaseFact.Received fact) {
        IdempotencyStore.Remembered r = remembered(event, fact);
        idempotency.remember(r.requestId(), r.contentDigest(), r.receipt()).block(WRITE_TIMEOUT);
    }

    private IdempotencyStore.Remembered remembered(RequestReceived event, CaseFact.Received fact) {
        return new IdempotencyStore.Remembered(fact.requestId(), keys.contentDigest(content(event)), new Receipt(
                fact.requestId(), null, fact.receivedAt(), fact.provisionalDeadline(), fact.verification(), fact.duplicateOf()));
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
        DuplicateRegister.Registration r = registration(received);
        duplicates.firstOrRegister(r.fingerprint(), r.requestId(), r.at(), r.windowStart()).block(WRITE_TIMEOUT);
    }

    private DuplicateRegister.Registration registration(CaseFact.Received received) {
        return new DuplicateRegister.Registration(received.fingerprint(), received.requestId(), received.at(),
                received.at().minus(duplicateWindow));
    }

    /** Drops intake's views: they are folded again from the topics ({@link IntakeStartup}). */
    public void clear() {
        written.clear();
        registry.clear().then(statuses.clear()).then(duplicates.clear()).then(idempotency.clear()).block(WRITE_TIMEOUT);
    }
}
