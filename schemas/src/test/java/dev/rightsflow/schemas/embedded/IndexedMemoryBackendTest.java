package dev.rightsflow.schemas.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The embedded store through the real driver: queries that name {@code _id} beside other
 * conditions answer exactly as the stock memory backend does (the index only narrows the
 * candidates), and a checkpoint restores every collection, document and unique index.
 */
class IndexedMemoryBackendTest {

    @RegisterExtension
    final WireServers wire = new WireServers();

    private static void fill(MongoCollection<Document> c) {
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            docs.add(new Document("_id", "case-" + i).append("version", i % 3).append("status", i % 2 == 0 ? "OPEN" : "CLOSED"));
        }
        Mono.from(c.insertMany(docs)).block();
    }

    private static List<Document> find(MongoCollection<Document> c, org.bson.conversions.Bson filter) {
        return Flux.from(c.find(filter)).collectList().block();
    }

    @Test
    void idWithFurtherConditionsAnswersAsTheStockBackend() {
        MongoCollection<Document> indexed = wire.collection(new MongoServer(new IndexedMemoryBackend()), "cases");
        MongoCollection<Document> stock = wire.collection(new MongoServer(new MemoryBackend()), "cases");
        fill(indexed);
        fill(stock);
        List<org.bson.conversions.Bson> queries = List.of(
                Filters.and(Filters.eq("_id", "case-7"), Filters.eq("version", 1)),
                Filters.and(Filters.eq("_id", "case-7"), Filters.eq("version", 2)),
                Filters.and(Filters.eq("_id", "case-8"), Filters.eq("status", "OPEN"), Filters.lt("version", 5)),
                Filters.and(Filters.eq("_id", "missing"), Filters.eq("version", 0)),
                Filters.and(Filters.in("_id", List.of("case-1", "case-2", "case-3")), Filters.eq("status", "CLOSED")));
        for (var q : queries) {
            assertThat(find(indexed, q)).as(q.toString()).isEqualTo(find(stock, q));
        }
        // a version-conditioned update changes the document only when the version matches
        assertThat(Mono.from(indexed.updateOne(Filters.and(Filters.eq("_id", "case-7"), Filters.eq("version", 0)),
                Updates.set("status", "X"))).block().getModifiedCount()).isZero();
        assertThat(Mono.from(indexed.updateOne(Filters.and(Filters.eq("_id", "case-7"), Filters.eq("version", 1)),
                Updates.set("status", "X"))).block().getModifiedCount()).isEqualTo(1);
        assertThat(find(indexed, Filters.eq("status", "X"))).extracting(d -> d.get("_id")).containsExactly("case-7");
    }

    /**
     * Secondary (non-unique) indexes are kept up to date through inserts, updates that change the
     * indexed value, upserts and deletes, including array fields (each element a key) and nested
     * paths; every query answers exactly as the stock backend, which scans.
     */
    @Test
    void secondaryIndexesAnswerAsTheStockBackendThroughEveryKindOfWrite() {
        MongoCollection<Document> indexed = wire.collection(new MongoServer(new IndexedMemoryBackend()), "entries");
        MongoCollection<Document> stock = wire.collection(new MongoServer(new MemoryBackend()), "entries");
        java.util.Random random = new java.util.Random(42);
        for (MongoCollection<Document> c : List.of(indexed, stock)) {
            Mono.from(c.createIndex(Indexes.ascending("requestId"))).block();
            Mono.from(c.createIndex(Indexes.ascending("visibleTo"))).block();
            Mono.from(c.createIndex(Indexes.ascending("payload.chain"))).block();
            Mono.from(c.createIndex(Indexes.ascending("status", "due"))).block();
        }
        for (int step = 0; step < 600; step++) {
            int op = random.nextInt(10);
            String id = "e-" + random.nextInt(80);
            String request = "r-" + random.nextInt(12);
            String org = "org-" + random.nextInt(4);
            String status = random.nextBoolean() ? "OPEN" : "CLOSED";
            long due = random.nextInt(3);
            long sequence = random.nextInt(5);
            for (MongoCollection<Document> c : List.of(indexed, stock)) {
                if (op < 4) {
                    Mono.from(c.replaceOne(Filters.eq("_id", id), new Document("_id", id).append("requestId", request)
                            .append("sequence", sequence).append("visibleTo", List.of(org, "org-x"))
                            .append("payload", new Document("chain", request)).append("status", status).append("due", due),
                            new com.mongodb.client.model.ReplaceOptions().upsert(true))).block();
                } else if (op < 7) {
                    Mono.from(c.updateMany(Filters.eq("requestId", request),
                            Updates.combine(Updates.set("status", status), Updates.set("requestId", "r-" + (step % 12))))).block();
                } else if (op < 8) {
                    Mono.from(c.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("status", "OPEN")),
                            Updates.set("visibleTo", List.of(org)))).block();
                } else {
                    Mono.from(c.deleteMany(Filters.eq("visibleTo", org))).block();
                }
            }
            if (step % 25 == 0) {
                List<org.bson.conversions.Bson> queries = List.of(Filters.eq("requestId", request),
                        Filters.eq("visibleTo", org), Filters.eq("payload.chain", request),
                        Filters.and(Filters.eq("status", status), Filters.eq("due", due)),
                        Filters.and(Filters.eq("requestId", request), Filters.gt("sequence", 1L)),
                        Filters.eq("requestId", null));
                for (var q : queries) {
                    assertThat(Flux.from(indexed.find(q).sort(new Document("_id", 1))).collectList().block())
                            .as("step %d: %s", step, q)
                            .isEqualTo(Flux.from(stock.find(q).sort(new Document("_id", 1))).collectList().block());
                }
            }
        }
    }

    /**
     * A single-key index answers date and number ranges (the sweeps of due work) as the stock backend
     * does, through replacements, updates and deletes, with nulls, missing fields, other types and
     * arrays in the field; and it examines only the documents in the range, not the collection.
     */
    @Test
    void rangesOnASingleKeyIndexAnswerAsTheStockBackendAndExamineOnlyTheRange() {
        IndexedMemoryBackend backend = new IndexedMemoryBackend();
        MongoCollection<Document> indexed = wire.collection(new MongoServer(backend), "tasks");
        MongoCollection<Document> stock = wire.collection(new MongoServer(new MemoryBackend()), "tasks");
        java.util.Random random = new java.util.Random(7);
        java.util.Date epoch = new java.util.Date(1_000_000_000_000L);
        for (MongoCollection<Document> c : List.of(indexed, stock)) {
            Mono.from(c.createIndex(Indexes.ascending("wakeAt"), new IndexOptions().sparse(true))).block();
            Mono.from(c.createIndex(Indexes.ascending("score"))).block();
        }
        for (int step = 0; step < 600; step++) {
            int op = random.nextInt(10);
            String id = "t-" + random.nextInt(60);
            int kind = random.nextInt(6);
            Object wakeAt = switch (kind) {
                case 0 -> null;
                case 1 -> "not a date";
                case 2 -> List.of(new java.util.Date(epoch.getTime() + random.nextInt(50) * 1000L),
                        new java.util.Date(epoch.getTime() + random.nextInt(50) * 1000L));
                default -> new java.util.Date(epoch.getTime() + random.nextInt(50) * 1000L);
            };
            Object score = random.nextBoolean() ? (Object) random.nextInt(20) : (Object) (random.nextInt(20) + 0.5);
            for (MongoCollection<Document> c : List.of(indexed, stock)) {
                if (op < 5) {
                    Document doc = new Document("_id", id).append("score", score).append("open", kind != 0);
                    if (kind != 5) {
                        doc.append("wakeAt", wakeAt);
                    }
                    Mono.from(c.replaceOne(Filters.eq("_id", id), doc, new com.mongodb.client.model.ReplaceOptions().upsert(true))).block();
                } else if (op < 8) {
                    Mono.from(c.updateOne(Filters.and(Filters.eq("_id", id), Filters.lte("wakeAt", epoch)),
                            Updates.unset("wakeAt"))).block();
                } else {
                    Mono.from(c.deleteMany(Filters.gt("score", 18))).block();
                }
            }
            if (step % 20 == 0) {
                java.util.Date at = new java.util.Date(epoch.getTime() + random.nextInt(50) * 1000L);
                List<org.bson.conversions.Bson> queries = List.of(Filters.lte("wakeAt", at), Filters.lt("wakeAt", at),
                        Filters.gte("wakeAt", at), Filters.and(Filters.gt("wakeAt", epoch), Filters.lt("wakeAt", at)),
                        Filters.and(Filters.lte("wakeAt", at), Filters.eq("open", true)), Filters.lt("score", 7),
                        Filters.and(Filters.gte("score", 3.5), Filters.lte("score", 12)), Filters.lt("wakeAt", "zzz"));
                for (var q : queries) {
                    assertThat(Flux.from(indexed.find(q).sort(new Document("_id", 1))).collectList().block())
                            .as("step %d: %s", step, q)
                            .isEqualTo(Flux.from(stock.find(q).sort(new Document("_id", 1))).collectList().block());
                }
            }
        }
        // 1,000 documents whose wakeAt is far in the future: a range up to now examines none of them
        List<Document> later = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            later.add(new Document("_id", "later-" + i).append("wakeAt", new java.util.Date(epoch.getTime() + 86_400_000L + i)));
        }
        Mono.from(indexed.insertMany(later)).block();
        long due = Flux.from(indexed.find(Filters.lte("wakeAt", new java.util.Date(epoch.getTime() + 60_000L)))).count().block();
        long before = backend.documentsExamined();
        Flux.from(indexed.find(Filters.and(Filters.lte("wakeAt", new java.util.Date(epoch.getTime() + 60_000L)), Filters.eq("open", true)))
                .sort(new Document("wakeAt", 1)).limit(10)).collectList().block();
        assertThat(backend.documentsExamined() - before).isEqualTo(due).isLessThan(100);
        before = backend.documentsExamined();
        Flux.from(indexed.find(Filters.eq("open", true))).collectList().block();
        assertThat(backend.documentsExamined() - before).as("a query no index serves walks the collection").isGreaterThan(1_000);
    }

    @Test
    void checkpointRestoresDocumentsAndTheServicesIndexesCatchThemUp(@TempDir Path dir) throws Exception {
        IndexedMemoryBackend backend = new IndexedMemoryBackend();
        MongoCollection<Document> original = wire.collection(new MongoServer(backend), "register");
        Mono.from(original.createIndex(Indexes.ascending("fingerprint"), new IndexOptions().unique(true))).block();
        Mono.from(original.insertMany(List.of(new Document("_id", "a").append("fingerprint", "f1").append("n", 1L),
                new Document("_id", "b").append("fingerprint", "f2").append("at", new java.util.Date(0))))).block();
        Path file = dir.resolve("store.checkpoint");

        MemorySnapshots.Summary written = MemorySnapshots.write(backend, file);
        assertThat(written.documents()).isGreaterThanOrEqualTo(2);

        IndexedMemoryBackend fresh = new IndexedMemoryBackend();
        assertThat(MemorySnapshots.restore(fresh, file)).isNotNull();
        MongoCollection<Document> restored = wire.collection(new MongoServer(fresh), "register");
        assertThat(find(restored, new Document())).isEqualTo(find(original, new Document()));
        // a service declares its unique index again at start: it covers the restored documents
        Mono.from(restored.createIndex(Indexes.ascending("fingerprint"), new IndexOptions().unique(true))).block();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Mono.from(restored.insertOne(
                new Document("_id", "c").append("fingerprint", "f1"))).block())
                .hasMessageContaining("duplicate key");
    }

    @Test
    void aTornCheckpointIsNotRestored(@TempDir Path dir) throws Exception {
        IndexedMemoryBackend backend = new IndexedMemoryBackend();
        MongoCollection<Document> original = wire.collection(new MongoServer(backend), "cases");
        fill(original);
        Path file = dir.resolve("store.checkpoint");
        MemorySnapshots.write(backend, file);
        byte[] bytes = Files.readAllBytes(file);

        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThat(MemorySnapshots.restore(new IndexedMemoryBackend(), file)).isNull();

        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(file, bytes);
        assertThat(MemorySnapshots.restore(new IndexedMemoryBackend(), file)).isNull();

        assertThat(MemorySnapshots.restore(new IndexedMemoryBackend(), dir.resolve("absent"))).isNull();
    }
}
