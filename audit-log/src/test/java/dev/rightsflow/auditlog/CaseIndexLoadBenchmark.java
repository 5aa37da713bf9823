package dev.rightsflow.auditlog;

import static dev.rightsflow.deadline.UkTime.UK;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;

import de.bwaldvogel.mongo.MongoServer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.rightsflow.auditlog.cases.application.CaseIndex;
import dev.rightsflow.auditlog.cases.model.CaseDeadline;
import dev.rightsflow.auditlog.cases.model.CaseFile;
import dev.rightsflow.auditlog.cases.model.CaseTask;
import dev.rightsflow.auditlog.cases.mongo.MongoCaseStore;
import dev.rightsflow.auditlog.kafka.RouterClockStandIn;
import dev.rightsflow.auditlog.registry.RegistryView;
import dev.rightsflow.deadline.DeadlineEngine;
import dev.rightsflow.deadline.holidays.RefreshableBankHolidays;
import dev.rightsflow.schemas.testing.BenchmarkSupport;
import dev.rightsflow.schemas.testing.InProcessMongo;

/**
 * What audit-log's start pays for its dashboard index (a main class, not a test; issue 9): stores N cases in the
 * {@code cases} collection through {@link MongoCaseStore} on the in-process MongoDB-wire server (its store chosen as
 * the standalone's: {@code RIGHTSFLOW_EMBEDDED_STORE=disk}, the default, or {@code memory}), in bulk writes of 1,000
 * as the fold writes them, then times a fresh {@link CaseIndex#load()} over them, as the start does, several times
 * (wall and this JVM's CPU seconds, the in-process server's included), two raw passes projected to {@code _id} and
 * to {@code keyFacts} alone (what the server and the driver pay), and one pass reading every whole case for comparison. Last, with
 * {@code keyFacts} removed from every stored case (a store written before the index read them), one load (whole cases;
 * their facts are then written back in the background: how long until all are) and the load after it. No Spring, no Kafka: only the store, the index and the server.
 *
 * <p>The cases: open and closed ones received over the last 90 days, each with eight events seen, the router's
 * stated clock (its steps in words), a third with tasks, a tenth closed; organisations and rights spread evenly.
 *
 * <pre>./mvnw -o -q -pl audit-log -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=/tmp/cp.txt
 * java -cp audit-log/target/test-classes:audit-log/target/classes:$(cat /tmp/cp.txt) \
 *     dev.rightsflow.auditlog.CaseIndexLoadBenchmark 100000 5</pre>
 */
public final class CaseIndexLoadBenchmark {

    private static final List<String> ORGS = List.of("ecs", "mes", "empower", "rip", "northshire-nhs-ft");
    private static final List<String> RIGHTS = List.of("ACCESS", "ERASURE", "RECTIFICATION", "OBJECTION");
    private static final int BATCH = 1000;

    private CaseIndexLoadBenchmark() {
    }

    /** Arguments: how many cases (100000), how many timed loads (5), and {@code loads-only} to stop after the loads. */
    public static void main(String[] args) throws Exception {
        int cases = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int loads = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path data = Files.createTempDirectory("rightsflow-case-index-benchmark");
        MongoServer server = InProcessMongo.start(System.getenv(), data.resolve("mongo"));
        try (MongoClient client = MongoClients.create(InProcessMongo.uri(server))) {
            MongoDatabase database = client.getDatabase("audit-log");
            MongoCaseStore store = new MongoCaseStore(database);
            store.createIndexes().block();
            long t0 = System.nanoTime();
            store(store, cases);
            System.out.printf("stored %,d cases in %.1f s (load average %s)%n", cases, (System.nanoTime() - t0) / 1e9,
                    BenchmarkSupport.loadAverage());
            CaseDeadline deadlines = new CaseDeadline(DeadlineEngine.withBundledHolidays());
            RegistryView registry = new RegistryView(database);
            registry.load().block();
            for (int i = 1; i <= loads; i++) {
                time("fresh CaseIndex.load() " + i + " of " + loads, () -> {
                    CaseIndex index = new CaseIndex(deadlines, registry, store, RefreshableBankHolidays.snapshotOnly());
                    index.load().join();
                    return index.size();
                });
            }
            // the parts of a load: what the server and the driver pay for a pass that sends only each _id, and for one
            // that sends the stored facts (no index, no key)
            for (String field : List.of("_id", "keyFacts")) {
                time("find projected to " + field + " alone", () -> Flux.from(database.getCollection("cases").find()
                        .projection(com.mongodb.client.model.Projections.include(field)).batchSize(BATCH)).count()
                        .block().intValue());
            }
            time("every whole case read (visibleTo)", () -> {
                AtomicLong read = new AtomicLong();
                store.visibleTo(null, false, f -> read.incrementAndGet()).join();
                return read.intValue();
            });
            if (args.length > 2 && args[2].equals("loads-only")) {
                server.shutdownNow();
                System.exit(0);
            }
            // a store written before the facts were kept beside each case
            var collection = database.getCollection("cases");
            org.bson.conversions.Bson withFacts = com.mongodb.client.model.Filters.exists("keyFacts");
            boolean keptFacts = Mono.from(collection.countDocuments(withFacts)).block() > 0;
            Mono.from(collection.updateMany(new org.bson.Document(), Updates.unset("keyFacts"))).block();
            time("first load without stored facts", () -> {
                CaseIndex index = new CaseIndex(deadlines, registry, store, RefreshableBankHolidays.snapshotOnly());
                index.load().join();
                return index.size();
            });
            if (keptFacts) {
                long t = System.nanoTime();
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(30))
                        .pollInterval(java.time.Duration.ofMillis(200))
                        .until(() -> Mono.from(collection.countDocuments(withFacts)).block() >= cases);
                System.out.printf("their facts stored beside them in the background within %.1f s of that load%n",
                        (System.nanoTime() - t) / 1e9);
            }
            time("the load after it", () -> {
                CaseIndex index = new CaseIndex(deadlines, registry, store, RefreshableBankHolidays.snapshotOnly());
                index.load().join();
                return index.size();
            });
        } finally {
            server.shutdownNow();
        }
        System.exit(0);
    }

    private interface Run {
        int cases() throws Exception;
    }

    private static void time(String what, Run run) throws Exception {
        System.gc();
        long cpu = BenchmarkSupport.processCpuNanos();
        long t = System.nanoTime();
        int n = run.cases();
        System.out.printf("%s: %,d cases in %.2f s wall, %.2f s CPU (load average %s, heap after GC %,d MiB)%n", what, n,
                (System.nanoTime() - t) / 1e9, (BenchmarkSupport.processCpuNanos() - cpu) / 1e9,
                BenchmarkSupport.loadAverage(), heapAfterGc());
    }

    private static long heapAfterGc() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
    }

    private static void store(MongoCaseStore store, int cases) {
        Random random = new Random(9);
        LocalDate today = LocalDate.now(UK);
        List<CaseFile> batch = new ArrayList<>();
        for (int i = 0; i < cases; i++) {
            batch.add(file(random, today, i));
            if (batch.size() == BATCH || i == cases - 1) {
                store.saveAll(batch).join();
                batch = new ArrayList<>();
            }
        }
        store.forgetWritten();
    }

    private static CaseFile file(Random random, LocalDate today, int i) {
        String org = ORGS.get(random.nextInt(ORGS.size()));
        Instant received = today.minusDays(random.nextInt(90)).atTime(9, 0).atZone(UK).toInstant();
        CaseFile f = CaseFile.of("bench-" + i);
        for (int e = 0; e < 8; e++) {
            f.seen("bench-" + i + "-event-" + e + "-" + Long.toHexString(random.nextLong()));
        }
        f.onReceived(RIGHTS.get(random.nextInt(RIGHTS.size())), "API", org, "service-" + org, received, "NONE", null,
                null, null);
        f.onControllerResolved(org, null, org, false, "rule", "ENGLAND_AND_WALES");
        f.onCaseOpened(org, "ENGLAND_AND_WALES", received, received, null, random.nextBoolean());
        if (random.nextInt(3) == 0) {
            List<CaseTask> tasks = new ArrayList<>();
            for (String system : List.of("crm", "mail", "hr")) {
                CaseTask t = new CaseTask();
                t.taskId = "task-" + i + "-" + system;
                t.systemId = system;
                t.action = "ACCESS";
                t.lastSafeDispatch = today.plusDays(random.nextInt(20) - 10);
                tasks.add(t);
            }
            f.onPlanned(tasks, 0, List.of());
            f.onTaskDispatched("task-" + i + "-crm", "crm", "ACCESS", "generic-rest", null);
            f.onTaskCompleted("task-" + i + "-crm", "crm", "ACCESS", true, 3);
        }
        if (random.nextInt(10) == 0) {
            f.onClosed(received.plusSeconds(86_400L * 20), "answered");
        }
        f.onRouterClock(RouterClockStandIn.stated(f, null, List.of()));
        f.touched(received.plusSeconds(3600));
        return f;
    }
}
