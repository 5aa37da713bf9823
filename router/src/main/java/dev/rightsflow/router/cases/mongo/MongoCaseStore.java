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
    /** The most cases {@link #inStatus} reads and the server holds at once. */
    static final int PAGE = 500;

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

    /**
     * Every case in the status, read a page at a time ({@link #inStatusByPage}), in the order the status index gives.
     * One query for them all made the in-process server decode every matching case, whole, and hold them all until
     * the last batch was taken (mongo-java-server collects a query's whole result before its first batch; a
     * projection is applied before it keeps them): the periodic task risk check, whose first run is a minute after
     * start, catch-up or not, asks for every case in progress, after a backlog nearly all of them (issue 9).
     */
    @Override
    public List<CaseState> inStatus(CaseState.Status status) {
        List<CaseState> all = new ArrayList<>();
        inStatusByPage(status, PAGE, all::addAll);
        return all;
    }

    /**
     * First the ids of the cases in the status (served by the {@code status} index; the server keeps only each
     * {@code _id}), then the cases, {@code pageSize} at a time by their ids (served by the {@code _id} index), each
     * page in the ids' order and without the cases that have left the status since.
     */
    @Override
    public void inStatusByPage(CaseState.Status status, int pageSize, java.util.function.Consumer<List<CaseState>> page) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be positive, not " + pageSize);
        }
        List<String> ids = Flux.from(cases.find(Filters.eq("status", status.name())).projection(new Document("_id", 1)))
                .map(d -> d.getString("_id")).collectList().blockOptional(TIMEOUT).orElse(List.of());
        for (int from = 0; from < ids.size(); from += pageSize) {
            List<String> pageIds = ids.subList(from, Math.min(ids.size(), from + pageSize));
            Map<String, CaseState> found = new HashMap<>();
            Flux.from(cases.find(Filters.in("_id", pageIds)))
                    .filter(d -> status.name().equals(d.getString("status")))
                    .doOnNext(d -> found.put(d.getString("_id"), toStored(d).state())).then().block(TIMEOUT);
            List<CaseState> inOrder = new ArrayList<>(found.size());
            for (String id : pageIds) {
                CaseState c = found.get(id);
                if (c != null) {
                    inOrder.add(c);
                }
            }
            if (!inOrder.isEmpty()) {
                page.accept(inOrder);
            }
        }
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
