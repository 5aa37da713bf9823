package dev.rightsflow.auditlog.deadletters;

import java.time.Instant;

import org.bson.Document;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The {@code dead_letters} collection: one document per dead-lettered record ({@code _id} = topic-partition-offset). */
public class DeadLetterStore {

    private final MongoDatabase database;

    public DeadLetterStore(MongoDatabase database) {
        this.database = database;
    }

    private MongoCollection<Document> collection() {
        return database.getCollection("dead_letters");
    }

    public Mono<Void> save(DeadLetter d) {
        Document doc = new Document("_id", d.id()).append("topic", d.topic()).append("partition", d.partition())
                .append("offset", d.offset()).append("originalTopic", d.originalTopic())
                .append("originalOffset", d.originalOffset()).append("exceptionClass", d.exceptionClass())
                .append("requestId", d.requestId()).append("at", d.at() == null ? null : d.at().toString());
        return Mono.from(collection().replaceOne(Filters.eq("_id", d.id()), doc, new ReplaceOptions().upsert(true)))
                .then();
    }

    public Flux<DeadLetter> newestFirst() {
        return Flux.from(collection().find().sort(Sorts.descending("at"))).map(d -> new DeadLetter(d.getString("_id"),
                d.getString("topic"), d.getInteger("partition", 0), d.get("offset", Number.class).longValue(),
                d.getString("originalTopic"),
                d.get("originalOffset") == null ? null : d.get("originalOffset", Number.class).longValue(),
                d.getString("exceptionClass"), d.getString("requestId"),
                d.getString("at") == null ? null : Instant.parse(d.getString("at"))));
    }
}
