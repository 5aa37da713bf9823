package dev.rightsflow.router.webhooks.mongo;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import org.bson.Document;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import dev.rightsflow.router.webhooks.application.DeliveryStore;
import dev.rightsflow.router.webhooks.model.Delivery;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Deliveries in {@code router_webhook_deliveries}: one document per delivery id, the delivery as JSON with its
 * organisation, state and next attempt at the top for the queries.
 */
public final class MongoDeliveryStore implements DeliveryStore {

    static final String COLLECTION = "router_webhook_deliveries";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final MongoCollection<Document> deliveries;
    private final JsonMapper json;

    public MongoDeliveryStore(MongoDatabase database, JsonMapper json) {
        this.deliveries = database.getCollection(COLLECTION);
        this.json = json;
        Mono.from(deliveries.createIndex(Indexes.ascending("state"), new IndexOptions().name("state"))).block(TIMEOUT);
        Mono.from(deliveries.createIndex(Indexes.ascending("organisationId"), new IndexOptions().name("organisationId")))
                .block(TIMEOUT);
    }

    @Override
    public Optional<Delivery> find(String deliveryId) {
        return Optional.ofNullable(Mono.from(deliveries.find(Filters.eq("_id", deliveryId)).first()).block(TIMEOUT))
                .map(this::delivery);
    }

    @Override
    public void save(Delivery d) {
        Document doc = new Document("_id", d.deliveryId()).append("organisationId", d.organisationId())
                .append("state", d.state().name())
                .append("nextAttemptAt", d.nextAttemptAt() == null ? null : Date.from(d.nextAttemptAt()))
                .append("triggeredAt", Date.from(d.triggeredAt()))
                .append("delivery", Document.parse(json.writeValueAsString(d)));
        Mono.from(deliveries.replaceOne(Filters.eq("_id", d.deliveryId()), doc, new ReplaceOptions().upsert(true)))
                .block(TIMEOUT);
    }

    @Override
    public List<Delivery> due(Instant now, int limit) {
        return list(Flux.from(deliveries.find(Filters.and(Filters.eq("state", Delivery.State.PENDING.name()),
                Filters.lte("nextAttemptAt", Date.from(now)))).sort(Sorts.ascending("nextAttemptAt")).limit(limit)));
    }

    @Override
    public List<Delivery> ofOrganisation(String organisationId, int limit) {
        return list(Flux.from(deliveries.find(Filters.eq("organisationId", organisationId))
                .sort(Sorts.descending("triggeredAt")).limit(limit)));
    }

    @Override
    public void clear() {
        Mono.from(deliveries.deleteMany(new Document())).block(TIMEOUT);
    }

    private List<Delivery> list(Flux<Document> docs) {
        return docs.map(this::delivery).collectList().blockOptional(TIMEOUT).orElse(List.of());
    }

    private Delivery delivery(Document doc) {
        return json.readValue(((Document) doc.get("delivery")).toJson(), Delivery.class);
    }
}
