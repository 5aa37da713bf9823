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
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Repository;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import dev.rightsflow.auditlog.cases.application.CaseStore;
import dev.rightsflow.auditlog.cases.model.CaseFile;
import dev.rightsflow.auditlog.cases.model.CaseStatus;

/**
 * Case projections in the {@code cases} collection, one document per request ({@code _id} = request
 * id), mapped with Jackson (dates as ISO-8601 strings), plus {@code visibleTo}: the organisations
 * whose staff may see the case.
 */
@Repository("auditLogMongoCaseStore")
public class MongoCaseStore implements CaseStore {

    static final String CASES = "cases";

    private final MongoDatabase database;
    private final JsonMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    public MongoCaseStore(@Qualifier("auditLogMongoDatabase") MongoDatabase database) {
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
        return Mono.from(cases().replaceOne(Filters.eq("_id", file.requestId), document(file),
                new ReplaceOptions().upsert(true))).then().toFuture();
    }

    /** One read: {@code _id $in}, served by the {@code _id} index (also by the in-process server). */
    @Override
    public CompletableFuture<Map<String, CaseFile>> findAll(Collection<String> requestIds) {
        if (requestIds.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        return Flux.from(cases().find(Filters.in("_id", requestIds))).map(this::file)
                .collectMap(f -> f.requestId, f -> f, java.util.LinkedHashMap::new).toFuture();
    }

    /** One unordered bulk write of replacements, each addressed by its {@code _id} (one document per case). */
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
        return Mono.from(cases().bulkWrite(writes, new BulkWriteOptions().ordered(false))).then().toFuture();
    }

    @SuppressWarnings("unchecked")
    private Document document(CaseFile file) {
        Document doc = new Document(mapper.convertValue(file, Map.class));
        doc.put("_id", file.requestId);
        doc.put("visibleTo", new ArrayList<>(file.organisations()));
        return doc;
    }

    @Override
    public CompletableFuture<Void> visibleTo(String organisationId, boolean openOnly, Consumer<CaseFile> each) {
        List<Bson> filters = new ArrayList<>();
        if (organisationId != null) {
            filters.add(Filters.eq("visibleTo", organisationId));
        }
        if (openOnly) {
            filters.add(Filters.nin("status", List.of(CaseStatus.CLOSED.name(), CaseStatus.REFUSED.name())));
        }
        return Flux.from(cases().find(filters.isEmpty() ? new Document() : Filters.and(filters))).map(this::file)
                .doOnNext(each).then().toFuture();
    }

    @Override
    public CompletableFuture<Long> count() {
        return Mono.from(cases().countDocuments()).toFuture();
    }

    @Override
    public CompletableFuture<Void> dropForRebuild() {
        return Mono.from(cases().drop()).then(createIndexes()).toFuture();
    }

    private CaseFile file(Document doc) {
        return mapper.convertValue(doc, CaseFile.class);
    }
}
