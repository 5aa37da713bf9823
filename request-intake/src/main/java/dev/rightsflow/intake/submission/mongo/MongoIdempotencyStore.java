package dev.rightsflow.intake.submission.mongo;

import dev.rightsflow.intake.shared.mongo.DuplicateKeys;
import dev.rightsflow.intake.shared.mongo.JsonDocuments;
import dev.rightsflow.intake.status.mongo.MongoStatusStore;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bson.Document;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import dev.rightsflow.intake.shared.application.BatchWritten;
import dev.rightsflow.intake.submission.application.IdempotencyStore;
import dev.rightsflow.intake.submission.model.Receipt;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Collection {@code idempotency_keys}: {@code {_id: requestId, digest, leaseUntil?, receipt?, scope?,
 * key?}}. The {@code _id} (the request id derived from scope and key) makes the first claim win. A
 * record in flight has {@code leaseUntil}; a published one has {@code receipt} (no token). Records
 * rebuilt from the topic have no {@code scope} and {@code key}, which only the HTTP path knows.
 *
 * <p>The hot paths (claim, complete, remember) address a document by {@code _id} alone, which the
 * in-process server serves from its index; only taking over an expired lease and giving a key back
 * after a broker failure add a condition. Earlier versions declared a unique {@code scope_key} index
 * and a TTL index; both are dropped, since rebuilt records have no scope and key and records must
 * not expire.
 */
public class MongoIdempotencyStore implements IdempotencyStore {

    private final MongoCollection<Document> collection;

    public MongoIdempotencyStore(MongoDatabase database) {
        this.collection = database.getCollection("idempotency_keys");
        Mono.from(collection.dropIndex("scope_key")).onErrorResume(e -> Mono.empty())
                .then(Mono.from(collection.dropIndex("expiry")).onErrorResume(e -> Mono.empty()))
                .subscribe();
    }

    @Override
    public Mono<Claim> claim(String requestId, String scope, String key, String contentDigest, Instant now,
            Instant leaseUntil) {
        Document doc = new Document("_id", requestId).append("digest", contentDigest).append("scope", scope)
                .append("key", key).append("leaseUntil", Date.from(leaseUntil));
        return Mono.from(collection.insertOne(doc)).thenReturn((Claim) new Claim.Claimed())
                .onErrorResume(DuplicateKeys::duplicate, e -> Mono.from(collection.find(Filters.eq("_id", requestId)).first())
                        .flatMap(existing -> {
                            Document receipt = existing.get("receipt", Document.class);
                            if (receipt != null) {
                                return Mono.just((Claim) new Claim.Existing(existing.getString("digest"),
                                        JsonDocuments.fromDocument(receipt, Receipt.class)));
                            }
                            Date lease = existing.getDate("leaseUntil");
                            if (lease != null && lease.toInstant().isBefore(now)) {
                                return Mono.from(collection.deleteOne(Filters.and(Filters.eq("_id", requestId),
                                                Filters.eq("leaseUntil", lease), Filters.exists("receipt", false))))
                                        .then(Mono.defer(() -> claim(requestId, scope, key, contentDigest, now, leaseUntil)));
                            }
                            return Mono.just((Claim) new Claim.Existing(existing.getString("digest"), null));
                        })
                        // the record went between the insert and the read (released): try again
                        .switchIfEmpty(Mono.defer(() -> claim(requestId, scope, key, contentDigest, now, leaseUntil))));
    }

    @Override
    public Mono<Void> complete(String requestId, Receipt receipt) {
        return Mono.from(collection.updateOne(Filters.eq("_id", requestId),
                Updates.combine(Updates.set("receipt", JsonDocuments.toDocument(withoutToken(receipt))),
                        Updates.unset("leaseUntil")))).then();
    }

    @Override
    public Mono<Void> release(String requestId) {
        return Mono.from(collection.deleteOne(Filters.and(Filters.eq("_id", requestId), Filters.exists("receipt", false))))
                .then();
    }

    @Override
    public Mono<Void> remember(String requestId, String contentDigest, Receipt receipt) {
        return Mono.defer(() -> Mono.from(collection.updateOne(Filters.eq("_id", requestId),
                        remembered(contentDigest, receipt),
                        new UpdateOptions().upsert(true))))
                // an upsert racing with a claim's insert of the same _id may fail once; the retry updates it
                .retryWhen(Retry.max(3).filter(DuplicateKeys::duplicate))
                .then();
    }

    /**
     * One unordered bulk write of upserts on {@code _id}; when it fails (an upsert racing with a claim's insert), the
     * batch is remembered again one at a time, which is idempotent.
     */
    @Override
    public Mono<BatchWritten<String>> rememberAll(List<Remembered> requests) {
        if (requests.isEmpty()) {
            return Mono.just(BatchWritten.all(List.of()));
        }
        List<UpdateOneModel<Document>> writes = requests.stream().map(r -> new UpdateOneModel<Document>(
                Filters.eq("_id", r.requestId()), remembered(r.contentDigest(), r.receipt()), new UpdateOptions().upsert(true)))
                .toList();
        return Mono.from(collection.bulkWrite(writes, new BulkWriteOptions().ordered(false)))
                .map(done -> BatchWritten.all(requests.stream().map(Remembered::requestId).toList()))
                .onErrorResume(e -> IdempotencyStore.super.rememberAll(requests));
    }

    @Override
    public Mono<Void> clear() {
        return JsonDocuments.clear(collection);
    }

    private static org.bson.conversions.Bson remembered(String contentDigest, Receipt receipt) {
        return Updates.combine(Updates.set("digest", contentDigest),
                Updates.set("receipt", JsonDocuments.toDocument(withoutToken(receipt))), Updates.unset("leaseUntil"));
    }

    private static Receipt withoutToken(Receipt receipt) {
        return new Receipt(receipt.requestId(), null, receipt.receivedAt(), receipt.provisionalDeadline(),
                receipt.verification(), receipt.duplicateOf(), receipt.deadlineProvisionalReason());
    }
}
