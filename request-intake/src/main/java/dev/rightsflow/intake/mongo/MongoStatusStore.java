package dev.rightsflow.intake.mongo;

import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.bson.Document;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import dev.rightsflow.intake.application.StatusStore;
import dev.rightsflow.intake.model.CaseFact;
import dev.rightsflow.intake.model.RequestStatus;
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
 * without the memory. A fact already folded in writes nothing.
 */
@Component
public class MongoStatusStore implements StatusStore {

    static final String COLLECTION = "request_status";
    /** How many requests' last known version and status are kept in memory. */
    static final int REMEMBERED = 4_096;

    private final MongoCollection<Document> collection;
    private final Map<String, Known> known = java.util.Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
            return size() > REMEMBERED;
        }
    });

    /** A request's status as stored at {@code version} (0: not stored yet). */
    private record Known(long version, RequestStatus status) {
    }

    public MongoStatusStore(@Qualifier("intakeMongoDatabase") MongoDatabase database) {
        this.collection = database.getCollection(COLLECTION);
        Flux.concat(collection.createIndex(Indexes.ascending("fingerprint", "receivedAt"), new IndexOptions().name("duplicates")))
                .onErrorResume(e -> Mono.empty()).subscribe();
    }

    @Override
    public Mono<Optional<RequestStatus>> find(String requestId) {
        return Mono.from(collection.find(Filters.eq("_id", requestId)).first())
                .map(doc -> Optional.of(JsonDocuments.fromDocument(doc.get("status", Document.class), RequestStatus.class)))
                .defaultIfEmpty(Optional.empty());
    }

    @Override
    public Mono<RequestStatus> apply(String requestId, CaseFact fact) {
        return Mono.defer(() -> {
            Known remembered = known.get(requestId);
            return (remembered != null ? Mono.just(remembered) : read(requestId)).flatMap(before -> {
                RequestStatus after = before.status().apply(fact);
                if (after == before.status()) {
                    return Mono.just(after);
                }
                return write(requestId, before.version(), after);
            });
        }).retryWhen(Retry.max(20).filter(ConcurrentUpdate.class::isInstance));
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
        Document next = new Document("_id", requestId)
                .append("fingerprint", after.fingerprint())
                .append("receivedAt", after.receivedAt() == null ? null : Date.from(after.receivedAt()))
                .append("status", JsonDocuments.toDocument(after))
                .append("version", version + 1);
        Mono<Boolean> written = version == 0
                ? Mono.from(collection.insertOne(next)).thenReturn(true).onErrorResume(MongoStatusStore::duplicate, e -> Mono.just(false))
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

    static boolean duplicate(Throwable e) {
        return e instanceof MongoWriteException w && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }

    /** Another writer changed the document first; the fold is retried on the new version. */
    static final class ConcurrentUpdate extends RuntimeException {
        ConcurrentUpdate() {
            super("concurrent update", null, false, false);
        }
    }
}
