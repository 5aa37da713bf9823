package dev.rightsflow.intake.submission.mongo;

import dev.rightsflow.intake.shared.mongo.DuplicateKeys;
import dev.rightsflow.intake.shared.mongo.JsonDocuments;
import dev.rightsflow.intake.status.mongo.MongoStatusStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.bson.Document;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import dev.rightsflow.intake.shared.application.BatchWritten;
import dev.rightsflow.intake.submission.application.DuplicateRegister;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Collection {@code duplicate_fingerprints}: {@code {_id: fingerprint, requestId, at}}. The
 * {@code _id} is the unique key that arbitrates a race: the first insert wins, a concurrent one
 * fails with a duplicate key and reads the winner (by {@code _id}, which even the in-process server
 * serves from its index). Only an entry older than the window is taken over, with a findOneAndUpdate
 * conditioned on its old time, so again only one of two racers wins. Works the same on the in-process
 * server (no transactions needed).
 *
 * <p>A batch ({@link #registerAll}, the requests a poll of intake's status listener folds) costs two round trips:
 * one {@code _id $in} read of its fingerprints, then, decided in memory in order as one at a time would, one
 * unordered bulk write: an insert for a fingerprint no one holds, an update conditioned on {@code _id} and the
 * holder read for one taken over. When any of them misses (a submission registered meanwhile), the batch is
 * registered again one at a time, which is idempotent: a request that already holds its fingerprint stays first.
 */
public class MongoDuplicateRegister implements DuplicateRegister {

    private static final int MAX_ROUNDS = 5;

    private final MongoCollection<Document> collection;

    public MongoDuplicateRegister(MongoDatabase database) {
        this.collection = database.getCollection("duplicate_fingerprints");
    }

    @Override
    public Mono<Optional<String>> firstOrRegister(String fingerprint, String requestId, Instant at, Instant windowStart) {
        return attempt(fingerprint, requestId, at, windowStart, 1);
    }

    private Mono<Optional<String>> attempt(String fingerprint, String requestId, Instant at, Instant windowStart, int round) {
        Document entry = new Document("_id", fingerprint).append("requestId", requestId).append("at", Date.from(at));
        return Mono.from(collection.insertOne(entry)).thenReturn(Optional.<String>empty())
                .onErrorResume(DuplicateKeys::duplicate, taken -> Mono.from(collection.find(Filters.eq("_id", fingerprint)).first())
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

    /** Who holds a fingerprint, and since when. */
    private record Holder(String requestId, Instant at) {
    }

    @Override
    public Mono<BatchWritten<Optional<String>>> registerAll(List<Registration> registrations) {
        if (registrations.isEmpty()) {
            return Mono.just(BatchWritten.all(List.of()));
        }
        Set<String> fingerprints = new LinkedHashSet<>();
        registrations.forEach(r -> fingerprints.add(r.fingerprint()));
        return Flux.from(collection.find(Filters.in("_id", fingerprints)))
                .collectMap(doc -> doc.getString("_id"), doc -> new Holder(doc.getString("requestId"), doc.getDate("at").toInstant()))
                // unreadable: one at a time names the registration it stops at
                .onErrorResume(e -> Mono.empty())
                .flatMap(read -> {
                    Map<String, Holder> current = new HashMap<>(read);
                    Map<String, Holder> changed = new LinkedHashMap<>();
                    List<Optional<String>> results = new ArrayList<>(registrations.size());
                    for (Registration r : registrations) {
                        Holder holder = current.get(r.fingerprint());
                        if (holder != null && (holder.requestId().equals(r.requestId()) || !holder.at().isBefore(r.windowStart()))) {
                            results.add(holder.requestId().equals(r.requestId()) ? Optional.empty() : Optional.of(holder.requestId()));
                        } else {
                            // no one holds it, or its holder is older than the window: this request is the first
                            Holder first = new Holder(r.requestId(), r.at());
                            current.put(r.fingerprint(), first);
                            changed.put(r.fingerprint(), first);
                            results.add(Optional.empty());
                        }
                    }
                    return write(read, changed).flatMap(ok -> ok ? Mono.just(BatchWritten.all(results))
                            : DuplicateRegister.super.registerAll(registrations));
                })
                .switchIfEmpty(Mono.defer(() -> DuplicateRegister.super.registerAll(registrations)));
    }

    /** @return whether every write took effect */
    private Mono<Boolean> write(Map<String, Holder> read, Map<String, Holder> changed) {
        if (changed.isEmpty()) {
            return Mono.just(true);
        }
        List<WriteModel<Document>> writes = new ArrayList<>(changed.size());
        int inserts = 0;
        for (Map.Entry<String, Holder> e : changed.entrySet()) {
            Holder was = read.get(e.getKey());
            Holder now = e.getValue();
            if (was == null) {
                writes.add(new InsertOneModel<>(new Document("_id", e.getKey()).append("requestId", now.requestId())
                        .append("at", Date.from(now.at()))));
                inserts++;
            } else {
                writes.add(new UpdateOneModel<>(Filters.and(Filters.eq("_id", e.getKey()), Filters.eq("requestId", was.requestId()),
                        Filters.eq("at", Date.from(was.at()))),
                        Updates.combine(Updates.set("requestId", now.requestId()), Updates.set("at", Date.from(now.at())))));
            }
        }
        int newOnes = inserts;
        int takenOver = writes.size() - inserts;
        return Mono.from(collection.bulkWrite(writes, new BulkWriteOptions().ordered(false)))
                .map(result -> result.getInsertedCount() == newOnes && result.getMatchedCount() == takenOver)
                .onErrorResume(e -> Mono.just(false));
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
