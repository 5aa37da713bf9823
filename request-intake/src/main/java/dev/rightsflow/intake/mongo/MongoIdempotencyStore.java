package dev.rightsflow.intake.mongo;

import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import dev.rightsflow.intake.application.IdempotencyStore;
import dev.rightsflow.intake.model.Receipt;
import reactor.core.publisher.Mono;

/**
 * Collection {@code idempotency_keys}: {@code {_id: {scope, key}, bodyHash, expiresAt, receipt}},
 * unique on the caller's scope and key (the {@code _id} and the {@code scope_key} index). The
 * first insert wins; an expired record is taken over. A TTL index removes old records on a real
 * MongoDB; the in-process server ignores TTL, so expiry is also checked on read.
 */
@Component
public class MongoIdempotencyStore implements IdempotencyStore {

    private final MongoCollection<Document> collection;

    public MongoIdempotencyStore(@Qualifier("intakeMongoDatabase") MongoDatabase database) {
        this.collection = database.getCollection("idempotency_keys");
        Mono.from(collection.createIndex(Indexes.ascending("scope", "key"), new IndexOptions().unique(true).name("scope_key")))
                .then(Mono.from(collection.createIndex(Indexes.ascending("expiresAt"),
                        new IndexOptions().expireAfter(0L, TimeUnit.SECONDS).name("expiry"))))
                .onErrorResume(e -> Mono.empty()).subscribe();
    }

    private static String id(String scope, String key) {
        return scope + "\u001f" + key;
    }

    @Override
    public Mono<Claim> claim(String scope, String key, String bodyHash, Instant now, Instant expiresAt) {
        Document doc = new Document("_id", id(scope, key)).append("scope", scope).append("key", key)
                .append("bodyHash", bodyHash).append("expiresAt", Date.from(expiresAt));
        return Mono.from(collection.insertOne(doc)).thenReturn((Claim) new Claim.Claimed())
                .onErrorResume(MongoStatusStore::duplicate, e -> Mono.from(collection.find(Filters.eq("_id", id(scope, key))).first())
                        .flatMap(existing -> {
                            if (existing.getDate("expiresAt").toInstant().isBefore(now)) {
                                return Mono.from(collection.deleteOne(Filters.and(Filters.eq("_id", id(scope, key)),
                                                Filters.eq("expiresAt", existing.getDate("expiresAt")))))
                                        .then(claim(scope, key, bodyHash, now, expiresAt));
                            }
                            Document receipt = existing.get("receipt", Document.class);
                            return Mono.just((Claim) new Claim.Existing(existing.getString("bodyHash"),
                                    receipt == null ? null : JsonDocuments.fromDocument(receipt, Receipt.class)));
                        }));
    }

    @Override
    public Mono<Void> complete(String scope, String key, Receipt receipt) {
        return Mono.from(collection.updateOne(Filters.eq("_id", id(scope, key)),
                Updates.set("receipt", JsonDocuments.toDocument(receipt)))).then();
    }

    @Override
    public Mono<Void> release(String scope, String key) {
        return Mono.from(collection.deleteOne(Filters.and(Filters.eq("_id", id(scope, key)), Filters.exists("receipt", false))))
                .then();
    }
}
