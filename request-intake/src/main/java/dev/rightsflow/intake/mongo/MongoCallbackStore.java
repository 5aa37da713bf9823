package dev.rightsflow.intake.mongo;

import java.util.List;
import java.util.Optional;

import org.bson.Document;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import dev.rightsflow.intake.application.CallbackStore;
import reactor.core.publisher.Mono;

/**
 * Collection {@code opendsr_callbacks}: {@code {_id: requestId, organisationId, subjectRequestId,
 * urls, lastStatus}}. Written when an OpenDSR request is accepted; not rebuilt from Kafka (the
 * callback URLs are not part of the event), which the README notes.
 */
@Component
public class MongoCallbackStore implements CallbackStore {

    private final MongoCollection<Document> collection;

    public MongoCallbackStore(@Qualifier("intakeMongoDatabase") MongoDatabase database) {
        this.collection = database.getCollection("opendsr_callbacks");
    }

    @Override
    public Mono<Void> register(Registration r) {
        return Mono.from(collection.replaceOne(Filters.eq("_id", r.requestId()),
                new Document("_id", r.requestId()).append("organisationId", r.organisationId())
                        .append("subjectRequestId", r.subjectRequestId()).append("urls", r.urls())
                        .append("lastStatus", r.lastStatus()),
                new ReplaceOptions().upsert(true))).then();
    }

    @Override
    public Mono<Optional<Registration>> find(String requestId) {
        return Mono.from(collection.find(Filters.eq("_id", requestId)).first())
                .map(d -> Optional.of(new Registration(d.getString("_id"), d.getString("organisationId"),
                        d.getString("subjectRequestId"), d.getList("urls", String.class, List.of()), d.getString("lastStatus"))))
                .defaultIfEmpty(Optional.empty());
    }

    @Override
    public Mono<Void> markSent(String requestId, String status) {
        return Mono.from(collection.updateOne(Filters.eq("_id", requestId), Updates.set("lastStatus", status))).then();
    }
}
