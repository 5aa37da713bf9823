package dev.rightsflow.auditlog.trail.mongo;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Repository;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.rightsflow.auditlog.trail.application.AuditStore;
import dev.rightsflow.auditlog.trail.model.AuditChain;
import dev.rightsflow.auditlog.trail.model.AuditEntry;

/**
 * The audit trail in MongoDB. Collection {@code audit_entries}: one document per entry, unique on
 * (requestId, sequence) and on sourceEventId, never updated. Collection {@code audit_heads}: the
 * newest entry of each chain and whether a global anchor has recorded it yet (a projection of the
 * entries, rebuilt with them).
 */
@Repository("auditLogMongoAuditStore")
public class MongoAuditStore implements AuditStore {

    static final String ENTRIES = "audit_entries";
    static final String HEADS = "audit_heads";

    private final MongoDatabase database;

    public MongoAuditStore(@Qualifier("auditLogMongoDatabase") MongoDatabase database) {
        this.database = database;
    }

    private MongoCollection<Document> entries() {
        return database.getCollection(ENTRIES);
    }

    private MongoCollection<Document> heads() {
        return database.getCollection(HEADS);
    }

    /** Declares the indexes; called once at start. */
    public Mono<Void> createIndexes() {
        return Flux.from(entries().createIndexes(List.of(
                new IndexModel(Indexes.ascending("requestId", "sequence"), new IndexOptions().unique(true).name("chain_sequence")),
                new IndexModel(Indexes.ascending("sourceEventId"), new IndexOptions().unique(true).name("source_event")),
                // a chain's entries and head by request id alone (the unique index above needs the sequence too)
                new IndexModel(Indexes.ascending("requestId"), new IndexOptions().name("chain")),
                new IndexModel(Indexes.ascending("payload.heads.chain"), new IndexOptions().name("anchor_heads")))))
                .thenMany(Flux.from(heads().createIndex(Indexes.ascending("dirty"))))
                .then();
    }

    @Override
    public Mono<AuditEntry> bySourceEventId(String sourceEventId) {
        return Mono.from(entries().find(Filters.eq("sourceEventId", sourceEventId)).first()).map(MongoAuditStore::entry);
    }

    @Override
    public Mono<AuditEntry> head(String chain) {
        return Mono.from(entries().find(Filters.eq("requestId", chain)).sort(Sorts.descending("sequence")).first())
                .map(MongoAuditStore::entry);
    }

    @Override
    public Mono<Boolean> append(AuditEntry entry) {
        return Mono.from(entries().insertOne(document(entry)))
                .then(updateHead(entry))
                .thenReturn(true)
                .onErrorResume(MongoWriteException.class, e -> {
                    if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                        return Mono.error(e);
                    }
                    return bySourceEventId(entry.sourceEventId()).map(existing -> false)
                            .switchIfEmpty(Mono.error(new SequenceTakenException(entry.chain(), entry.sequence())));
                });
    }

    private Mono<Void> updateHead(AuditEntry entry) {
        if (AuditChain.ANCHOR_CHAIN.equals(entry.chain())) {
            return Mono.empty();
        }
        return Mono.from(heads().updateOne(
                        Filters.and(Filters.eq("_id", entry.chain()), Filters.lt("sequence", entry.sequence())),
                        Updates.combine(Updates.set("sequence", entry.sequence()), Updates.set("hash", entry.hash()),
                                Updates.set("dirty", true)),
                        new UpdateOptions().upsert(true)))
                .onErrorResume(MongoWriteException.class, e -> Mono.empty())
                .then();
    }

    @Override
    public Flux<AuditEntry> chain(String chain) {
        return Flux.from(entries().find(Filters.eq("requestId", chain)).sort(Sorts.ascending("sequence")))
                .map(MongoAuditStore::entry);
    }

    @Override
    public Flux<AuditEntry> anchorsRecording(String chain) {
        return Flux.from(entries().find(Filters.and(Filters.eq("requestId", AuditChain.ANCHOR_CHAIN),
                        Filters.eq("payload.heads.chain", chain))).sort(Sorts.ascending("sequence")))
                .map(MongoAuditStore::entry);
    }

    @Override
    public Flux<AuditEntry> headsChangedSinceAnchor() {
        return Flux.from(heads().find(Filters.eq("dirty", true)))
                .map(d -> new AuditEntry(d.getString("_id"), d.get("sequence", Number.class).longValue(), null, null,
                        null, null, null, null, null, null, Map.of(), null, null, d.getString("hash")));
    }

    @Override
    public Mono<Void> markAnchored(String chain, long sequence) {
        return Mono.from(heads().updateOne(Filters.and(Filters.eq("_id", chain), Filters.eq("sequence", sequence)),
                Updates.set("dirty", false))).then();
    }

    @Override
    public Mono<Long> countEntries() {
        return Mono.from(entries().countDocuments());
    }

    @Override
    public Mono<Void> dropForRebuild() {
        return Mono.from(entries().drop()).then(Mono.from(heads().drop())).then(createIndexes());
    }

    static Document document(AuditEntry e) {
        return new Document("requestId", e.chain())
                .append("sequence", e.sequence())
                .append("sourceEventId", e.sourceEventId())
                .append("sourceEventType", e.sourceEventType())
                .append("topic", e.topic())
                .append("occurredAt", e.occurredAt() == null ? null : e.occurredAt().toString())
                .append("recordedAt", e.recordedAt() == null ? null : e.recordedAt().toString())
                .append("actor", new Document("type", e.actorType()).append("id", e.actorId())
                        .append("organisationId", e.actorOrganisationId()))
                .append("payload", new Document(e.payload()))
                .append("deadline", e.deadline())
                .append("previousHash", e.previousHash())
                .append("hash", e.hash());
    }

    @SuppressWarnings("unchecked")
    static AuditEntry entry(Document d) {
        Document actor = d.get("actor", Document.class);
        Map<String, Object> payload = (Map<String, Object>) plain(d.get("payload", Document.class));
        return new AuditEntry(d.getString("requestId"), d.get("sequence", Number.class).longValue(),
                d.getString("sourceEventId"), d.getString("sourceEventType"), d.getString("topic"),
                instant(d.getString("occurredAt")), instant(d.getString("recordedAt")),
                actor.getString("type"), actor.getString("id"), actor.getString("organisationId"), payload,
                d.getString("deadline"), d.getString("previousHash"), d.getString("hash"));
    }

    /** Documents become plain maps again, so the canonical form is recomputed from what is stored. */
    private static Object plain(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(MongoAuditStore::plain).toList();
        }
        if (value instanceof Date date) {
            return date.toInstant().toString();
        }
        return value;
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }
}
