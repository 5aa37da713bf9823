package dev.rightsflow.intake.status.mongo;

import dev.rightsflow.intake.shared.mongo.DuplicateKeys;
import dev.rightsflow.intake.shared.mongo.JsonDocuments;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import org.bson.Document;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.WriteModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import dev.rightsflow.intake.shared.application.BatchWritten;
import dev.rightsflow.intake.status.application.StatusStore;
import dev.rightsflow.intake.status.model.CaseFact;
import dev.rightsflow.intake.status.model.RequestStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Collection {@code request_status}: one document per request, {@code {_id: requestId, version,
 * fingerprint, receivedAt, status: {...}}}. Writes are version-conditioned (optimistic), so the
 * HTTP handler and the Kafka listener can fold facts into the same request without losing one.
 *
 * <p>A request's facts come in bursts (received, planned, each task's outcome), so the store keeps
 * the version and status it last read or wrote for the most recent requests ({@value #REMEMBERED}):
 * a fact for one of them is folded into what it remembers and written with one round trip, the
 * replace conditioned on {@code _id} and that version. Another writer's change in between makes
 * the replace match nothing; then the document is read again and the fact folded into it, as
 * without the memory. A fact already folded in writes nothing. A receipt ({@code CaseFact.Received}) for a
 * request it does not remember is inserted without a read first (the submission's write after the broker's ack:
 * one round trip); if the request is stored already, the insert collides and the fact is folded into what is read.
 *
 * <p>A batch ({@link #applyAll}, a poll of intake's status listener) costs two round trips: one
 * {@code _id $in} read of the statuses it touches that are not remembered, and one unordered bulk
 * write of the ones it changed, each an insert (a new request) or a replace on {@code _id} and the
 * version read (both index-served, also by the in-process server). The facts are folded in memory
 * in order, so several facts of one request come to one write. When any of those writes misses (another writer
 * got there first) the batch's facts are folded again one at a time, as {@link #apply} does: a fact
 * already in the stored status is skipped, so nothing is lost or doubled.
 */
public class MongoStatusStore implements StatusStore {

    static final String COLLECTION = "request_status";
    /** How many requests' last known version and status are kept in memory. */
    static final int REMEMBERED = 4_096;

    private final MongoCollection<Document> collection;
    private final Mono<Void> indexed;
    private final Map<String, Known> known = java.util.Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
            return size() > REMEMBERED;
        }
    });

    /** A request's status as stored at {@code version} (0: not stored yet). */
    private record Known(long version, RequestStatus status) {
    }

    public MongoStatusStore(MongoDatabase database) {
        this.collection = database.getCollection(COLLECTION);
        // writes wait for it: the in-process server fails an insert that races an index being created
        this.indexed = Flux.concat(collection.createIndex(Indexes.ascending("fingerprint", "receivedAt"),
                        new IndexOptions().name("duplicates")))
                .onErrorResume(e -> Mono.empty()).then().cache();
        indexed.subscribe();
    }

    @Override
    public Mono<Optional<RequestStatus>> find(String requestId) {
        return Mono.from(collection.find(Filters.eq("_id", requestId)).first())
                .map(doc -> Optional.of(JsonDocuments.fromDocument(doc.get("status", Document.class), RequestStatus.class)))
                .defaultIfEmpty(Optional.empty());
    }

    @Override
    public Mono<RequestStatus> apply(String requestId, CaseFact fact) {
        AtomicBoolean firstTry = new AtomicBoolean(true);
        return indexed.then(Mono.defer(() -> {
            Known remembered = known.get(requestId);
            // a request's first fact is almost always its receipt, written by the submission that just published it:
            // insert without reading first; if it is stored already the insert collides and the retry reads it
            if (remembered == null && fact instanceof CaseFact.Received && firstTry.getAndSet(false)) {
                remembered = new Known(0, RequestStatus.empty(requestId));
            }
            return (remembered != null ? Mono.just(remembered) : read(requestId)).flatMap(before -> {
                RequestStatus after = before.status().apply(fact);
                if (after == before.status()) {
                    return Mono.just(after);
                }
                return write(requestId, before.version(), after);
            });
        })).retryWhen(Retry.max(20).filter(ConcurrentUpdate.class::isInstance));
    }

    @Override
    public Mono<BatchWritten<RequestStatus>> applyAll(List<Keyed> facts, Predicate<RequestStatus> stopAfter) {
        if (facts.isEmpty()) {
            return Mono.just(BatchWritten.all(List.of()));
        }
        return indexed.then(Mono.defer(() -> {
            Map<String, Known> stored = new HashMap<>();
            Set<String> unknown = new LinkedHashSet<>();
            for (Keyed f : facts) {
                if (!stored.containsKey(f.requestId())) {
                    Known remembered = known.get(f.requestId());
                    if (remembered != null) {
                        stored.put(f.requestId(), remembered);
                    } else {
                        unknown.add(f.requestId());
                    }
                }
            }
            return readAll(unknown)
                    // unreadable (a store down, a document that does not decode): one at a time names the fact it stops at
                    .onErrorResume(e -> Mono.empty())
                    .flatMap(read -> {
                        stored.putAll(read);
                        return writeFolded(facts, fold(facts, stored, stopAfter));
                    })
                    .switchIfEmpty(Mono.defer(() -> StatusStore.super.applyAll(facts, stopAfter)));
        }));
    }

    /** What a batch's facts come to: the status after each fact taken, each changed request's last status. */
    private record Folded(List<RequestStatus> after, Map<String, RequestStatus> changed, Map<String, Known> stored,
            RuntimeException failure) {
    }

    /** Folds the facts in memory, in order, until {@code stopAfter} accepts a status or a fact cannot be folded. */
    private static Folded fold(List<Keyed> facts, Map<String, Known> stored, Predicate<RequestStatus> stopAfter) {
        Map<String, RequestStatus> current = new HashMap<>();
        stored.forEach((id, k) -> current.put(id, k.status()));
        Map<String, RequestStatus> changed = new LinkedHashMap<>();
        List<RequestStatus> after = new ArrayList<>(facts.size());
        for (Keyed f : facts) {
            RequestStatus before = current.get(f.requestId());
            RequestStatus next;
            try {
                next = before.apply(f.fact());
            } catch (RuntimeException e) {
                return new Folded(after, changed, stored, e);
            }
            after.add(next);
            if (next != before) {
                current.put(f.requestId(), next);
                changed.put(f.requestId(), next);
            }
            if (stopAfter.test(next)) {
                break;
            }
        }
        return new Folded(after, changed, stored, null);
    }

    /**
     * One unordered bulk write of the changed statuses, each over the version read; when one misses, the facts
     * taken are folded again one at a time.
     */
    private Mono<BatchWritten<RequestStatus>> writeFolded(List<Keyed> facts, Folded folded) {
        if (folded.changed().isEmpty()) {
            return Mono.just(new BatchWritten<>(folded.after(), folded.failure()));
        }
        List<WriteModel<Document>> writes = new ArrayList<>(folded.changed().size());
        int inserts = 0;
        for (Map.Entry<String, RequestStatus> e : folded.changed().entrySet()) {
            long version = folded.stored().get(e.getKey()).version();
            Document next = document(e.getKey(), version + 1, e.getValue());
            if (version == 0) {
                writes.add(new InsertOneModel<>(next));
                inserts++;
            } else {
                writes.add(new ReplaceOneModel<>(Filters.and(Filters.eq("_id", e.getKey()), Filters.eq("version", version)), next));
            }
        }
        int expected = writes.size() - inserts;
        int newOnes = inserts;
        return Mono.from(collection.bulkWrite(writes, new BulkWriteOptions().ordered(false)))
                .map(result -> result.getInsertedCount() == newOnes && result.getMatchedCount() == expected)
                .onErrorResume(e -> Mono.just(false))
                .flatMap(ok -> {
                    if (ok) {
                        folded.changed().forEach((id, status) -> known.put(id, new Known(folded.stored().get(id).version() + 1, status)));
                        return Mono.just(new BatchWritten<>(folded.after(), folded.failure()));
                    }
                    // another writer got there first (or the write failed): the facts taken, one at a time
                    folded.changed().keySet().forEach(known::remove);
                    int taken = folded.after().size();
                    return StatusStore.super.applyAll(facts.subList(0, taken), status -> false)
                            .map(redone -> redone.failure() != null ? redone
                                    : new BatchWritten<>(redone.results(), folded.failure()));
                });
    }

    /** One {@code _id $in} read; a request not stored reads as version 0 and an empty status. */
    private Mono<Map<String, Known>> readAll(Collection<String> requestIds) {
        if (requestIds.isEmpty()) {
            return Mono.just(Map.of());
        }
        return Flux.from(collection.find(Filters.in("_id", requestIds)))
                .collectMap(doc -> doc.getString("_id"), doc -> new Known(doc.get("version", Number.class).longValue(),
                        JsonDocuments.fromDocument(doc.get("status", Document.class), RequestStatus.class)))
                .map(read -> {
                    Map<String, Known> all = new HashMap<>(read);
                    read.forEach(known::put);
                    for (String id : requestIds) {
                        all.putIfAbsent(id, new Known(0, RequestStatus.empty(id)));
                    }
                    return all;
                });
    }

    /** The stored version and status (version 0 and an empty status when none is stored). */
    private Mono<Known> read(String requestId) {
        return Mono.from(collection.find(Filters.eq("_id", requestId)).first())
                .map(doc -> new Known(doc.get("version", Number.class).longValue(),
                        JsonDocuments.fromDocument(doc.get("status", Document.class), RequestStatus.class)))
                .doOnNext(stored -> known.put(requestId, stored))
                .defaultIfEmpty(new Known(0, RequestStatus.empty(requestId)));
    }

    /** Writes the status over {@code version}: one insert or one replace on {@code _id} and version. */
    private Mono<RequestStatus> write(String requestId, long version, RequestStatus after) {
        Document next = document(requestId, version + 1, after);
        Mono<Boolean> written = version == 0
                ? Mono.from(collection.insertOne(next)).thenReturn(true).onErrorResume(DuplicateKeys::duplicate, e -> Mono.just(false))
                : Mono.from(collection.replaceOne(Filters.and(Filters.eq("_id", requestId), Filters.eq("version", version)), next))
                        .map(result -> result.getMatchedCount() == 1);
        return written.flatMap(ok -> {
            if (!ok) {
                known.remove(requestId);
                return Mono.error(new ConcurrentUpdate());
            }
            known.put(requestId, new Known(version + 1, after));
            return Mono.just(after);
        }).doOnError(e -> known.remove(requestId));
    }

    private static Document document(String requestId, long version, RequestStatus status) {
        return new Document("_id", requestId)
                .append("fingerprint", status.fingerprint())
                .append("receivedAt", status.receivedAt() == null ? null : Date.from(status.receivedAt()))
                .append("status", JsonDocuments.toDocument(status))
                .append("version", version);
    }

    @Override
    public Mono<Void> forgetFingerprint(String requestId) {
        return Mono.from(collection.updateOne(Filters.eq("_id", requestId), Updates.combine(Updates.unset("fingerprint"),
                Updates.unset("status.fingerprint"), Updates.inc("version", 1L))))
                .doFinally(signal -> known.remove(requestId)).then();
    }

    @Override
    public Mono<Boolean> isEmpty() {
        return JsonDocuments.isEmpty(collection);
    }

    @Override
    public Mono<Void> clear() {
        return Mono.fromRunnable(known::clear).then(JsonDocuments.clear(collection)).doFinally(signal -> known.clear());
    }

    /** Another writer changed the document first; the fold is retried on the new version. */
    static final class ConcurrentUpdate extends RuntimeException {
        ConcurrentUpdate() {
            super("concurrent update", null, false, false);
        }
    }
}
