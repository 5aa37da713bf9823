package dev.rightsflow.intake.mail;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bson.Document;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import dev.rightsflow.intake.mail.application.Mailer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The embedded demo's stand-in for email: messages are kept in the {@code outbox} collection and
 * shown on the local page {@code /intake/outbox}, so the demo works without a mail server. Only
 * when explicitly enabled ({@code rightsflow.intake.demo-outbox=true}) and no SMTP server is
 * configured ({@link MailChoice}): the page shows addresses and codes to whoever reaches it. Each
 * message is filed under its request, and the request's messages are deleted when its personal data
 * is erased ({@link #forget}).
 */
public class OutboxMailer implements Mailer {

    /** One message as the outbox page shows it. */
    public record Message(String to, String subject, String text, Instant sentAt) {
    }

    private final MongoCollection<Document> collection;
    private final Clock clock;

    public OutboxMailer(MongoDatabase database, Clock intakeClock) {
        this.collection = database.getCollection("outbox");
        this.clock = intakeClock;
    }

    @Override
    public Mono<Void> send(String requestId, String to, String subject, String text) {
        return Mono.from(collection.insertOne(new Document("requestId", requestId).append("to", to)
                .append("subject", subject).append("text", text).append("sentAt", Date.from(clock.instant())))).then();
    }

    @Override
    public Mono<Void> forget(String requestId) {
        return Mono.from(collection.deleteMany(Filters.eq("requestId", requestId))).then();
    }

    /** The newest messages first. */
    public Mono<List<Message>> latest(int limit) {
        return Flux.from(collection.find().sort(Sorts.descending("sentAt")).limit(limit))
                .map(d -> new Message(d.getString("to"), d.getString("subject"), d.getString("text"),
                        d.getDate("sentAt").toInstant()))
                .collectList();
    }
}
