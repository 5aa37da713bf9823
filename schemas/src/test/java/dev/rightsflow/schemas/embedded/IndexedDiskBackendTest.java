package dev.rightsflow.schemas.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.rightsflow.schemas.state.StateLock;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The disk-backed embedded store through the real driver: it answers as the stock memory backend
 * through every kind of write and a reopen, serves `_id`, unique and secondary indexes (counted as
 * MongoDB's {@code totalDocsExamined}), keeps what was committed across a reopen and nothing that was
 * not (no commit of its own, none while a record is being folded), and starts empty, flagged, from a
 * file it cannot read.
 */
class IndexedDiskBackendTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final WireServers wire = new WireServers();

    /** Stops the server started last and its client, as a crash would (nothing committed) or as a clean stop does. */
    private void stop(IndexedDiskBackend backend, boolean crash) {
        wire.stopLast(() -> {
            if (crash) {
                backend.abandon();
            }
        });
    }

    private static List<Document> find(MongoCollection<Document> c, Bson filter) {
        return Flux.from(c.find(filter).sort(new Document("_id", 1))).collectList().block();
    }

    @Test
    void answersAsTheStockBackendThroughEveryKindOfWriteAndAReopen() {
        MongoCollection<Document> stock = wire.collection(new MongoServer(new MemoryBackend()), "entries");
        IndexedDiskBackend backend = IndexedDiskBackend.open(dir);
        MongoCollection<Document> disk = wire.collection(new MongoServer(backend), "entries");
        for (MongoCollection<Document> c : List.of(disk, stock)) {
            Mono.from(c.createIndex(Indexes.ascending("requestId"))).block();
            Mono.from(c.createIndex(Indexes.ascending("visibleTo"))).block();
            Mono.from(c.createIndex(Indexes.ascending("due"))).block();
            Mono.from(c.createIndex(Indexes.ascending("fingerprint"), new IndexOptions().unique(true).sparse(true))).block();
        }
        Random random = new Random(11);
        for (int step = 0; step < 500; step++) {
            if (step == 250) {
                // a clean stop and a restart on the same file: the declared indexes come back with the documents
                backend.commit();
                stop(backend, false);
                backend = IndexedDiskBackend.open(dir);
                assertThat(backend.recreated()).isFalse();
                disk = wire.collection(new MongoServer(backend), "entries");
            }
            int op = random.nextInt(10);
            String id = "e-" + random.nextInt(60);
            String request = "r-" + random.nextInt(10);
            String org = "org-" + random.nextInt(4);
            long due = random.nextInt(5);
            long version = random.nextInt(3);
            boolean fingerprinted = random.nextBoolean();
            for (MongoCollection<Document> c : List.of(disk, stock)) {
                if (op < 4) {
                    Document doc = new Document("_id", id).append("requestId", request).append("version", version)
                            .append("visibleTo", List.of(org, "org-x")).append("due", due).append("at", new java.util.Date(due * 1000));
                    if (fingerprinted) {
                        doc.append("fingerprint", id + "-f");
                    }
                    Mono.from(c.replaceOne(Filters.eq("_id", id), doc, new ReplaceOptions().upsert(true))).block();
                } else if (op < 6) {
                    Mono.from(c.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("version", version)),
                            Updates.combine(Updates.inc("version", 1L), Updates.set("requestId", request)))).block();
                } else if (op < 7) {
                    Mono.from(c.findOneAndUpdate(Filters.and(Filters.eq("_id", id), Filters.lt("due", 3L)),
                            Updates.set("due", 9L), new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER))).block();
                } else if (op < 8) {
                    Mono.from(c.updateMany(Filters.eq("requestId", request), Updates.set("visibleTo", List.of(org)))).block();
                } else {
                    Mono.from(c.deleteMany(Filters.eq("visibleTo", org))).block();
                }
            }
            if (step % 25 == 0 || step == 251) {
                List<Bson> queries = List.of(Filters.eq("requestId", request), Filters.eq("visibleTo", org),
                        Filters.and(Filters.eq("_id", id), Filters.eq("version", version)), Filters.lte("due", 2L),
                        Filters.in("_id", List.of(id, "e-1", "e-2")), Filters.eq("fingerprint", id + "-f"),
                        Filters.gt("at", new java.util.Date(2000)), new Document());
                for (Bson q : queries) {
                    assertThat(find(disk, q)).as("step %d: %s", step, q).isEqualTo(find(stock, q));
                }
            }
        }
    }

    @Test
    void aSecondaryIndexKeepsNoEntryForADocumentWithoutItsValueAndEveryQueryAnswersAsTheStockBackend() {
        MongoCollection<Document> stock = wire.collection(new MongoServer(new MemoryBackend()), "entries");
        MongoCollection<Document> memory = wire.collection(new MongoServer(new IndexedMemoryBackend()), "entries");
        IndexedDiskBackend backend = IndexedDiskBackend.open(dir);
        MongoCollection<Document> disk = wire.collection(new MongoServer(backend), "entries");
        List<MongoCollection<Document>> all = List.of(disk, memory, stock);
        for (MongoCollection<Document> c : all) {
            // as audit entries: only an anchor has heads; as tasks: only open work has sweepAt
            Mono.from(c.createIndex(Indexes.ascending("payload.heads.chain"), new IndexOptions().name("anchor_heads"))).block();
            Mono.from(c.createIndex(Indexes.ascending("sweepAt"), new IndexOptions().sparse(true))).block();
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Document doc = new Document("_id", "e-" + i).append("requestId", "r-" + i % 7)
                        .append("payload", i % 50 == 0 ? new Document("heads", List.of(new Document("chain", "r-" + i % 7)))
                                : new Document("type", "CaseOpened"));
                if (i % 20 == 0) {
                    doc.append("sweepAt", (long) i);
                } else if (i % 3 == 0) {
                    doc.append("sweepAt", null);
                }
                docs.add(doc);
            }
            Mono.from(c.insertMany(docs)).block();
            // an anchor gets its heads later, an open task settles, documents go
            Mono.from(c.updateOne(Filters.eq("_id", "e-1"), Updates.set("payload.heads", List.of(new Document("chain", "r-1"))))).block();
            Mono.from(c.updateOne(Filters.eq("_id", "e-20"), Updates.unset("sweepAt"))).block();
            Mono.from(c.updateOne(Filters.eq("_id", "e-3"), Updates.set("sweepAt", 5L))).block();
            Mono.from(c.deleteMany(Filters.in("_id", List.of("e-0", "e-2", "e-6", "e-40")))).block();
        }
        List<Bson> queries = List.of(Filters.eq("payload.heads.chain", "r-1"), Filters.eq("payload.heads.chain", "r-3"),
                Filters.and(Filters.eq("requestId", "r-1"), Filters.eq("payload.heads.chain", "r-1")),
                Filters.lte("sweepAt", 100L), Filters.gt("sweepAt", 4L), Filters.eq("sweepAt", 5L),
                Filters.eq("sweepAt", null), Filters.eq("payload.heads.chain", null), Filters.exists("sweepAt", false));
        for (Bson q : queries) {
            assertThat(find(disk, q)).as("disk: %s", q).isEqualTo(find(stock, q));
            assertThat(find(memory, q)).as("memory: %s", q).isEqualTo(find(stock, q));
        }
        // the disk store's entries: of the documents with a value only, 4 anchors (e-50, e-100, e-150, e-1), 8 open tasks (e-3 and e-60 to e-180 but e-40)
        Document stats = Mono.from(wire.lastClient().getDatabase("test").runCommand(new Document("collStats", "entries"))).block();
        assertThat(stats.get("indexSize", Document.class).get("anchor_heads", Number.class).longValue()).isEqualTo(4);
        assertThat(stats.get("indexSize", Document.class).get("sweepAt_1", Number.class).longValue()).isEqualTo(8);
        backend.commit();
        long before = backend.indexEntriesRead();
        assertThat(find(disk, Filters.eq("payload.heads.chain", "r-1"))).extracting(d -> d.getString("_id"))
                .containsExactly("e-1", "e-50");
        assertThat(backend.indexEntriesRead() - before).as("the anchors of r-1, not the 196 entries").isLessThanOrEqualTo(3);
    }

    @Test
    void versionConditionedUniqueAndSecondaryQueriesExamineOnlyTheirCandidates() {
        IndexedDiskBackend backend = IndexedDiskBackend.open(dir);
        MongoCollection<Document> cases = wire.collection(new MongoServer(backend), "cases");
        Mono.from(cases.createIndex(Indexes.ascending("status"))).block();
        Mono.from(cases.createIndex(Indexes.ascending("reference"), new IndexOptions().unique(true))).block();
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            docs.add(new Document("_id", "case-" + i).append("version", 1L).append("reference", "ref-" + i)
                    .append("status", i < 10 ? "OPEN" : "CLOSED"));
        }
        Mono.from(cases.insertMany(docs)).block();

        long before = backend.documentsExamined();
        assertThat(Mono.from(cases.replaceOne(Filters.and(Filters.eq("_id", "case-7"), Filters.eq("version", 1L)),
                new Document("_id", "case-7").append("version", 2L).append("reference", "ref-7").append("status", "OPEN")))
                .block().getModifiedCount()).isEqualTo(1);
        assertThat(Mono.from(cases.replaceOne(Filters.and(Filters.eq("_id", "case-7"), Filters.eq("version", 1L)),
                new Document("_id", "case-7").append("version", 3L))).block().getModifiedCount())
                .as("a stale version changes nothing").isZero();
        Document claimed = Mono.from(cases.findOneAndUpdate(Filters.and(Filters.eq("_id", "case-8"), Filters.eq("version", 1L)),
                Updates.set("version", 2L), new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER))).block();
        assertThat(claimed.getLong("version")).isEqualTo(2L);
        assertThat(backend.documentsExamined() - before).as("three writes addressed by _id and version").isLessThanOrEqualTo(3);

        before = backend.documentsExamined();
        assertThat(find(cases, Filters.and(Filters.eq("reference", "ref-500"), Filters.eq("version", 1L)))).hasSize(1);
        assertThat(find(cases, Filters.eq("status", "OPEN"))).hasSize(10);
        assertThat(backend.documentsExamined() - before).as("a unique and a secondary index served").isEqualTo(11);

        before = backend.documentsExamined();
        assertThat(find(cases, Filters.eq("version", 2L))).hasSize(2);
        assertThat(backend.documentsExamined() - before).as("a query no index serves walks the collection").isEqualTo(1_000);
    }

    /**
     * Of two secondary indexes that serve a query, only the one that narrows most is read: the other is counted from
     * the B-tree's page counts, not read entry by entry from the file (before, both were read and one thrown away).
     */
    @Test
    void aQueryReadsOnlyTheIndexItChooses() {
        IndexedDiskBackend backend = IndexedDiskBackend.open(dir);
        MongoCollection<Document> tasks = wire.collection(new MongoServer(backend), "tasks");
        Mono.from(tasks.createIndex(Indexes.ascending("status"))).block();
        Mono.from(tasks.createIndex(Indexes.ascending("requestId"))).block();
        Mono.from(tasks.createIndex(Indexes.ascending("nextAttemptAt"))).block();
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            docs.add(new Document("_id", "task-" + i).append("status", i % 1_000 == 5 ? "DONE" : "OPEN")
                    .append("requestId", "r-" + i % 1_000).append("nextAttemptAt", new java.util.Date(i * 1_000L)));
        }
        Mono.from(tasks.insertMany(docs)).block();
        backend.commit();

        long read = backend.indexEntriesRead();
        long examined = backend.documentsExamined();
        assertThat(find(tasks, Filters.and(Filters.eq("status", "OPEN"), Filters.eq("requestId", "r-7"))))
                .extracting(d -> d.getString("_id")).containsExactly("task-1007", "task-2007", "task-7");
        // the three entries of r-7, and the one after them that ends the walk
        assertThat(backend.indexEntriesRead() - read).as("entries read of the 2,997 OPEN and the 3 of r-7").isLessThanOrEqualTo(4);
        assertThat(backend.documentsExamined() - examined).isEqualTo(3);

        read = backend.indexEntriesRead();
        assertThat(find(tasks, Filters.and(Filters.eq("status", "OPEN"), Filters.lt("nextAttemptAt", new java.util.Date(5_000)))))
                .hasSize(5);
        assertThat(backend.indexEntriesRead() - read).as("a narrow range against a broad value").isLessThanOrEqualTo(6);

        read = backend.indexEntriesRead();
        assertThat(find(tasks, Filters.and(Filters.eq("status", "DONE"), Filters.gte("nextAttemptAt", new java.util.Date(0)))))
                .extracting(d -> d.getString("_id")).containsExactly("task-1005", "task-2005", "task-5");
        assertThat(backend.indexEntriesRead() - read).as("a narrow value against a range over every document").isLessThanOrEqualTo(4);
    }

    /**
     * A limited query on a range, without a sort (the connectors' due sweep: the earliest 50 of a backlog), reads its
     * batch of index entries and stops: it read every entry in range first (a 600,000-task backlog walked whole at every
     * sweep, with the collection locked, in the 100,000-request restart benchmark), and a multikey range still yields
     * each document once.
     */
    @Test
    void aLimitedRangeQueryReadsItsBatchOfEntriesNotTheWholeRange() {
        IndexedDiskBackend backend = IndexedDiskBackend.open(dir);
        MongoCollection<Document> tasks = wire.collection(new MongoServer(backend), "tasks");
        Mono.from(tasks.createIndex(Indexes.ascending("sweepAt"))).block();
        Mono.from(tasks.createIndex(Indexes.ascending("tags"))).block();
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            docs.add(new Document("_id", "task-" + i).append("sweepAt", new java.util.Date(i * 1_000L))
                    .append("tags", List.of(i % 7, i % 7 + 100)));
        }
        Mono.from(tasks.insertMany(docs)).block();
        backend.commit();

        long read = backend.indexEntriesRead();
        long examined = backend.documentsExamined();
        List<Document> due = Flux.from(tasks.find(Filters.lte("sweepAt", new java.util.Date(2_999_000L))).limit(50))
                .collectList().block();
        assertThat(due).extracting(d -> d.getString("_id"))
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 50).mapToObj(i -> "task-" + i).toList());
        assertThat(backend.indexEntriesRead() - read).as("the batch's entries, not the 3,000 in range").isLessThanOrEqualTo(51);
        assertThat(backend.documentsExamined() - examined).isEqualTo(50);

        // each task has two tags in the range [0, 200): its two entries give it once
        assertThat(find(tasks, Filters.and(Filters.gte("tags", 0), Filters.lt("tags", 200)))).hasSize(3_000);
        assertThat(Flux.from(tasks.find(Filters.eq("tags", 3)).limit(10)).collectList().block()).hasSize(10)
                .allSatisfy(d -> assertThat(d.getList("tags", Integer.class)).contains(3));
        // every position in range when the query takes them all (no limit)
        assertThat(find(tasks, Filters.lte("sweepAt", new java.util.Date(2_999_000L)))).hasSize(3_000);
    }

    @Test
    void whatWasCommittedSurvivesAReopenAndNothingElse() {
        IndexedDiskBackend backend = IndexedDiskBackend.open(dir);
        MongoCollection<Document> register = wire.collection(new MongoServer(backend), "register");
        Mono.from(register.createIndex(Indexes.ascending("fingerprint"), new IndexOptions().unique(true))).block();
        Mono.from(register.createIndex(Indexes.ascending("organisationId"))).block();
        Mono.from(register.insertMany(List.of(new Document("_id", "a").append("fingerprint", "f1").append("organisationId", "o1"),
                new Document("_id", "b").append("fingerprint", "f2").append("organisationId", "o1")
                        .append("at", new java.util.Date(0)).append("n", 1L).append("nested", new Document("x", List.of(1, 2)))))).block();
        backend.commit();
        // written, not committed: a crash loses it (MVStore's own commits are off, in time and by volume)
        assertThat(backend.store().getAutoCommitDelay()).isZero();
        assertThat(backend.store().getAutoCommitMemory()).isZero();
        List<Document> uncommitted = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            uncommitted.add(new Document("_id", "later-" + i).append("fingerprint", "later-" + i).append("pad", "x".repeat(1_000)));
        }
        Mono.from(register.insertMany(uncommitted)).block();
        Mono.from(register.deleteOne(Filters.eq("_id", "a"))).block();
        List<Document> committed = List.of(new Document("_id", "a").append("fingerprint", "f1").append("organisationId", "o1"),
                find(register, Filters.eq("_id", "b")).get(0));
        stop(backend, true);

        backend = IndexedDiskBackend.open(dir);
        MongoCollection<Document> reopened = wire.collection(new MongoServer(backend), "register");
        assertThat(find(reopened, new Document())).isEqualTo(committed);
        // the unique index came back with its keys, without being declared again
        assertThatThrownBy(() -> Mono.from(reopened.insertOne(new Document("_id", "c").append("fingerprint", "f1"))).block())
                .hasMessageContaining("duplicate key");
        long before = backend.documentsExamined();
        assertThat(find(reopened, Filters.eq("organisationId", "o1"))).hasSize(2);
        assertThat(backend.documentsExamined() - before).as("the secondary index came back with the file").isEqualTo(2);
    }

    /**
     * Secondary indexes are in the file: a restart opens them as they were committed instead of decoding every document
     * to fill them (what made the heap and the start grow with the history), and a new index is filled once.
     */
    @Test
    void secondaryIndexesComeBackFromTheFileWithoutReadingTheDocuments() {
        IndexedDiskBackend backend = IndexedDiskBackend.open(dir);
        MongoCollection<Document> tasks = wire.collection(new MongoServer(backend), "tasks");
        Mono.from(tasks.createIndex(Indexes.ascending("status"))).block();
        Mono.from(tasks.createIndex(Indexes.ascending("nextAttemptAt"))).block();
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            docs.add(new Document("_id", "task-" + i).append("status", i % 100 == 0 ? "DUE" : "DONE")
                    .append("nextAttemptAt", new java.util.Date(i * 1_000L)));
        }
        Mono.from(tasks.insertMany(docs)).block();
        assertThat(backend.documentsReadToFillIndexes()).as("declared on an empty collection").isZero();
        backend.commit();
        stop(backend, false);

        backend = IndexedDiskBackend.open(dir);
        MongoCollection<Document> reopened = wire.collection(new MongoServer(backend), "tasks");
        // a service declares its indexes again at every start
        Mono.from(reopened.createIndex(Indexes.ascending("status"))).block();
        long before = backend.documentsExamined();
        assertThat(find(reopened, Filters.eq("status", "DUE"))).hasSize(20);
        assertThat(find(reopened, Filters.lt("nextAttemptAt", new java.util.Date(10_000)))).hasSize(10);
        assertThat(backend.documentsExamined() - before).as("both indexes served the queries").isEqualTo(30);
        assertThat(backend.documentsReadToFillIndexes()).as("nothing read to fill an index at the restart").isZero();

        Mono.from(reopened.createIndex(Indexes.ascending("status", "nextAttemptAt"))).block();
        assertThat(backend.documentsReadToFillIndexes()).as("a new index on a collection with documents is filled once")
                .isEqualTo(2_000);
        assertThat(find(reopened, Filters.and(Filters.eq("status", "DUE"), Filters.eq("nextAttemptAt", new java.util.Date(0)))))
                .extracting(d -> d.getString("_id")).containsExactly("task-0");
    }

    /**
     * A fill can be committed in part (a checkpoint commits while it runs) and then cut short by a crash: without the marker
     * its last step writes, the next open takes the index as unfilled, clears it and fills it again.
     */
    @Test
    void anIndexWhoseFillWasCutShortIsFilledAgainAtTheNextOpen() {
        IndexedDiskBackend backend = IndexedDiskBackend.open(dir);
        MongoCollection<Document> audit = wire.collection(new MongoServer(backend), "audit");
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            docs.add(new Document("_id", "entry-" + i).append("requestId", "r-" + (i % 30)));
        }
        Mono.from(audit.insertMany(docs)).block();
        Mono.from(audit.createIndex(Indexes.ascending("requestId"))).block();
        assertThat(backend.documentsReadToFillIndexes()).isEqualTo(300);
        backend.commit();
        stop(backend, false);

        // what such a crash leaves: some entries of the fill committed, the rest and the marker not
        try (org.h2.mvstore.MVStore file = new org.h2.mvstore.MVStore.Builder().fileName(dir.resolve(IndexedDiskBackend.FILE_NAME).toString()).open()) {
            org.h2.mvstore.MVMap<de.bwaldvogel.mongo.backend.KeyValue, Object> index = file.openMap("index:test.audit$requestId_1",
                    new org.h2.mvstore.MVMap.Builder<de.bwaldvogel.mongo.backend.KeyValue, Object>()
                            .keyType(BsonKeyTypes.KeyValueType.INSTANCE).valueType(BsonKeyTypes.IdType.INSTANCE));
            assertThat(index.sizeAsLong()).as("300 entries and the marker").isEqualTo(301);
            List<de.bwaldvogel.mongo.backend.KeyValue> keys = new ArrayList<>(index.keySet());
            keys.subList(0, 200).forEach(index::remove);
            assertThat(index.sizeAsLong()).isEqualTo(101);
            index.remove(index.keySet().stream().filter(k -> k.size() == 1).findFirst().orElseThrow());
            file.commit();
        }

        backend = IndexedDiskBackend.open(dir);
        MongoCollection<Document> reopened = wire.collection(new MongoServer(backend), "audit");
        for (int r = 0; r < 30; r++) {
            assertThat(find(reopened, Filters.eq("requestId", "r-" + r))).as("request r-%d", r).hasSize(10);
        }
        assertThat(backend.documentsReadToFillIndexes()).as("filled again").isEqualTo(300);
    }

    /**
     * A commit waits for the command being applied (the server applies each under the fold side of the checkpoint
     * lock), so it holds every command whole or not at all; and since a listener sends its offset only after its
     * effects were acknowledged, a commit taken at any moment never carries an offset without its effects. A crash
     * then leaves the last committed state: the offset stored and every effect up to it.
     */
    @Test
    void aCommitNeverCarriesProgressAheadOfItsEffects() throws Exception {
        IndexedDiskBackend backend = IndexedDiskBackend.open(dir);
        MongoCollection<Document> cases = wire.collection(new MongoServer(backend), "cases");
        MongoCollection<Document> progress = wire.lastClient().getDatabase("test").getCollection("projection_progress");

        // a command in flight (as the server holds the lock while it applies one): the commit waits for it
        StateLock.folding().lock();
        CompletableFuture<Void> commit = new CompletableFuture<>();
        IndexedDiskBackend committing = backend;
        Thread committer = new Thread(() -> {
            committing.commit();
            commit.complete(null);
        });
        try {
            committer.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> committer.getState() == Thread.State.WAITING);
            assertThat(commit).as("the commit waits for the command in flight").isNotDone();
        } finally {
            StateLock.folding().unlock();
        }
        commit.get();

        // records folded one after the other, each effect and then its offset, while commits run all the while
        java.util.concurrent.atomic.AtomicBoolean folding = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger commits = new java.util.concurrent.atomic.AtomicInteger();
        Thread checkpoints = new Thread(() -> {
            while (folding.get()) {
                committing.commit();
                commits.incrementAndGet();
            }
        });
        checkpoints.start();
        int records = 0;
        while (records < 300 || commits.get() < 20) {
            records++;
            Mono.from(cases.insertOne(new Document("_id", "case-" + records).append("version", 1L))).block();
            Mono.from(progress.replaceOne(Filters.eq("_id", "g|t|0"), new Document("_id", "g|t|0").append("next", (long) records),
                    new ReplaceOptions().upsert(true))).block();
        }
        folding.set(false);
        checkpoints.join();
        // the next record: its effect is written, then the process dies before its offset and any commit
        Mono.from(cases.insertOne(new Document("_id", "case-" + (records + 1)).append("version", 1L))).block();
        stop(backend, true);

        backend = IndexedDiskBackend.open(dir);
        MongoCollection<Document> reopened = wire.collection(new MongoServer(backend), "cases");
        MongoCollection<Document> reopenedProgress = wire.lastClient().getDatabase("test").getCollection("projection_progress");
        List<Document> stored = find(reopenedProgress, new Document());
        assertThat(stored).hasSize(1);
        long next = stored.get(0).get("next", Number.class).longValue();
        assertThat(next).as("an offset of a commit taken while records were folded").isBetween(1L, (long) records);
        java.util.Set<Object> effects = new java.util.HashSet<>();
        find(reopened, new Document()).forEach(d -> effects.add(d.get("_id")));
        for (long i = 1; i <= next; i++) {
            assertThat(effects).as("the effect of record " + i + ", whose offset the store holds").contains("case-" + i);
        }
        assertThat(effects).as("the effect written after the last commit").doesNotContain("case-" + (records + 1));
    }

    /**
     * A commit holds the commands only while it cuts its version, not while it writes its pages: small commands sent
     * after a large commit began (16 MB of pages to write) are answered before it returns. Before, every command of
     * every service waited for the whole commit (30 s and more under a burst). And a commit taken while commands run
     * still holds each command whole: after commits taken all the while multi-document commands were applied, and a
     * crash, every command's documents are there with their index entries, or none of them.
     */
    @Test
    void commandsGoOnWhileACommitWritesItsPagesAndEveryCommitHoldsEachCommandWhole() throws Exception {
        IndexedDiskBackend backend = IndexedDiskBackend.open(dir);
        MongoCollection<Document> large = wire.collection(new MongoServer(backend), "large");
        MongoCollection<Document> small = wire.lastClient().getDatabase("test").getCollection("small");
        MongoCollection<Document> batches = wire.lastClient().getDatabase("test").getCollection("batches");
        Mono.from(batches.createIndex(Indexes.ascending("batch"))).block();
        backend.commit();

        String text = "x".repeat(2_000);
        for (int from = 0; from < 8_000; from += 500) {
            List<Document> bulk = new ArrayList<>();
            for (int i = from; i < from + 500; i++) {
                bulk.add(new Document("_id", "doc-" + i).append("text", text + i));
            }
            Mono.from(large.insertMany(bulk)).block();
        }
        assertThat(backend.store().getUnsavedMemory()).as("a large commit is due").isGreaterThan(8 << 20);
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.ConcurrentLinkedQueue<long[]> answered = new java.util.concurrent.ConcurrentLinkedQueue<>();
        Thread writer = new Thread(() -> {
            for (int i = 0; writing.get(); i++) {
                long sent = System.nanoTime();
                Mono.from(small.insertOne(new Document("_id", "small-" + i))).block();
                answered.add(new long[] {sent, System.nanoTime()});
            }
        });
        writer.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> answered.size() >= 5);
        long began = System.nanoTime();
        backend.commit();
        long returned = System.nanoTime();
        writing.set(false);
        writer.join();
        long during = answered.stream().filter(a -> a[0] > began && a[1] < returned).count();
        assertThat(during).as("commands sent after the commit began and answered before it returned").isGreaterThanOrEqualTo(3);
        IndexedDiskBackend.CommitTimes times = backend.commitTimes();
        assertThat(times.commits()).isEqualTo(2);
        assertThat(times.heldMax()).as("the commands held for the cut, not until the pages were written")
                .isLessThan(times.writtenMax());

        // multi-document commands (an insertMany of 200 each, with an index on their batch) sent one after the other by
        // two clients, so that one is almost always being applied when a commit cuts; three commits, then a crash with
        // commands still being applied: the last commit holds each command whole. Five rounds, each from what the last
        // one kept. (With the lock let go before the cut, a round keeps a command in part more often than not.)
        java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
        IndexedDiskBackend current = backend;
        for (int round = 1; round <= 5; round++) {
            java.util.concurrent.atomic.AtomicBoolean applying = new java.util.concurrent.atomic.AtomicBoolean(true);
            List<Thread> appliers = new ArrayList<>();
            int before = sent.get();
            for (int client = 0; client < 2; client++) {
                MongoCollection<Document> into = batches; // the client's pool: a connection each
                appliers.add(new Thread(() -> {
                    try {
                        while (applying.get()) {
                            int batch = sent.getAndIncrement();
                            List<Document> command = new ArrayList<>();
                            for (int i = 0; i < 200; i++) {
                                command.add(new Document("_id", batch + "-" + i).append("batch", batch).append("text", "t" + i));
                            }
                            Mono.from(into.insertMany(command)).block(Duration.ofSeconds(20));
                        }
                    } catch (RuntimeException stoppedByTheCrash) {
                        // the store was closed under it (the command fails, or is never answered)
                    }
                }));
            }
            appliers.forEach(Thread::start);
            await().atMost(Duration.ofSeconds(30)).until(() -> sent.get() >= before + 4);
            for (int commit = 0; commit < 3; commit++) {
                current.commit();
            }
            stop(current, true);
            applying.set(false);
            for (Thread applier : appliers) {
                applier.join(Duration.ofSeconds(60).toMillis());
            }

            current = IndexedDiskBackend.open(dir);
            batches = wire.collection(new MongoServer(current), "batches");
            java.util.Map<Integer, Long> byBatch = new java.util.TreeMap<>();
            find(batches, new Document()).forEach(d -> byBatch.merge(d.getInteger("batch"), 1L, Long::sum));
            assertThat(byBatch.keySet()).as("round " + round + ": commands of this round a commit held")
                    .anyMatch(batch -> batch >= before);
            for (var batch : byBatch.entrySet()) {
                assertThat(batch.getValue()).as("round " + round + ": documents of command " + batch.getKey()).isEqualTo(200L);
                assertThat(find(batches, Filters.eq("batch", batch.getKey()))).as("round " + round + ": command "
                        + batch.getKey() + "'s index entries").hasSize(200);
            }
        }
    }

    /**
     * Erased personal data leaves the file: a blanked document's old copy stays in the store's dead pages after the
     * commit that blanked it (a raw read of the file finds it), and the commit after an erasure was noted replaces the
     * file by a compacted copy while the store stays open, so that a raw read finds it no more, while every live
     * document stays and reopens; the store goes on after the swap (a cursor opened before it, its indexes, writes,
     * which later commits keep) and the file shrank to its live data.
     */
    @Test
    void erasedPersonalDataLeavesTheFileAtTheCommitAfterTheErasure() throws Exception {
        IndexedDiskBackend backend = IndexedDiskBackend.open(dir);
        MongoCollection<Document> cases = wire.collection(new MongoServer(backend), "cases");
        Mono.from(cases.createIndex(Indexes.ascending("organisationId"))).block();
        Mono.from(cases.createIndex(Indexes.ascending("subject.name"))).block();
        MongoCollection<Document> dropped = wire.lastClient().getDatabase("test").getCollection("dropped");
        Mono.from(dropped.insertOne(new Document("_id", "gone"))).block();
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            String name = i == 77 ? "Lee Erasable-Letterman" : "subject " + i;
            documents.add(new Document("_id", "r-" + i).append("organisationId", "o" + (i % 7)).append("version", 0L)
                    .append("subject", new Document("name", name)).append("pad", "x".repeat(1_000)));
        }
        Mono.from(cases.insertMany(documents)).block();
        backend.commit();
        for (int round = 1; round <= 3; round++) { // the cases move on: some are rewritten, commit after commit
            for (int i = 0; i < 2_000; i += 9) {
                Mono.from(cases.updateOne(Filters.eq("_id", "r-" + i), Updates.set("version", (long) round))).block();
            }
            backend.commit();
        }
        // the retention job blanks the request's subject
        Mono.from(cases.updateOne(Filters.eq("_id", "r-77"), Updates.set("subject.name", ""))).block();
        backend.commit();
        assertThat(rawFileContains(backend.file(), "Lee Erasable-Letterman"))
                .as("the old copy is still in the file after the blanking commit").isTrue();
        Mono.from(dropped.drop()).block(); // a collection dropped before the swap is not brought back by it
        // a cursor opened before the swap: its first batch taken, the rest read after
        var cursor = wire.lastClient().getDatabase("test").getCollection("cases").find().sort(new Document("_id", 1)).batchSize(50);
        List<Document> beforeSwap = new ArrayList<>();
        var reading = new java.util.concurrent.CountDownLatch(1);
        var subscription = new java.util.concurrent.atomic.AtomicReference<org.reactivestreams.Subscription>();
        var readAll = new CompletableFuture<List<Document>>();
        cursor.subscribe(new org.reactivestreams.Subscriber<Document>() {
            @Override
            public void onSubscribe(org.reactivestreams.Subscription s) {
                subscription.set(s);
                s.request(50);
            }

            @Override
            public void onNext(Document d) {
                beforeSwap.add(d);
                if (beforeSwap.size() == 50) {
                    reading.countDown();
                }
            }

            @Override
            public void onError(Throwable t) {
                readAll.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                readAll.complete(beforeSwap);
            }
        });
        assertThat(reading.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        long before = backend.fileSize();

        backend.scrubAtNextCommit();
        backend.commit();
        assertThat(rawFileContains(backend.file(), "Lee Erasable-Letterman")).as("after the commit that followed the erasure").isFalse();
        assertThat(backend.fileSize()).as("the copy holds the live data only, against %d bytes before", before).isLessThan(before / 2);
        subscription.get().request(Long.MAX_VALUE);
        assertThat(readAll.get(30, java.util.concurrent.TimeUnit.SECONDS)).hasSize(2_000);
        assertThat(find(cases, Filters.eq("subject.name", "Lee Erasable-Letterman"))).isEmpty();
        assertThat(find(cases, Filters.eq("subject.name", "subject 76"))).extracting(d -> d.getString("_id")).containsExactly("r-76");
        assertThat(Mono.from(dropped.countDocuments()).block()).isZero();
        Mono.from(cases.insertOne(new Document("_id", "r-after").append("organisationId", "o3"))).block();
        backend.commit();
        assertThat(Mono.from(cases.countDocuments()).block()).isEqualTo(2_001);
        Mono.from(cases.deleteOne(Filters.eq("_id", "r-after"))).block();
        Mono.from(cases.updateOne(Filters.eq("_id", "r-76"), Updates.set("version", 9L))).block();
        backend.commit(); // into the new file: the reopen below finds it
        assertThat(find(cases, Filters.eq("_id", "r-76")).get(0).get("subject", Document.class).getString("name"))
                .isEqualTo("subject 76");
        Document r9 = find(cases, Filters.eq("_id", "r-9")).get(0);
        assertThat(r9.getLong("version")).isEqualTo(3L);

        stop(backend, true); // what the rewrite committed survives a crash
        backend = IndexedDiskBackend.open(dir);
        assertThat(backend.recreated()).isFalse();
        MongoCollection<Document> reopened = wire.collection(new MongoServer(backend), "cases");
        assertThat(find(reopened, new Document())).hasSize(2_000).contains(r9);
        assertThat(find(reopened, Filters.eq("organisationId", "o3"))).hasSize(286);
        assertThat(find(reopened, Filters.eq("_id", "r-76")).get(0).getLong("version")).as("a write committed after the swap")
                .isEqualTo(9L);
        assertThat(rawFileContains(backend.file(), "Lee Erasable-Letterman")).isFalse();
    }

    /**
     * A scrub swaps the file while writes keep coming: they wait for it (it holds the checkpoint lock) and go to the new
     * file, none lost, none applied twice; what was committed after it survives a crash.
     */
    @Test
    void aScrubWhileWritesRunLosesNoneOfThem() throws Exception {
        IndexedDiskBackend backend = IndexedDiskBackend.open(dir);
        MongoCollection<Document> letters = wire.collection(new MongoServer(backend), "letters");
        Mono.from(letters.createIndex(Indexes.ascending("requestId"))).block();
        Mono.from(letters.createIndex(Indexes.ascending("reference"), new IndexOptions().unique(true))).block();
        Mono.from(letters.insertMany(java.util.stream.IntStream.range(0, 3_000).mapToObj(i -> new Document("_id", "old-" + i)
                .append("requestId", "r-" + i % 100).append("reference", "old-" + i).append("pad", "x".repeat(500))).toList())).block();
        backend.commit();
        var written = new java.util.concurrent.atomic.AtomicInteger();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 400; i++) {
                Mono.from(letters.insertOne(new Document("_id", "new-" + i).append("requestId", "r-" + i % 100)
                        .append("reference", "new-" + i))).block();
                Mono.from(letters.updateOne(Filters.eq("_id", "old-" + i), Updates.set("pad", ""))).block();
                written.incrementAndGet();
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> written.get() >= 50);
        backend.scrubAtNextCommit();
        backend.commit();
        int duringScrub = written.get();
        writer.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(duringScrub).as("writes went on after the swap").isLessThan(400);
        backend.commit();
        stop(backend, true);

        backend = IndexedDiskBackend.open(dir);
        MongoCollection<Document> reopened = wire.collection(new MongoServer(backend), "letters");
        assertThat(Mono.from(reopened.countDocuments()).block()).isEqualTo(3_400);
        assertThat(find(reopened, Filters.eq("requestId", "r-7"))).hasSize(34);
        assertThat(Mono.from(reopened.countDocuments(Filters.eq("pad", ""))).block()).isEqualTo(400);
        assertThatThrownBy(() -> Mono.from(reopened.insertOne(new Document("_id", "x").append("reference", "new-399"))).block())
                .hasMessageContaining("duplicate key");
    }

    /**
     * A scrub whose copy takes too long is given up, not left stalling every command: the obligation is committed in
     * the file, so even after a crash the next open makes the copy before it serves anything, and the erased data leaves.
     */
    @Test
    void aScrubGivenUpIsMadeAtTheNextOpenEvenAfterACrash() throws Exception {
        IndexedDiskBackend backend = IndexedDiskBackend.open(dir);
        MongoCollection<Document> cases = wire.collection(new MongoServer(backend), "cases");
        Mono.from(cases.insertMany(java.util.stream.IntStream.range(0, 3_000).mapToObj(i -> new Document("_id", "r-" + i)
                .append("name", i == 5 ? "Lee Erasable-Letterman" : "subject " + i)).toList())).block();
        backend.commit();
        Mono.from(cases.updateOne(Filters.eq("_id", "r-5"), Updates.set("name", ""))).block();
        backend.scrubLimits(0, Duration.ZERO); // a store too large to copy in time; a scrub at every commit
        backend.scrubAtNextCommit();
        backend.commit();
        assertThat(rawFileContains(backend.file(), "Lee Erasable-Letterman")).as("the copy was given up").isTrue();
        assertThat(Mono.from(cases.countDocuments()).block()).as("the store went on").isEqualTo(3_000);
        backend.scrubLimits(60_000, Duration.ZERO); // a copy that would now fit
        Mono.from(cases.updateOne(Filters.eq("_id", "r-6"), Updates.set("name", ""))).block();
        backend.scrubAtNextCommit();
        backend.commit();
        assertThat(rawFileContains(backend.file(), "Lee Erasable-Letterman")).as("no live copy tried again").isTrue();
        stop(backend, true);

        backend = IndexedDiskBackend.open(dir);
        assertThat(backend.recreated()).isFalse();
        assertThat(rawFileContains(backend.file(), "Lee Erasable-Letterman")).as("after the open").isFalse();
        MongoCollection<Document> reopened = wire.collection(new MongoServer(backend), "cases");
        assertThat(Mono.from(reopened.countDocuments()).block()).isEqualTo(3_000);
        assertThat(find(reopened, Filters.eq("_id", "r-5")).get(0).getString("name")).isEmpty();
        assertThat(backend.store().hasMap("rightsflow.scrubDue")).as("the copy cleared the obligation").isFalse();
    }

    private static boolean rawFileContains(Path file, String text) throws java.io.IOException {
        return new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1).contains(text);
    }

    @Test
    void aFileItCannotReadIsDeletedAndTheStoreStartsEmpty() throws Exception {
        IndexedDiskBackend backend = IndexedDiskBackend.open(dir);
        assertThat(backend.recreated()).isFalse();
        MongoCollection<Document> cases = wire.collection(new MongoServer(backend), "cases");
        Mono.from(cases.insertOne(new Document("_id", "case-1"))).block();
        stop(backend, false);
        Path file = dir.resolve(IndexedDiskBackend.FILE_NAME);
        byte[] bytes = Files.readAllBytes(file);

        // not a store at all
        Files.write(file, "this is not an MVStore file".repeat(200).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        IndexedDiskBackend fromGarbage = IndexedDiskBackend.open(dir);
        assertThat(fromGarbage.recreated()).isTrue();
        assertThat(fromGarbage.documents()).isZero();
        fromGarbage.close();

        // a store whose every header and chunk is damaged: no whole state to fall back to
        for (int i = 0; i < bytes.length; i += 64) {
            bytes[i] ^= 0x5A;
        }
        Files.write(file, bytes);
        IndexedDiskBackend fromDamaged = IndexedDiskBackend.open(dir);
        assertThat(fromDamaged.recreated()).isTrue();
        MongoCollection<Document> empty = wire.collection(new MongoServer(fromDamaged), "cases");
        assertThat(find(empty, new Document())).isEmpty();
        Mono.from(empty.insertOne(new Document("_id", "case-2"))).block();
        stop(fromDamaged, false);

        // a file written in another format is not read either
        IndexedDiskBackend current = IndexedDiskBackend.open(dir);
        assertThat(current.recreated()).isFalse();
        current.store().setStoreVersion(IndexedDiskBackend.FORMAT + 1);
        current.close();
        assertThat(IndexedDiskBackend.open(dir).recreated()).as("another format").isTrue();
    }

    /** Switching the standalone from the memory store: its checkpoint moves into the disk store once, offsets and all. */
    @Test
    void aMemoryCheckpointRestoresIntoTheDiskStore() throws Exception {
        IndexedMemoryBackend memory = new IndexedMemoryBackend();
        MongoCollection<Document> original = wire.collection(new MongoServer(memory), "register");
        Mono.from(original.insertMany(List.of(new Document("_id", "a").append("fingerprint", "f1"),
                new Document("_id", "b").append("fingerprint", "f2").append("at", new java.util.Date(0))))).block();
        Path checkpoint = dir.resolve("store.checkpoint");
        MemorySnapshots.write(memory, checkpoint);

        IndexedDiskBackend backend = IndexedDiskBackend.open(dir.resolve("disk"));
        assertThat(MemorySnapshots.restore(backend, checkpoint)).isNotNull();
        backend.commit();
        backend.abandon();

        backend = IndexedDiskBackend.open(dir.resolve("disk"));
        MongoCollection<Document> reopened = wire.collection(new MongoServer(backend), "register");
        assertThat(find(reopened, new Document())).isEqualTo(find(original, new Document()));
        // a service declares its unique index again at start: it covers the imported documents
        Mono.from(reopened.createIndex(Indexes.ascending("fingerprint"), new IndexOptions().unique(true))).block();
        assertThatThrownBy(() -> Mono.from(reopened.insertOne(new Document("_id", "c").append("fingerprint", "f2"))).block())
                .hasMessageContaining("duplicate key");
    }

    /**
     * A clean stop gives back the space of what was deleted or rewritten: the file of a store whose data mostly died
     * is rewritten compacted at the stop (before, a stop left the file at its largest: MVStore reuses free space but
     * gives it back only at the file's end), and opens again with every document and its indexes.
     */
    @Test
    void aCleanStopShrinksAFileOfMostlyDeadDataAndItReopensWhole() {
        IndexedDiskBackend backend = IndexedDiskBackend.open(dir);
        mostlyDeadCases(backend);
        long before = backend.fileSize();
        Path file = backend.file();

        stop(backend, false);

        assertThat(file).exists();
        assertThat(IndexedDiskBackend.rewriteFile(file)).doesNotExist();
        assertThat(file.toFile().length()).as("the file after the stop, against %d bytes before", before).isLessThan(before / 3);
        IndexedDiskBackend reopened = IndexedDiskBackend.open(dir);
        assertThat(reopened.recreated()).isFalse();
        MongoCollection<Document> again = wire.collection(new MongoServer(reopened), "cases");
        assertThat(Mono.from(again.countDocuments()).block()).isEqualTo(400);
        assertThat(find(again, Filters.eq("_id", "r-3990")).get(0).getString("fingerprint")).isEqualTo("f-3990");
        assertThat(find(again, Filters.eq("organisationId", "o3"))).hasSize((int) java.util.stream.IntStream.range(0, 400).filter(k -> k * 10 % 7 == 3).count())
                .allSatisfy(d -> assertThat(d.getString("organisationId")).isEqualTo("o3"));
        assertThatThrownBy(() -> Mono.from(again.insertOne(new Document("_id", "r-new").append("fingerprint", "f-10"))).block())
                .as("the unique index came through the copy").hasMessageContaining("duplicate key");
        reopened.close();
    }

    /**
     * A file the stop could not compact (its copy took too long: 100,000 requests' state; here a crash, which never
     * copies) is copied at the start when the operator asks for it, whatever it takes, and reopens whole; without the
     * request, or when most of the file is live, the start opens it as it is.
     */
    @Test
    void aStartAskedToCompactCopiesAMostlyDeadFileAndItOpensWhole() {
        IndexedDiskBackend backend = IndexedDiskBackend.open(dir);
        mostlyDeadCases(backend);
        Path file = backend.file();
        stop(backend, true);
        long crashed = file.toFile().length();

        IndexedDiskBackend asIs = IndexedDiskBackend.open(dir, false);
        assertThat(asIs.fileSize()).as("not asked: opened as it is").isEqualTo(crashed);
        asIs.abandon();

        IndexedDiskBackend compacted = IndexedDiskBackend.open(dir, true);
        assertThat(compacted.recreated()).isFalse();
        assertThat(file.toFile().length()).as("copied at the start, against %d bytes", crashed).isLessThan(crashed / 3);
        assertThat(IndexedDiskBackend.rewriteFile(file)).doesNotExist();
        MongoCollection<Document> again = wire.collection(new MongoServer(compacted), "cases");
        assertThat(Mono.from(again.countDocuments()).block()).isEqualTo(400);
        assertThat(find(again, Filters.eq("organisationId", "o3"))).isNotEmpty()
                .allSatisfy(d -> assertThat(d.getString("organisationId")).isEqualTo("o3"));
        long after = file.toFile().length();
        stop(compacted, true);

        IndexedDiskBackend live = IndexedDiskBackend.open(dir, true);
        assertThat(live.fileSize()).as("mostly live: not copied again").isEqualTo(after);
        live.close();
    }

    /** 4,000 cases of 2 KB with a unique and a secondary index, then all but 400 deleted: a file mostly dead. */
    private void mostlyDeadCases(IndexedDiskBackend backend) {
        MongoCollection<Document> cases = wire.collection(new MongoServer(backend), "cases");
        Mono.from(cases.createIndex(Indexes.ascending("fingerprint"), new IndexOptions().unique(true))).block();
        Mono.from(cases.createIndex(Indexes.ascending("organisationId"))).block();
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < 4_000; i++) {
            documents.add(new Document("_id", "r-" + i).append("fingerprint", "f-" + i).append("organisationId", "o" + (i % 7))
                    .append("pad", "x".repeat(2_000)));
        }
        Mono.from(cases.insertMany(documents)).block();
        backend.commit();
        Mono.from(cases.deleteMany(Filters.regex("_id", "^r-\\d*[1-9]$"))).block(); // all but the ids ending in 0
        backend.commit();
        backend.commit();
    }
}
