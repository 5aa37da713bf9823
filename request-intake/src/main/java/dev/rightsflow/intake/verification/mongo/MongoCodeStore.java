package dev.rightsflow.intake.verification.mongo;

import dev.rightsflow.intake.shared.mongo.JsonDocuments;

import java.util.Optional;

import org.bson.Document;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import dev.rightsflow.intake.verification.application.CodeStore;
import dev.rightsflow.intake.verification.model.VerificationCode;
import reactor.core.publisher.Mono;

/**
 * Collection {@code identity_codes}: {@code {_id: requestId, email, code: {salt, hash, expiresAt,
 * attempts, used, ...}}}. Only the salted hash of a code is stored. Marking a code used is a
 * conditional update, so two concurrent right answers verify once.
 */
public class MongoCodeStore implements CodeStore {

    private final MongoCollection<Document> collection;

    public MongoCodeStore(MongoDatabase database) {
        this.collection = database.getCollection("identity_codes");
    }

    @Override
    public Mono<Void> save(VerificationCode code, String email) {
        return Mono.from(collection.replaceOne(Filters.eq("_id", code.requestId()),
                new Document("_id", code.requestId()).append("email", email).append("code", JsonDocuments.toDocument(code)),
                new ReplaceOptions().upsert(true))).then();
    }

    @Override
    public Mono<Optional<Entry>> find(String requestId) {
        return Mono.from(collection.find(Filters.eq("_id", requestId)).first())
                .map(doc -> Optional.of(new Entry(JsonDocuments.fromDocument(doc.get("code", Document.class),
                        VerificationCode.class), doc.getString("email"))))
                .defaultIfEmpty(Optional.empty());
    }

    @Override
    public Mono<Void> recordWrongAttempt(String requestId) {
        return Mono.from(collection.updateOne(Filters.eq("_id", requestId), Updates.inc("code.attempts", 1))).then();
    }

    @Override
    public Mono<Boolean> markUsed(String requestId) {
        return Mono.from(collection.updateOne(Filters.and(Filters.eq("_id", requestId), Filters.eq("code.used", false)),
                Updates.set("code.used", true))).map(r -> r.getModifiedCount() == 1);
    }

    @Override
    public Mono<Void> delete(String requestId) {
        return Mono.from(collection.deleteOne(Filters.eq("_id", requestId))).then();
    }

    @Override
    public Mono<Void> unmarkUsed(String requestId) {
        return Mono.from(collection.updateOne(Filters.eq("_id", requestId), Updates.set("code.used", false))).then();
    }
}
