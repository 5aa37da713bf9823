package dev.rightsflow.auditlog.cases.mongo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import dev.rightsflow.auditlog.cases.application.CaseStore;
import dev.rightsflow.auditlog.cases.model.CaseFile;
import dev.rightsflow.auditlog.cases.model.CaseKeyFacts;
import dev.rightsflow.auditlog.cases.model.CaseStatus;

/**
 * Case projections in the {@code cases} collection, one document per request ({@code _id} = request
 * id): the case as one JSON text ({@code file}, written by Jackson, dates as ISO-8601 strings), beside the
 * two fields the store is queried by, {@code visibleTo} (the organisations whose staff may see the case) and
 * {@code status}, and {@code keyFacts}: what the case index keeps of the case ({@link CaseKeyFacts}, a short JSON
 * text), so the index is loaded at start from a projection of that one field ({@link #keyFacts}) instead of from
 * every whole case (issue 9: decoding whole cases was most of a 100,000-case start's index load). A case written
 * without it, or with facts of an older format, is read whole instead, its facts worked out from it and stored
 * beside it in the background (only if the case still holds what it was read with), so the next start reads them.
 *
 * <p>The case as one text rather than a document of its fields: every fold writes each case it changed and
 * reads it again in the next batch, and a nested document of some forty fields cost, per write, a Jackson
 * pass to a map, a BSON encoding field by field, and in the in-process server a deep copy and two size
 * counts (together about half of the fold's CPU, {@code FoldBenchmark} under JFR); a text costs one Jackson
 * pass and a string copy. Nothing queries the other fields. A case stored field by field by an earlier
 * version still reads, and is written in this form when it next changes.
 *
 * <p><b>The cases last written, kept.</b> The fold reads a case again in the next poll that touches it: the
 * store keeps up to {@value #WRITTEN_KEPT} cases as it last wrote them ({@link #saveAll}) and {@link #findAll}
 * hands those out instead of reading them. A case handed out is the caller's (it folds events into it) and leaves
 * the keep until it is written again, so what is kept is always what the collection holds: a failed fold or write
 * just reads it again. A single write ({@link #save}, the one-event-at-a-time path) forgets the case,
 * {@link #dropForRebuild} forgets all, and so must whoever lets another writer change cases meanwhile: the flow
 * listener forgets all whenever it is assigned partitions ({@link #forgetWritten}), since the cases of a partition
 * another instance held may have moved on there. The dashboard's reads ({@link #find}, {@link #visibleTo},
 * {@link #keyFacts}) always read the collection.
 */
public class MongoCaseStore implements CaseStore {

    static final String CASES = "cases";
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(MongoCaseStore.class);
    /** How many cases, as last written, {@link #findAll} hands out without reading them. */
    static final int WRITTEN_KEPT = 10_000;
    /** The field holding the case as JSON text. */
    static final String FILE = "file";
    /** The field holding the case's {@link CaseKeyFacts} as JSON text. */
    static final String KEY_FACTS = "keyFacts";
    /** How many cases one read of {@link #keyFacts} asks for at a time, and one bulk write of its catch-up writes. */
    static final int KEY_FACTS_BATCH = 1000;
    /** How many whole cases one read of a pass over the store ({@link #visibleTo}) asks for at a time. */
    static final int PASS_BATCH = 500;

    private final MongoDatabase database;
    /** Cases as this store last wrote them, least recently written first (see the class comment). */
    private final Map<String, CaseFile> written = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(1024, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, CaseFile> eldest) {
                    return size() > WRITTEN_KEPT;
                }
            });
    private final JsonMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private final ObjectReader keyFactsReader = mapper.readerFor(CaseKeyFacts.class);

    public MongoCaseStore(MongoDatabase database) {
        this.database = database;
    }

    private MongoCollection<Document> cases() {
        return database.getCollection(CASES);
    }

    public Mono<Void> createIndexes() {
        return Flux.concat(cases().createIndex(Indexes.ascending("visibleTo")),
                cases().createIndex(Indexes.ascending("status"))).then();
    }

    @Override
    public CompletableFuture<Optional<CaseFile>> find(String requestId) {
        return Mono.from(cases().find(Filters.eq("_id", requestId)).first()).map(this::file).toFuture()
                .thenApply(Optional::ofNullable);
    }

    @Override
    public CompletableFuture<Void> save(CaseFile file) {
        written.remove(file.requestId);
        return Mono.from(cases().replaceOne(Filters.eq("_id", file.requestId), document(file),
                new ReplaceOptions().upsert(true))).then().toFuture();
    }

    /**
     * The cases kept as last written (handed over: see the class comment), and one read of the others:
     * {@code _id $in}, served by the {@code _id} index (also by the in-process server).
     */
    @Override
    public CompletableFuture<Map<String, CaseFile>> findAll(Collection<String> requestIds) {
        if (requestIds.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        Map<String, CaseFile> found = new java.util.LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String requestId : requestIds) {
            CaseFile kept = written.remove(requestId);
            if (kept != null) {
                found.put(requestId, kept);
            } else {
                unknown.add(requestId);
            }
        }
        if (unknown.isEmpty()) {
            return CompletableFuture.completedFuture(found);
        }
        return Flux.from(cases().find(Filters.in("_id", unknown))).map(this::file)
                .doOnNext(f -> found.put(f.requestId, f)).then().toFuture().thenApply(v -> found);
    }

    /** Forgets the cases kept as last written: another writer may have changed them since. */
    public void forgetWritten() {
        written.clear();
    }

    /**
     * One unordered bulk write of replacements, each addressed by its {@code _id} (one document per case); once
     * written, the cases are kept as written (the caller must not change them after this).
     */
    @Override
    public CompletableFuture<Void> saveAll(Collection<CaseFile> files) {
        if (files.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<ReplaceOneModel<Document>> writes = new ArrayList<>(files.size());
        for (CaseFile file : files) {
            writes.add(new ReplaceOneModel<>(Filters.eq("_id", file.requestId), document(file),
                    new ReplaceOptions().upsert(true)));
        }
        return Mono.from(cases().bulkWrite(writes, new BulkWriteOptions().ordered(false))).then().toFuture()
                .thenRun(() -> files.forEach(f -> written.put(f.requestId, f)));
    }

    private Document document(CaseFile file) {
        return new Document("_id", file.requestId)
                .append("visibleTo", new ArrayList<>(file.organisations()))
                .append("status", file.status == null ? null : file.status.name())
                .append(FILE, mapper.writeValueAsString(file))
                .append(KEY_FACTS, mapper.writeValueAsString(CaseKeyFacts.of(file)));
    }

    /**
     * The facts kept beside each case: one find projected to {@link #KEY_FACTS} (the store sends, and the driver
     * decodes, that field alone), read {@value #KEY_FACTS_BATCH} at a time. The cases without facts of the current
     * format are then read whole, in batches, and handed on; their facts are stored beside them afterwards, in the
     * background (the caller does not wait for these writes), each only if the case still holds the facts it was read
     * with (a case the fold wrote meanwhile has its own): the next start reads them.
     */
    @Override
    public CompletableFuture<Void> keyFacts(Collection<String> requestIds, Consumer<CaseKeyFacts> each) {
        List<String> unknown = java.util.Collections.synchronizedList(new ArrayList<>());
        Flux<Document> docs = requestIds == null ? projected(new Document())
                : Flux.fromIterable(requestIds).buffer(KEY_FACTS_BATCH).concatMap(ids -> projected(Filters.in("_id", ids)));
        List<UpdateOneModel<Document>> writes = java.util.Collections.synchronizedList(new ArrayList<>());
        return docs.doOnNext(doc -> {
            CaseKeyFacts facts = keyFacts(doc.get(KEY_FACTS));
            if (facts == null) {
                unknown.add(doc.getString("_id"));
            } else {
                each.accept(facts);
            }
        }).then(Mono.defer(() -> Flux.fromIterable(unknown).buffer(KEY_FACTS_BATCH).concatMap(ids -> Flux.from(
                cases().find(Filters.in("_id", ids)))).doOnNext(doc -> {
                    CaseKeyFacts facts = CaseKeyFacts.of(file(doc));
                    each.accept(facts);
                    // _id first: the in-process server narrows to the one case by its _id index, then checks the rest
                    writes.add(new UpdateOneModel<>(Filters.and(Filters.eq("_id", facts.requestId()),
                            Filters.eq(KEY_FACTS, doc.get(KEY_FACTS))), Updates.set(KEY_FACTS, mapper.writeValueAsString(facts))));
                }).then())).toFuture().thenRun(() -> storeKeyFacts(writes));
    }

    /** Stores the facts worked out from whole cases, in the background; a failure only means they are read whole again. */
    private void storeKeyFacts(List<UpdateOneModel<Document>> writes) {
        if (writes.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        Flux.fromIterable(List.copyOf(writes)).buffer(KEY_FACTS_BATCH)
                .concatMap(batch -> Mono.from(cases().bulkWrite(batch, new BulkWriteOptions().ordered(false))))
                .then().subscribe(null,
                        e -> log.warn("case index facts not stored beside {} case(s), read whole again next time: {}",
                                writes.size(), e.toString()),
                        () -> log.info("case index facts stored beside {} case(s) stored without them, in {} ms",
                                writes.size(), (System.nanoTime() - started) / 1_000_000));
    }

    private Flux<Document> projected(Bson filter) {
        return Flux.from(cases().find(filter).projection(Projections.include(KEY_FACTS)).batchSize(KEY_FACTS_BATCH));
    }

    /** Null when the text is missing, unreadable or of another format. */
    private CaseKeyFacts keyFacts(Object text) {
        if (!(text instanceof String json)) {
            return null;
        }
        try {
            CaseKeyFacts facts = keyFactsReader.readValue(json);
            return facts.format() == CaseKeyFacts.FORMAT ? facts : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    /**
     * The matching cases' ids first (one query projected to {@code _id}), then the cases {@value #PASS_BATCH} at a
     * time by {@code _id $in}, each checked again (a case may have closed, or changed hands, since its id was read).
     * Not one query of whole cases: the in-process server builds a query's whole result before it answers the first
     * batch and keeps the rest in its cursor until read, so a pass over every open case held every open case's text
     * in the server for the whole pass (a heap dump during a 90,000-request burst: 46,227 whole cases in one cursor of
     * the alert scan, about 200 MB); now a pass holds the ids and one batch. On MongoDB the cursor streams either way.
     */
    @Override
    public CompletableFuture<Void> visibleTo(String organisationId, boolean openOnly, Consumer<CaseFile> each) {
        List<Bson> filters = new ArrayList<>();
        if (organisationId != null) {
            filters.add(Filters.eq("visibleTo", organisationId));
        }
        if (openOnly) {
            filters.add(Filters.nin("status", List.of(CaseStatus.CLOSED.name(), CaseStatus.REFUSED.name())));
        }
        Bson filter = filters.isEmpty() ? new Document() : Filters.and(filters);
        return Flux.from(cases().find(filter).projection(Projections.include("_id")).batchSize(KEY_FACTS_BATCH))
                .map(doc -> doc.getString("_id")).collectList()
                .flatMapMany(this::batches)
                .filter(file -> (!openOnly || file.status == null || file.status.open())
                        && (organisationId == null || file.organisations().contains(organisationId)))
                .doOnNext(each).then().toFuture();
    }

    /** {@value #PASS_BATCH} cases at a time by {@code _id $in}, from the collection (not the keep of written cases). */
    @Override
    public CompletableFuture<Void> eachOf(List<String> requestIds, Consumer<CaseFile> each) {
        return batches(requestIds).doOnNext(each).then().toFuture();
    }

    private Flux<CaseFile> batches(List<String> requestIds) {
        return Flux.fromIterable(requestIds).buffer(PASS_BATCH)
                .concatMap(batch -> Flux.from(cases().find(Filters.in("_id", batch)))).map(this::file);
    }

    @Override
    public CompletableFuture<Long> count() {
        return Mono.from(cases().countDocuments()).toFuture();
    }

    @Override
    public CompletableFuture<Void> dropForRebuild() {
        written.clear();
        return Mono.from(cases().drop()).then(createIndexes()).toFuture();
    }

    private CaseFile file(Document doc) {
        return doc.get(FILE) instanceof String json ? mapper.readValue(json, CaseFile.class)
                // stored field by field by an earlier version
                : mapper.convertValue(doc, CaseFile.class);
    }
}
