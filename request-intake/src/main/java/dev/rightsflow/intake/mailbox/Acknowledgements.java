package dev.rightsflow.intake.mailbox;

import java.util.Date;

import org.bson.Document;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Mono;

/**
 * Collection {@code mailbox_acknowledgements}: the requests from a mailbox whose sender has been acknowledged
 * ({@code {_id: requestId, sentAt}}; request ids only, no personal data), so a mail read again after a crash
 * (its request already on the topic) is not acknowledged twice. Written after the mail was handed to the mailer:
 * a crash in between sends the acknowledgement again rather than never. Not rebuilt from the topics.
 */
public class Acknowledgements {

    private final MongoCollection<Document> collection;

    public Acknowledgements(MongoDatabase database) {
        this.collection = database.getCollection("mailbox_acknowledgements");
    }

    public Mono<Boolean> sent(String requestId) {
        return Mono.from(collection.find(Filters.eq("_id", requestId)).first()).map(d -> true).defaultIfEmpty(false);
    }

    public Mono<Void> record(String requestId) {
        return Mono.from(collection.replaceOne(Filters.eq("_id", requestId),
                new Document("_id", requestId).append("sentAt", new Date()), new ReplaceOptions().upsert(true))).then();
    }
}
