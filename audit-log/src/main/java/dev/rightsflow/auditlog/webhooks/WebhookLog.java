package dev.rightsflow.auditlog.webhooks;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bson.Document;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import dev.rightsflow.auditlog.cases.model.Viewer;
import dev.rightsflow.schemas.avro.WebhookAttempted;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The webhook delivery log as staff see it: per delivery ({@code _id} = the router's delivery id, the
 * {@code webhook-id} header) its latest attempt, in the {@code webhook_deliveries} collection. An attempt older than
 * the one held changes nothing (redelivery, replay). Cleared with the other projections on a rebuild.
 */
public class WebhookLog {

    static final String COLLECTION = "webhook_deliveries";

    /**
     * One delivery as it stands.
     *
     * @param outcome       DELIVERED, RETRYING (next attempt at {@code nextAttemptAt}) or DEAD
     * @param statusCode    the receiver's last HTTP status, when it answered
     * @param error         why the last attempt failed
     */
    public record Entry(String deliveryId, String organisationId, String requestId, String webhookId, String eventType,
            int attempts, String outcome, Integer statusCode, String error, Instant lastAttemptAt,
            Instant nextAttemptAt) {
    }

    private final MongoDatabase database;

    public WebhookLog(MongoDatabase database) {
        this.database = database;
    }

    private MongoCollection<Document> collection() {
        return database.getCollection(COLLECTION);
    }

    public Mono<Void> apply(WebhookAttempted a) {
        return Mono.from(collection().find(Filters.eq("_id", a.getDeliveryId())).first())
                .map(d -> d.getInteger("attempts", 0)).defaultIfEmpty(0)
                .flatMap(held -> held > a.getAttempt() ? Mono.empty() : Mono.from(collection().replaceOne(
                        Filters.eq("_id", a.getDeliveryId()), document(a), new ReplaceOptions().upsert(true))))
                .then();
    }

    /** The deliveries of the viewer's organisation (every organisation's for administrators), newest first. */
    public Mono<List<Entry>> visibleTo(Viewer viewer, int limit) {
        var find = viewer.admin() ? collection().find() : collection().find(Filters.eq("organisationId",
                viewer.organisationId() == null ? "" : viewer.organisationId()));
        return Flux.from(find.sort(Sorts.descending("lastAttemptAt")).limit(limit)).map(WebhookLog::entry)
                .collectList();
    }

    /** Empties the view (a delete, not a drop: see {@code lanes.LaneView#clear}). */
    public Mono<Void> clear() {
        return Mono.from(collection().deleteMany(new Document())).then();
    }

    private static Document document(WebhookAttempted a) {
        return new Document("_id", a.getDeliveryId()).append("organisationId", a.getOrganisationId())
                .append("requestId", a.getRequestId()).append("webhookId", a.getWebhookId())
                .append("eventType", a.getEventType()).append("attempts", a.getAttempt())
                .append("outcome", a.getOutcome()).append("statusCode", a.getStatusCode()).append("error", a.getError())
                .append("lastAttemptAt", Date.from(a.getOccurredAt()))
                .append("nextAttemptAt", a.getNextAttemptAt() == null ? null : Date.from(a.getNextAttemptAt()));
    }

    private static Entry entry(Document d) {
        Date next = d.getDate("nextAttemptAt");
        return new Entry(d.getString("_id"), d.getString("organisationId"), d.getString("requestId"),
                d.getString("webhookId"), d.getString("eventType"), d.getInteger("attempts", 0), d.getString("outcome"),
                d.getInteger("statusCode"), d.getString("error"), d.getDate("lastAttemptAt").toInstant(),
                next == null ? null : next.toInstant());
    }
}
