package dev.rightsflow.schemas.embedded;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.bson.Document;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.rightsflow.schemas.testing.BenchmarkSupport;

/**
 * The two embedded stores side by side through the real driver, as the projections use them: N
 * documents of about 3 KB (24 fields) inserted in bulks of 500, read back by {@code _id $in} 500 at a
 * time, replaced by {@code _id} in bulks of 500, then replaced again on condition of their version
 * ({@code {_id, version}}, the router's and audit-log's write) in bulks of 500; then the heap after a
 * full collection and, for the disk store, the file's size and the time to open it again (a restart;
 * the one secondary index, {@code organisationId}, is filled from the documents then). Each phase prints its rate, wall time and
 * the process's CPU time; the load average is printed at the start and end. The disk store commits as
 * the standalone does (it checks {@link IndexedDiskBackend#commitIfDue} every {@link IndexedDiskBackend#COMMIT_CHECK_EVERY}), and its last
 * commit is timed. With a third argument R, every document is then replaced R more times (a long steady load) and
 * the file's size printed after each round; the clean stop is timed and the file's size
 * after it printed, and beside those rounds a probe times one small command after the other (p50, p99, max: how long a
 * commit holds every other writer), with the commits' own times. {@code disk-retention=45000} as the store runs the disk store with MVStore's default retention
 * of dead chunks (how it ran before it reused them at once). A main class, not a test: run one store per JVM, back
 * to back:
 *
 * <pre>
 * ./mvnw -o -q -pl schemas test-compile
 * ./mvnw -o -q -pl schemas dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * for store in memory disk; do java -Xmx1g -cp schemas/target/test-classes:schemas/target/classes:$(cat /tmp/cp.txt) \
 *     dev.rightsflow.schemas.embedded.EmbeddedStoreBenchmark $store 10000; done
 * java -Xmx1g -cp ... dev.rightsflow.schemas.embedded.EmbeddedStoreBenchmark disk 30000 10
 * </pre>
 */
public final class EmbeddedStoreBenchmark {

    private static final int BATCH = 500;

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(EmbeddedStoreBenchmark.class);

    private EmbeddedStoreBenchmark() {
    }

    /** One line of the benchmark's report, through its logger. */
    private static void report(String format, Object... values) {
        BenchmarkSupport.report(log, format, values);
    }

    public static void main(String[] args) throws Exception {
        String store = args.length > 0 ? args[0] : "disk";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        Path dir = Files.createTempDirectory("embedded-store-benchmark");
        IndexedDiskBackend disk = store.startsWith("disk") ? IndexedDiskBackend.open(dir) : null;
        if (disk != null && store.startsWith("disk-retention=")) {
            // the file's growth as it was before the store reused dead chunks at once (MVStore's default is 45000 ms)
            disk.store().setRetentionTime(Integer.parseInt(store.substring("disk-retention=".length())));
        }
        MongoBackend backend = disk != null ? disk : new IndexedMemoryBackend();
        ScheduledExecutorService committer = Executors.newSingleThreadScheduledExecutor();
        if (disk != null) {
            long every = IndexedDiskBackend.COMMIT_CHECK_EVERY.toMillis();
            committer.scheduleWithFixedDelay(() -> disk.commitIfDue(Duration.ofSeconds(30)), every, every, TimeUnit.MILLISECONDS);
        }
        MongoServer server = new MongoServer(backend);
        InetSocketAddress address = server.bind();
        report("%s store, %d documents, load average %s%n", store, n, BenchmarkSupport.loadAverage());
        try (MongoClient client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort())) {
            MongoCollection<Document> cases = client.getDatabase("bench").getCollection("cases");
            Mono.from(cases.createIndex(com.mongodb.client.model.Indexes.ascending("organisationId"))).block();

            Phase insert = new Phase("bulk insert");
            bulk(cases, n, i -> new InsertOneModel<>(document(i, 1)));
            insert.done(n);

            Phase read = new Phase("_id $in read");
            int found = 0;
            for (int from = 0; from < n; from += BATCH) {
                List<String> ids = new ArrayList<>();
                for (int i = from; i < Math.min(n, from + BATCH); i++) {
                    ids.add(id(i));
                }
                found += Flux.from(cases.find(Filters.in("_id", ids))).collectList().block().size();
            }
            read.done(found);

            Phase replace = new Phase("bulk replace by _id");
            bulk(cases, n, i -> new ReplaceOneModel<>(Filters.eq("_id", id(i)), document(i, 2)));
            replace.done(n);

            Phase conditioned = new Phase("bulk replace by {_id, version}");
            bulk(cases, n, i -> new ReplaceOneModel<>(Filters.and(Filters.eq("_id", id(i)), Filters.eq("version", 2L)),
                    document(i, 3)));
            conditioned.done(n);
            long stale = Mono.from(cases.countDocuments(Filters.eq("version", 3L))).block();
            if (stale != n) {
                throw new IllegalStateException("only " + stale + " of " + n + " conditioned replaces applied");
            }

            // a long steady load: every document replaced again, round after round, as cases move on; the file's size
            // after each round shows whether it grows with the writes or stays near the data. Beside it a probe sends
            // one small command after the other (a listener's offset write) and times each: how long a commit holds
            // the commands of every other writer
            MongoCollection<Document> progress = client.getDatabase("bench").getCollection("progress");
            java.util.concurrent.atomic.AtomicBoolean probing = new java.util.concurrent.atomic.AtomicBoolean(rounds > 0);
            List<Long> probeNanos = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread probe = new Thread(() -> {
                for (long next = 0; probing.get(); next++) {
                    long sent = System.nanoTime();
                    Mono.from(progress.replaceOne(Filters.eq("_id", "g|t|0"), new Document("_id", "g|t|0").append("next", next),
                            new com.mongodb.client.model.ReplaceOptions().upsert(true))).block();
                    probeNanos.add(System.nanoTime() - sent);
                }
            }, "probe");
            IndexedDiskBackend.CommitTimes commitsBefore = disk == null ? null : disk.commitTimes();
            if (rounds > 0) {
                probe.start();
            }
            for (int round = 1; round <= rounds; round++) {
                long version = 3 + round;
                Phase steady = new Phase("steady rewrite, round " + round);
                bulk(cases, n, i -> new ReplaceOneModel<>(Filters.eq("_id", id(i)), document(i, version)));
                steady.done(n);
                if (disk != null) {
                    report("  store file after round %d: %.1f MiB, %.0f %% of it live (as of the last commit); file blocks in use"
                            + " %d %%, live share of the chunks %d %%%n", round, disk.fileSize() / 1048576.0,
                            disk.fileUse().liveShare() * 100, disk.store().getFillRate(),
                            disk.store().getFileStore().getChunksFillRate());
                }
            }

            probing.set(false);
            if (rounds > 0) {
                probe.join();
                List<Long> sorted = new ArrayList<>(probeNanos);
                sorted.sort(null);
                report("probe beside the steady rewrite: %d small commands, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                        sorted.size(), at(sorted, 0.50) / 1e6, at(sorted, 0.99) / 1e6, sorted.get(sorted.size() - 1) / 1e6);
                if (disk != null) {
                    IndexedDiskBackend.CommitTimes t = disk.commitTimes();
                    long commits = t.commits() - commitsBefore.commits();
                    report("commits during it: %d; every command held (the cut) %.1f ms in all, at most %.1f ms;"
                            + " written at most %.1f ms, synced at most %.1f ms%n", commits,
                            (t.heldTotal() - commitsBefore.heldTotal()) / 1e6, t.heldMax() / 1e6, t.writtenMax() / 1e6,
                            t.syncedMax() / 1e6);
                }
            }
            if (disk != null) {
                committer.shutdown();
                committer.awaitTermination(1, TimeUnit.MINUTES);
                Phase commit = new Phase("last commit");
                disk.commit();
                commit.done(0);
            }
            System.gc();
            System.gc();
            Runtime runtime = Runtime.getRuntime();
            report("heap used after GC: %d MiB%n", (runtime.totalMemory() - runtime.freeMemory()) >> 20);
            if (disk != null) {
                report("store file: %.1f MiB; page cache in use: %d MiB%n", disk.fileSize() / 1048576.0,
                        disk.store().getCacheSizeUsed());
            }
        }
        Phase stop = new Phase("clean stop (close)");
        server.shutdownNow(); // the disk store commits and closes its file
        stop.done(0);
        try {
            if (disk != null) {
                report("store file after the clean stop: %.1f MiB%n", Files.size(disk.file()) / 1048576.0);
                // a restart: open the file again (the secondary index is filled from the documents) and read one
                Phase reopen = new Phase("reopen");
                IndexedDiskBackend reopened = IndexedDiskBackend.open(dir);
                long documents = reopened.documents();
                reopen.done((int) documents);
                reopened.close();
            }
        } finally {
            committer.shutdownNow();
            server.shutdownNow();
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        report("load average at the end %s%n", BenchmarkSupport.loadAverage());
    }

    private static void bulk(MongoCollection<Document> cases, int n, java.util.function.IntFunction<WriteModel<Document>> model) {
        List<WriteModel<Document>> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < n; i++) {
            batch.add(model.apply(i));
            if (batch.size() == BATCH || i == n - 1) {
                Mono.from(cases.bulkWrite(batch)).block();
                batch.clear();
            }
        }
    }

    private static long at(List<Long> sorted, double quantile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1));
    }

    private static String id(int i) {
        return "req-" + i;
    }

    /** About 3 KB of BSON in 24 fields, as a projected case: ids, a status, a version, dates and text. */
    private static Document document(int i, long version) {
        Document d = new Document("_id", id(i)).append("version", version).append("status", version == 1 ? "OPEN" : "CLOSED")
                .append("organisationId", "org-" + (i % 11)).append("receivedAt", new java.util.Date(1_700_000_000_000L + i));
        for (int f = 0; f < 19; f++) {
            d.append("field" + f, ("value " + i + " of field " + f + " ").repeat(6));
        }
        return d;
    }

    /** Wall and process CPU time of one phase. */
    private static final class Phase {
        private final String name;
        private final long wall = System.nanoTime();
        private final long cpu = cpu();

        Phase(String name) {
            this.name = name;
        }

        private static long cpu() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        }

        void done(int documents) {
            double seconds = (System.nanoTime() - wall) / 1e9;
            double cpuSeconds = (cpu() - cpu) / 1e9;
            String rate = documents == 0 ? "" : String.format("%8.0f docs/s", documents / seconds);
            report("%-32s %15s  %6.2f s wall  %6.2f s CPU%n", name, rate, seconds, cpuSeconds);
        }
    }
}
