package dev.rightsflow.router.cases.mongo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bson.Document;
import org.bson.types.Binary;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import dev.rightsflow.router.cases.application.CaseStore;
import dev.rightsflow.router.cases.model.CasePhase;
import dev.rightsflow.router.cases.model.CaseState;

/**
 * Cases in {@code router_cases}: one document per request id with the folded state (queryable
 * fields at the top), the encoded request event and a version for optimistic concurrency.
 *
 * <p>The folded state is one JSON text ({@code state}), written and read by Jackson as it stands: a case is read and
 * written again for every poll that touches it (about eight times a request), and as a nested document it was Jackson
 * to text, text parsed into a BSON tree, that tree encoded by the driver, decoded, copied and encoded again by the
 * store, and the reverse on every read. The fields a query needs ({@code status}, {@code forwardedBy},
 * {@code awaitingReconciliation}, {@code forwardingMode}, {@code externalCancellation}) stand beside it. A case stored
 * by an earlier version (the state as a nested document) reads and is found as before, and is stored as text at its
 * next write.
 */
public final class MongoCaseStore implements CaseStore {

    static final String COLLECTION = "router_cases";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration BULK_TIMEOUT = Duration.ofSeconds(60);

    private final MongoCollection<Document> cases;
    private final JsonMapper json;

    public MongoCaseStore(MongoDatabase database, JsonMapper json) {
        this.cases = database.getCollection(COLLECTION);
        this.json = json.rebuild().addMixIn(CasePhase.class, PhaseJson.class).build();
        Mono.from(cases.createIndex(Indexes.ascending("status"), new IndexOptions().name("status"))).block(TIMEOUT);
        Mono.from(cases.createIndex(Indexes.ascending("forwardedBy"), new IndexOptions().name("forwardedBy")))
                .block(TIMEOUT);
        Mono.from(cases.createIndex(Indexes.ascending("awaitingReconciliation"),
                new IndexOptions().name("awaitingReconciliation"))).block(TIMEOUT);
    }

    @Override
    public Optional<StoredCase> load(String requestId) {
        Document doc = Mono.from(cases.find(Filters.eq("_id", requestId)).first()).block(TIMEOUT);
        return Optional.ofNullable(doc).map(this::toStored);
    }

    @Override
    public Map<String, StoredCase> loadAll(Collection<String> requestIds) {
        if (requestIds.isEmpty()) {
            return Map.of();
        }
        Map<String, StoredCase> found = new HashMap<>();
        Flux.from(cases.find(Filters.in("_id", requestIds))).doOnNext(d -> found.put(d.getString("_id"), toStored(d)))
                .then().block(TIMEOUT);
        return found;
    }

    @Override
    public boolean save(StoredCase stored) {
        CaseState c = stored.state();
        long expected = c.version;
        c.version = expected + 1;
        Document doc = document(stored);
        try {
            if (expected == 0) {
                Mono.from(cases.insertOne(doc)).block(TIMEOUT);
                return true;
            }
            var result = Mono.from(cases.replaceOne(Filters.and(Filters.eq("_id", c.requestId),
                    Filters.eq("version", expected)), doc)).block(TIMEOUT);
            if (result != null && result.getMatchedCount() == 1) {
                return true;
            }
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
        c.version = expected;
        return false;
    }

    /**
     * One unordered bulk write: a new case inserted (its {@code _id} unique), a known one replaced
     * where its id and version are still those it was loaded with ({@code $and} with {@code _id}:
     * index-served, on the in-process server too), so a case never goes backwards.
     */
    @Override
    public boolean saveAll(Collection<StoredCase> stored) {
        if (stored.isEmpty()) {
            return true;
        }
        List<WriteModel<Document>> writes = new ArrayList<>(stored.size());
        for (StoredCase s : stored) {
            CaseState c = s.state();
            long expected = c.version;
            c.version = expected + 1;
            Document doc = document(s);
            c.version = expected;
            writes.add(expected == 0 ? new InsertOneModel<>(doc)
                    : new ReplaceOneModel<>(Filters.and(Filters.eq("_id", c.requestId), Filters.eq("version", expected)),
                            doc));
        }
        try {
            BulkWriteResult result = Mono.from(cases.bulkWrite(writes, new BulkWriteOptions().ordered(false)))
                    .block(BULK_TIMEOUT);
            if (result == null || result.getInsertedCount() + result.getMatchedCount() != writes.size()) {
                return false;
            }
        } catch (MongoBulkWriteException e) {
            return false;
        }
        stored.forEach(s -> s.state().version++);
        return true;
    }

    private Document document(StoredCase stored) {
        CaseState c = stored.state();
        return new Document("_id", c.requestId)
                .append("version", c.version)
                .append("status", c.status().name())
                .append("controllerId", c.controllerId)
                .append("forwardedBy", forwardedBy(c))
                .append("awaitingReconciliation", c.awaitingReconciliation)
                .append("forwardingMode", c.forwardingMode == null ? null : c.forwardingMode.name())
                .append("externalCancellation", c.externalCancellation)
                .append("state", json.writeValueAsString(c))
                .append("request", stored.requestEvent() == null ? null : new Binary(stored.requestEvent()));
    }

    @Override
    public List<CaseState> inStatus(CaseState.Status status) {
        return states(Filters.eq("status", status.name()));
    }

    @Override
    public List<CaseState> closedOverOpenDsrWithoutCancellation() {
        // the fields beside the state, or within it for a case an earlier version stored as a nested document
        return states(Filters.and(Filters.eq("status", CaseState.Status.CLOSED.name()), Filters.or(
                Filters.and(Filters.eq("forwardingMode", "OPENDSR"), Filters.eq("externalCancellation", null)),
                Filters.and(Filters.eq("state.forwardingMode", "OPENDSR"), Filters.eq("state.externalCancellation", null)))));
    }

    @Override
    public List<CaseState> forwardedBy(String organisationId) {
        return states(Filters.eq("forwardedBy", organisationId));
    }

    @Override
    public List<String> ids() {
        return Flux.from(cases.find().projection(new Document("_id", 1))).map(d -> d.getString("_id")).collectList()
                .blockOptional(TIMEOUT).orElse(List.of());
    }

    @Override
    public List<String> awaitingReconciliation() {
        return Flux.from(cases.find(Filters.eq("awaitingReconciliation", true)).projection(new Document("_id", 1)))
                .map(d -> d.getString("_id")).collectList().blockOptional(TIMEOUT).orElse(List.of());
    }

    @Override
    public long count() {
        return Mono.from(cases.countDocuments()).blockOptional(TIMEOUT).orElse(0L);
    }

    @Override
    public void clear() {
        Mono.from(cases.deleteMany(new Document())).block(TIMEOUT);
    }

    private List<CaseState> states(org.bson.conversions.Bson filter) {
        return Flux.from(cases.find(filter)).map(d -> toStored(d).state()).collectList().blockOptional(TIMEOUT)
                .orElse(List.of());
    }

    /** The processor that passed the request on: the one that forwarded it to us, or the one we forwarded for. */
    private static String forwardedBy(CaseState c) {
        if (c.forwardedInBy != null) {
            return c.forwardedInBy;
        }
        return c.forwardedFrom;
    }

    private StoredCase toStored(Document doc) {
        Object stored = doc.get("state");
        CaseState state = json.readValue(stored instanceof String text ? text : ((Document) stored).toJson(), CaseState.class);
        state.version = doc.get("version", Number.class).longValue();
        Binary request = doc.get("request", Binary.class);
        return new StoredCase(state, request == null ? null : request.getData());
    }

    /**
     * How the case's phase is stored: its kind by name beside its data ({@code "phase": "Open"}), so the model's
     * sealed {@link CasePhase} needs no annotation of its own.
     */
    @JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "phase")
    @JsonSubTypes({ @JsonSubTypes.Type(CasePhase.Pending.class), @JsonSubTypes.Type(CasePhase.Forwarding.class),
            @JsonSubTypes.Type(CasePhase.ForwardedOut.class), @JsonSubTypes.Type(CasePhase.Open.class),
            @JsonSubTypes.Type(CasePhase.Refused.class), @JsonSubTypes.Type(CasePhase.Closed.class) })
    private interface PhaseJson {
    }
}
