package dev.rightsflow.intake.security.mongo;

import dev.rightsflow.intake.shared.mongo.DuplicateKeys;

import dev.rightsflow.intake.status.mongo.MongoStatusStore;

import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;

import org.bson.Document;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import dev.rightsflow.intake.security.application.ReplayGuard;
import dev.rightsflow.intake.request.model.Hashing;
import reactor.core.publisher.Mono;

/**
 * Collection {@code seen_signatures}: {@code _id} is the hash of organisation and signature, so
 * the unique {@code _id} refuses a replay; records expire with the signature tolerance (TTL
 * index on a real MongoDB).
 */
public class MongoReplayGuard implements ReplayGuard {

    private final MongoCollection<Document> collection;

    public MongoReplayGuard(MongoDatabase database) {
        this.collection = database.getCollection("seen_signatures");
        Mono.from(collection.createIndex(Indexes.ascending("expiresAt"),
                new IndexOptions().expireAfter(0L, TimeUnit.SECONDS).name("expiry"))).onErrorResume(e -> Mono.empty()).subscribe();
    }

    @Override
    public Mono<Boolean> firstUse(String organisationId, String signature, Instant expiresAt) {
        Document doc = new Document("_id", Hashing.sha256Hex(organisationId + "\u001f" + signature))
                .append("organisationId", organisationId).append("expiresAt", Date.from(expiresAt));
        return Mono.from(collection.insertOne(doc)).thenReturn(true)
                .onErrorResume(DuplicateKeys::duplicate, e -> Mono.just(false));
    }
}
