package dev.rightsflow.auditlog.trail.mongo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.bson.Document;
import org.bson.types.Binary;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.UpdateOneModel;
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
 *
 * <p>Hashes are stored as their 32 bytes and times as BSON dates (to the millisecond), and read back to the very
 * hex and ISO-8601 text the chain's hash covers ({@code AuditChain}): about 100 bytes less per entry, the
 * hashing rule unchanged. Entries stored as text by an earlier version read as before.
 */
public class MongoAuditStore implements AuditStore {

    static final String ENTRIES = "audit_entries";
    static final String HEADS = "audit_heads";
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    private final MongoDatabase database;

    public MongoAuditStore(MongoDatabase database) {
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
                        Updates.combine(Updates.set("sequence", entry.sequence()), Updates.set("hash", stored(entry.hash())),
                                Updates.set("dirty", true)),
                        new UpdateOptions().upsert(true)))
                .onErrorResume(MongoWriteException.class, e -> Mono.empty())
                .then();
    }

    /** {@code sourceEventId $in}: served by the unique index on the source event. */
    @Override
    public Mono<Map<String, AuditEntry>> bySourceEventIds(Collection<String> sourceEventIds) {
        if (sourceEventIds.isEmpty()) {
            return Mono.just(Map.of());
        }
        return Flux.from(entries().find(Filters.in("sourceEventId", sourceEventIds))).map(MongoAuditStore::entry)
                .collectMap(AuditEntry::sourceEventId, e -> e, HashMap::new);
    }

    /** {@code _id $in} on {@code audit_heads}: served by the {@code _id} index. */
    @Override
    public Mono<Map<String, AuditEntry>> heads(Collection<String> chains) {
        if (chains.isEmpty()) {
            return Mono.just(Map.of());
        }
        return Flux.from(heads().find(Filters.in("_id", chains))).map(MongoAuditStore::head)
                .collectMap(AuditEntry::chain, e -> e, HashMap::new);
    }

    @Override
    public Mono<Void> appendAll(List<AuditEntry> batch) {
        if (batch.isEmpty()) {
            return Mono.empty();
        }
        List<InsertOneModel<Document>> inserts = new ArrayList<>(batch.size());
        batch.forEach(e -> inserts.add(new InsertOneModel<>(document(e))));
        return Mono.from(entries().bulkWrite(inserts, new BulkWriteOptions().ordered(true)))
                .then(moveHeads(batch))
                .onErrorResume(MongoBulkWriteException.class, e -> {
                    // ordered: the entries before the first error are written; their heads move, then the caller
                    // appends the rest one at a time
                    int written = e.getWriteErrors().isEmpty() ? 0 : e.getWriteErrors().get(0).getIndex();
                    return moveHeads(batch.subList(0, written)).then(Mono.error(e));
                });
    }

    /** Moves each chain's head to the newest of these entries (never back), in one unordered write. */
    private Mono<Void> moveHeads(List<AuditEntry> written) {
        Map<String, AuditEntry> newest = new LinkedHashMap<>();
        for (AuditEntry e : written) {
            if (!AuditChain.ANCHOR_CHAIN.equals(e.chain())) {
                newest.merge(e.chain(), e, (a, b) -> b.sequence() > a.sequence() ? b : a);
            }
        }
        if (newest.isEmpty()) {
            return Mono.empty();
        }
        List<UpdateOneModel<Document>> heads = new ArrayList<>(newest.size());
        for (AuditEntry e : newest.values()) {
            heads.add(new UpdateOneModel<>(Filters.and(Filters.eq("_id", e.chain()), Filters.lt("sequence", e.sequence())),
                    Updates.combine(Updates.set("sequence", e.sequence()), Updates.set("hash", stored(e.hash())),
                            Updates.set("dirty", true)),
                    new UpdateOptions().upsert(true)));
        }
        return Mono.from(heads().bulkWrite(heads, new BulkWriteOptions().ordered(false)))
                // a head already past this entry (the upsert then collides on _id) is left as it is, as updateHead does
                .onErrorResume(MongoBulkWriteException.class, e -> Mono.empty())
                .then();
    }

    private static AuditEntry head(Document d) {
        return new AuditEntry(d.getString("_id"), d.get("sequence", Number.class).longValue(), null, null, null, null,
                null, null, null, null, Map.of(), null, null, hashText(d.get("hash")));
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
    public Flux<AuditEntry> headsChangedSinceAnchor(int limit) {
        return Flux.from(heads().find(Filters.eq("dirty", true)).limit(limit)).map(MongoAuditStore::head);
    }

    @Override
    public Mono<Void> markAnchored(List<AuditEntry> anchored) {
        if (anchored.isEmpty()) {
            return Mono.empty();
        }
        List<com.mongodb.client.model.UpdateOneModel<Document>> updates = anchored.stream()
                .map(h -> new com.mongodb.client.model.UpdateOneModel<Document>(
                        Filters.and(Filters.eq("_id", h.chain()), Filters.eq("sequence", h.sequence())),
                        Updates.set("dirty", false)))
                .toList();
        return Mono.from(heads().bulkWrite(updates, new BulkWriteOptions().ordered(false))).then();
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
                .append("occurredAt", stored(e.occurredAt()))
                .append("recordedAt", stored(e.recordedAt()))
                .append("actor", new Document("type", e.actorType()).append("id", e.actorId())
                        .append("organisationId", e.actorOrganisationId()))
                .append("payload", new Document(e.payload()))
                .append("deadline", e.deadline())
                .append("previousHash", stored(e.previousHash()))
                .append("hash", stored(e.hash()));
    }

    @SuppressWarnings("unchecked")
    static AuditEntry entry(Document d) {
        Document actor = d.get("actor", Document.class);
        Map<String, Object> payload = (Map<String, Object>) plain(d.get("payload", Document.class));
        return new AuditEntry(d.getString("requestId"), d.get("sequence", Number.class).longValue(),
                d.getString("sourceEventId"), d.getString("sourceEventType"), d.getString("topic"),
                instant(d.get("occurredAt")), instant(d.get("recordedAt")),
                actor.getString("type"), actor.getString("id"), actor.getString("organisationId"), payload,
                d.getString("deadline"), hashText(d.get("previousHash")), hashText(d.get("hash")));
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

    /**
     * A hash as stored: its 32 bytes (BSON binary, 37 bytes where its hex text takes 69); anything that is not a
     * SHA-256 in lowercase hex stays text. Read back by {@link #hashText} to exactly the hex the chain hashed.
     */
    static Object stored(String hash) {
        return hash != null && HASH.matcher(hash).matches() ? new Binary(HexFormat.of().parseHex(hash)) : hash;
    }

    /** The hash's hex text, from its bytes or (stored by an earlier version) its text. */
    static String hashText(Object stored) {
        return stored instanceof Binary b ? HexFormat.of().formatHex(b.getData()) : (String) stored;
    }

    /**
     * An entry's time as stored: a BSON date (8 bytes; its text took 25 to 29) when it is to the millisecond, as
     * {@code AuditChain.next} makes every entry's times, so that it reads back to the same ISO-8601 text the hash
     * covered; a finer time stays text.
     */
    static Object stored(Instant time) {
        return time == null ? null : time.getNano() % 1_000_000 == 0 ? Date.from(time) : time.toString();
    }

    /** The time from a BSON date or (stored by an earlier version, or finer than a millisecond) its text. */
    private static Instant instant(Object stored) {
        return stored instanceof Date date ? date.toInstant() : stored == null ? null : Instant.parse((String) stored);
    }
}
