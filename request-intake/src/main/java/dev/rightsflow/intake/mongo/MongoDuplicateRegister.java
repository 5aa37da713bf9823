package dev.rightsflow.intake.mongo;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import org.bson.Document;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import dev.rightsflow.intake.application.DuplicateRegister;
import reactor.core.publisher.Mono;

/**
 * Collection {@code duplicate_fingerprints}: {@code {_id: fingerprint, requestId, at}}. The
 * {@code _id} is the unique key that arbitrates a race: the first insert wins, a concurrent one
 * fails with a duplicate key and reads the winner (by {@code _id}, which even the in-process server
 * serves from its index). Only an entry older than the window is taken over, with a findOneAndUpdate
 * conditioned on its old time, so again only one of two racers wins. Works the same on the in-process
 * server (no transactions needed).
 */
@Component
public class MongoDuplicateRegister implements DuplicateRegister {

    private static final int MAX_ROUNDS = 5;

    private final MongoCollection<Document> collection;

    public MongoDuplicateRegister(@Qualifier("intakeMongoDatabase") MongoDatabase database) {
        this.collection = database.getCollection("duplicate_fingerprints");
    }

    @Override
    public Mono<Optional<String>> firstOrRegister(String fingerprint, String requestId, Instant at, Instant windowStart) {
        return attempt(fingerprint, requestId, at, windowStart, 1);
    }

    private Mono<Optional<String>> attempt(String fingerprint, String requestId, Instant at, Instant windowStart, int round) {
        Document entry = new Document("_id", fingerprint).append("requestId", requestId).append("at", Date.from(at));
        return Mono.from(collection.insertOne(entry)).thenReturn(Optional.<String>empty())
                .onErrorResume(MongoStatusStore::duplicate, taken -> Mono.from(collection.find(Filters.eq("_id", fingerprint)).first())
                        .flatMap(first -> {
                            if (requestId.equals(first.getString("requestId"))) {
                                return Mono.just(Optional.<String>empty());
                            }
                            if (!first.getDate("at").toInstant().isBefore(windowStart)) {
                                return Mono.just(Optional.of(first.getString("requestId")));
                            }
                            // the holder is older than the window: take it over, unless another request just did
                            return Mono.from(collection.findOneAndUpdate(
                                            Filters.and(Filters.eq("_id", fingerprint), Filters.lt("at", Date.from(windowStart))),
                                            Updates.combine(Updates.set("requestId", requestId), Updates.set("at", Date.from(at))),
                                            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)))
                                    .map(tookOver -> Optional.<String>empty())
                                    .switchIfEmpty(Mono.defer(() -> attempt(fingerprint, requestId, at, windowStart, round + 1)));
                        })
                        // forgotten between our insert and our read: try again
                        .switchIfEmpty(Mono.defer(() -> round < MAX_ROUNDS
                                ? attempt(fingerprint, requestId, at, windowStart, round + 1)
                                : Mono.just(Optional.empty()))));
    }

    @Override
    public Mono<Void> forget(String fingerprint, String requestId) {
        return Mono.from(collection.deleteOne(Filters.and(Filters.eq("_id", fingerprint), Filters.eq("requestId", requestId))))
                .then();
    }

    @Override
    public Mono<Void> forgetRequest(String requestId) {
        return Mono.from(collection.deleteMany(Filters.eq("requestId", requestId))).then();
    }

    @Override
    public Mono<Void> clear() {
        return JsonDocuments.clear(collection);
    }
}
