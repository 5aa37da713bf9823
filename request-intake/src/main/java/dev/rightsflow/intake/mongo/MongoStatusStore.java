package dev.rightsflow.intake.mongo;

import java.time.Instant;
import java.util.Date;
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
 */
@Component
public class MongoStatusStore implements StatusStore {

    static final String COLLECTION = "request_status";

    private final MongoCollection<Document> collection;

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
        return Mono.defer(() -> Mono.from(collection.find(Filters.eq("_id", requestId)).first())
                .map(Optional::of).defaultIfEmpty(Optional.empty())
                .flatMap(found -> {
                    RequestStatus before = found
                            .map(doc -> JsonDocuments.fromDocument(doc.get("status", Document.class), RequestStatus.class))
                            .orElse(RequestStatus.empty(requestId));
                    RequestStatus after = before.apply(fact);
                    if (after == before) {
                        return Mono.just(before);
                    }
                    Document next = new Document("_id", requestId)
                            .append("fingerprint", after.fingerprint())
                            .append("receivedAt", after.receivedAt() == null ? null : Date.from(after.receivedAt()))
                            .append("status", JsonDocuments.toDocument(after));
                    if (found.isEmpty()) {
                        return Mono.from(collection.insertOne(next.append("version", 1L))).thenReturn(after)
                                .onErrorMap(MongoStatusStore::duplicate, e -> new ConcurrentUpdate());
                    }
                    long version = found.get().get("version", Number.class).longValue();
                    return Mono.from(collection.replaceOne(Filters.and(Filters.eq("_id", requestId), Filters.eq("version", version)),
                                    next.append("version", version + 1)))
                            .flatMap(result -> result.getMatchedCount() == 1 ? Mono.just(after)
                                    : Mono.error(new ConcurrentUpdate()));
                }))
                .retryWhen(Retry.max(20).filter(ConcurrentUpdate.class::isInstance));
    }

    @Override
    public Mono<Void> forgetFingerprint(String requestId) {
        return Mono.from(collection.updateOne(Filters.eq("_id", requestId), Updates.combine(Updates.unset("fingerprint"),
                Updates.unset("status.fingerprint"), Updates.inc("version", 1L)))).then();
    }

    @Override
    public Mono<Boolean> isEmpty() {
        return JsonDocuments.isEmpty(collection);
    }

    @Override
    public Mono<Void> clear() {
        return JsonDocuments.clear(collection);
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
