package dev.rightsflow.connectors.packages.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.ne;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import org.bson.Document;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.rightsflow.connectors.packages.application.PackageStore;

/**
 * {@link PackageStore} on {@code connectors_plans} (export tasks per request),
 * {@code connectors_requests} (status-token hash per request) and {@code connectors_packages}.
 * A ready package keeps {@value #PURGE_AT} (its expiry) until it is purged: the purge sweep is a
 * range on that index, so purged packages never come into it again.
 */
public final class MongoPackageStore implements PackageStore {

    /** When a ready, not yet purged package's files are to go; absent once purged. */
    static final String PURGE_AT = "purgeAt";

    /** A build claimed this long ago and never finished (the process died) may be claimed again. */
    private static final Duration STALE_BUILD = Duration.ofMinutes(5);
    private final MongoCollection<Document> plans;
    private final MongoCollection<Document> requests;
    private final MongoCollection<Document> packages;

    public MongoPackageStore(MongoDatabase database) {
        this.plans = database.getCollection("connectors_plans");
        this.requests = database.getCollection("connectors_requests");
        this.packages = database.getCollection("connectors_packages");
    }

    public Mono<Void> createIndexes() {
        return Flux.concat(packages.createIndex(Indexes.ascending("requestId"), new IndexOptions().unique(true)),
                packages.createIndex(Indexes.ascending(PURGE_AT), new IndexOptions().sparse(true))).then();
    }

    @Override
    public Mono<Void> savePlan(Plan plan) {
        return Mono.from(plans.replaceOne(eq("_id", plan.requestId()), planDocument(plan), new ReplaceOptions().upsert(true))).then();
    }

    /** Upserts by {@code _id} alone, in one unordered bulk write (a request planned twice in the poll: its last plan). */
    @Override
    public Mono<Void> savePlans(List<Plan> batch) {
        java.util.Map<String, Plan> last = new java.util.LinkedHashMap<>();
        batch.forEach(p -> last.put(p.requestId(), p));
        return upsertAll(plans, last.values().stream().map(MongoPackageStore::planDocument).toList());
    }

    private static Document planDocument(Plan plan) {
        return new Document("_id", plan.requestId()).append("exportTaskIds", plan.exportTaskIds()).append("systemNames",
                plan.systemNames().entrySet().stream().map(e -> new Document("id", e.getKey()).append("name", e.getValue())).toList());
    }

    /** Upserts by {@code _id} alone, in one unordered bulk write. */
    @Override
    public Mono<Void> saveTokenHashes(java.util.Map<String, String> hashByRequest) {
        return upsertAll(requests, hashByRequest.entrySet().stream()
                .map(e -> new Document("_id", e.getKey()).append("statusTokenHash", e.getValue())).toList());
    }

    /** Replaces or inserts each document by its {@code _id}, in one unordered bulk write (distinct ids). */
    private static Mono<Void> upsertAll(MongoCollection<Document> collection, List<Document> documents) {
        if (documents.isEmpty()) {
            return Mono.empty();
        }
        List<ReplaceOneModel<Document>> writes = documents.stream()
                .map(d -> new ReplaceOneModel<>(eq("_id", d.get("_id")), d, new ReplaceOptions().upsert(true))).toList();
        return Mono.from(collection.bulkWrite(writes, new BulkWriteOptions().ordered(false))).then();
    }

    @Override
    public Mono<Plan> plan(String requestId) {
        return Mono.from(plans.find(eq("_id", requestId)).first())
                .map(d -> {
                    java.util.Map<String, String> names = new java.util.LinkedHashMap<>();
                    d.getList("systemNames", Document.class, List.of()).forEach(n -> names.put(n.getString("id"), n.getString("name")));
                    return new Plan(requestId, d.getList("exportTaskIds", String.class, List.of()), names);
                });
    }

    @Override
    public Mono<Void> saveTokenHash(String requestId, String statusTokenHash) {
        return Mono.from(requests.replaceOne(eq("_id", requestId), new Document("_id", requestId).append("statusTokenHash", statusTokenHash),
                new ReplaceOptions().upsert(true))).then();
    }

    @Override
    public Mono<Optional<String>> tokenHash(String requestId) {
        return Mono.from(requests.find(eq("_id", requestId)).first())
                .map(d -> Optional.ofNullable(d.getString("statusTokenHash")))
                .defaultIfEmpty(Optional.empty());
    }

    @Override
    public Mono<Boolean> claimBuild(String packageId, String requestId, Instant now) {
        // Matches only an unfinished, stale claim; when the package exists otherwise the upsert's
        // insert hits the unique _id and the caller is told someone else has it.
        return Mono.from(packages.updateOne(
                and(eq("_id", packageId), eq("readyAt", null), lt("claimedAt", Date.from(now.minus(STALE_BUILD)))),
                Updates.combine(Updates.set("requestId", requestId), Updates.set("claimedAt", Date.from(now))),
                new UpdateOptions().upsert(true)))
                .map(result -> true)
                .onErrorResume(MongoWriteException.class, e -> e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY
                        ? Mono.just(false) : Mono.error(e));
    }

    @Override
    public Mono<Void> markReady(PackageInfo info) {
        return Mono.from(packages.updateOne(eq("_id", info.packageId()), Updates.combine(
                Updates.set("requestId", info.requestId()), Updates.set("file", info.file()), Updates.set("systems", info.systems()),
                Updates.set("readyAt", Date.from(info.readyAt())), Updates.set("expiresAt", Date.from(info.expiresAt())),
                Updates.set(PURGE_AT, Date.from(info.expiresAt())),
                Updates.setOnInsert("downloads", 0)), new UpdateOptions().upsert(true))).then();
    }

    @Override
    public Mono<PackageInfo> find(String packageId) {
        return Mono.from(packages.find(eq("_id", packageId)).first()).map(MongoPackageStore::info);
    }

    private static PackageInfo info(Document d) {
        return new PackageInfo(d.getString("_id"), d.getString("requestId"), d.getString("file"),
                d.getList("systems", String.class, List.of()), d.getDate("readyAt") == null ? null : d.getDate("readyAt").toInstant(),
                d.getDate("expiresAt") == null ? null : d.getDate("expiresAt").toInstant(), d.getInteger("downloads", 0));
    }

    @Override
    public Mono<Void> countDownload(String packageId) {
        return Mono.from(packages.updateOne(eq("_id", packageId), Updates.inc("downloads", 1))).then();
    }

    @Override
    public Flux<PackageInfo> expiredUnpurged(Instant now) {
        return Flux.from(packages.find(and(lt(PURGE_AT, Date.from(now)), ne("readyAt", null), eq("purgedAt", null))))
                .map(MongoPackageStore::info);
    }

    @Override
    public Mono<Void> markPurged(String packageId, Instant at) {
        return Mono.from(packages.updateOne(eq("_id", packageId), Updates.combine(Updates.set("purgedAt", Date.from(at)), Updates.unset(PURGE_AT)))).then();
    }

    @Override
    public Mono<Void> deleteAll() {
        return Flux.concat(plans.deleteMany(new Document()), requests.deleteMany(new Document()), packages.deleteMany(new Document()))
                .then();
    }

    @Override
    public Mono<Long> count() {
        return Flux.concat(plans.countDocuments(), requests.countDocuments(), packages.countDocuments()).reduce(0L, Long::sum);
    }
}
