package dev.rightsflow.intake.mongo;

import java.util.LinkedHashMap;
import java.util.Map;

import org.bson.Document;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import dev.rightsflow.intake.application.RegistryView;
import dev.rightsflow.intake.model.Organisation;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Collection {@code organisations}: intake's view of the registry, {@code {_id: organisationId,
 * version, organisation: {...}}}, rebuilt from the REGISTRY topic. An older version never
 * overwrites a newer one.
 */
@Component
public class MongoRegistryView implements RegistryView {

    private final MongoCollection<Document> collection;

    public MongoRegistryView(@Qualifier("intakeMongoDatabase") MongoDatabase database) {
        this.collection = database.getCollection("organisations");
    }

    @Override
    public Mono<Map<String, Organisation>> snapshot() {
        return Flux.from(collection.find())
                .map(doc -> JsonDocuments.fromDocument(doc.get("organisation", Document.class), Organisation.class))
                .collectMap(Organisation::id, o -> o, LinkedHashMap::new);
    }

    @Override
    public Mono<Void> save(Organisation organisation) {
        Document doc = new Document("_id", organisation.id()).append("version", organisation.version())
                .append("organisation", JsonDocuments.toDocument(organisation));
        return Mono.from(collection.replaceOne(Filters.and(Filters.eq("_id", organisation.id()),
                        Filters.lte("version", organisation.version())), doc, new ReplaceOptions().upsert(true)))
                .onErrorResume(MongoStatusStore::duplicate, e -> Mono.empty())
                .then();
    }

    @Override
    public Mono<Boolean> isEmpty() {
        return JsonDocuments.isEmpty(collection);
    }

    @Override
    public Mono<Void> clear() {
        return JsonDocuments.clear(collection);
    }
}
