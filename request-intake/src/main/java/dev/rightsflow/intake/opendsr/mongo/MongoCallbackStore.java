package dev.rightsflow.intake.opendsr.mongo;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import org.bson.Document;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import dev.rightsflow.intake.opendsr.application.CallbackStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Collections {@code opendsr_callbacks} ({@code {_id: requestId, organisationId, subjectRequestId,
 * urls, lastStatus, changes, regulation, expectedCompletion, cancelled}}) and {@code opendsr_callback_outbox}
 * ({@code {_id: deliveryId, requestId, url, status, body, sequence, attempts, nextAttempt,
 * deliveredAt}}). Written when an OpenDSR request is accepted and as its status changes; not
 * rebuilt from Kafka (the callback URLs are not part of any event), which the README notes.
 */
public class MongoCallbackStore implements CallbackStore {

    private final MongoCollection<Document> registrations;
    private final MongoCollection<Document> outbox;

    public MongoCallbackStore(MongoDatabase database) {
        this.registrations = database.getCollection("opendsr_callbacks");
        this.outbox = database.getCollection("opendsr_callback_outbox");
    }

    @Override
    public Mono<Void> register(Registration r) {
        return Mono.from(registrations.replaceOne(Filters.eq("_id", r.requestId()),
                new Document("_id", r.requestId()).append("organisationId", r.organisationId())
                        .append("subjectRequestId", r.subjectRequestId()).append("urls", r.urls())
                        .append("lastStatus", r.lastStatus()).append("regulation", r.regulation())
                        .append("expectedCompletion", r.expectedCompletion() == null ? null : Date.from(r.expectedCompletion()))
                        .append("cancelled", r.cancelled()),
                new ReplaceOptions().upsert(true))).then();
    }

    @Override
    public Mono<Optional<Registration>> find(String requestId) {
        return Mono.from(registrations.find(Filters.eq("_id", requestId)).first())
                .map(d -> Optional.of(new Registration(d.getString("_id"), d.getString("organisationId"),
                        d.getString("subjectRequestId"), d.getList("urls", String.class, List.of()), d.getString("lastStatus"),
                        d.getString("regulation"), d.getDate("expectedCompletion") == null ? null : d.getDate("expectedCompletion").toInstant(),
                        Boolean.TRUE.equals(d.getBoolean("cancelled")))))
                .defaultIfEmpty(Optional.empty());
    }

    @Override
    public Mono<Optional<Long>> advanceStatus(String requestId, String expected, String status) {
        return Mono.from(registrations.findOneAndUpdate(Filters.and(Filters.eq("_id", requestId), Filters.eq("lastStatus", expected)),
                        Updates.combine(Updates.set("lastStatus", status), Updates.inc("changes", 1L)),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)))
                .map(d -> Optional.of(d.get("changes", Number.class).longValue()))
                .defaultIfEmpty(Optional.empty());
    }

    @Override
    public Mono<Void> markCancelled(String requestId) {
        return Mono.from(registrations.updateOne(Filters.eq("_id", requestId), Updates.set("cancelled", true))).then();
    }

    @Override
    public Mono<Void> enqueue(Delivery d) {
        return Mono.from(outbox.updateOne(Filters.eq("_id", d.id()), Updates.combine(
                Updates.setOnInsert("requestId", d.requestId()), Updates.setOnInsert("url", d.url()),
                Updates.setOnInsert("status", d.status()), Updates.setOnInsert("body", d.body()),
                Updates.setOnInsert("sequence", d.sequence()), Updates.setOnInsert("attempts", 0),
                Updates.setOnInsert("nextAttempt", Date.from(d.nextAttempt())),
                Updates.setOnInsert("deliveredAt", null)), new UpdateOptions().upsert(true))).then();
    }

    @Override
    public Flux<Delivery> undelivered(int limit) {
        return Flux.from(outbox.find(Filters.eq("deliveredAt", null)).sort(Sorts.ascending("sequence")).limit(limit))
                .map(d -> new Delivery(d.getString("_id"), d.getString("requestId"), d.getString("url"), d.getString("status"),
                        d.getString("body"), d.get("sequence", Number.class).longValue(), d.getInteger("attempts", 0),
                        d.getDate("nextAttempt").toInstant()));
    }

    @Override
    public Mono<Void> delivered(String deliveryId, Instant at) {
        return Mono.from(outbox.updateOne(Filters.eq("_id", deliveryId), Updates.set("deliveredAt", Date.from(at)))).then();
    }

    @Override
    public Mono<Void> retryLater(String deliveryId, int attempts, Instant next) {
        return Mono.from(outbox.updateOne(Filters.eq("_id", deliveryId),
                Updates.combine(Updates.set("attempts", attempts), Updates.set("nextAttempt", Date.from(next))))).then();
    }
}
