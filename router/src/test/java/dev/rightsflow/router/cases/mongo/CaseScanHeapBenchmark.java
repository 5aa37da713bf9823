package dev.rightsflow.router.cases.mongo;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;

import de.bwaldvogel.mongo.MongoServer;
import dev.rightsflow.router.cases.application.CaseStore.StoredCase;
import dev.rightsflow.router.cases.model.CasePhase;
import dev.rightsflow.router.cases.model.CaseState;
import dev.rightsflow.router.registry.application.RegistryCodec;
import dev.rightsflow.schemas.model.Action;
import dev.rightsflow.schemas.testing.InProcessMongo;
import reactor.core.publisher.Flux;

/**
 * What the heap holds while the router reads every case in progress (the periodic task risk check; issue 9): the
 * read before, one query over the {@code status} index, against {@link MongoCaseStore#inStatusByPage}. Fills the
 * store with {@code N} planned cases (six tasks each, a 2 KB request event), then, at the first case each read hands
 * over (the server has answered the query, the rest of its result held for the next batches), takes a class
 * histogram of the live heap ({@code jcmd <pid> GC.class_histogram}, which collects first) and prints the in-process
 * server's live {@code Document}s and the live heap.
 *
 * <pre>./mvnw -o -q -pl router -am test-compile &amp;&amp; java -cp ... dev.rightsflow.router.cases.mongo.CaseScanHeapBenchmark 20000 disk</pre>
 * (the class path: {@code ./mvnw -o -q -pl router dependency:build-classpath -Dmdep.outputFile=cp.txt}, plus
 * {@code router/target/classes}, {@code router/target/test-classes}, {@code schemas/target/test-classes}).
 */
public final class CaseScanHeapBenchmark {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CaseScanHeapBenchmark.class);

    private CaseScanHeapBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        String store = args.length > 1 ? args[1] : "disk";
        Path directory = Files.createTempDirectory("case-scan-heap");
        MongoServer server = InProcessMongo.start(Map.of("RIGHTSFLOW_EMBEDDED_STORE", store), directory);
        try (MongoClient client = MongoClients.create(InProcessMongo.uri(server))) {
            var database = client.getDatabase("router");
            MongoCaseStore cases = new MongoCaseStore(database, new RegistryCodec().json());
            byte[] request = new byte[2048];
            List<StoredCase> batch = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                CaseState c = new CaseState(UUID.randomUUID().toString());
                c.phase = new CasePhase.Open(Instant.parse("2026-01-30T10:00:00Z"), CasePhase.Stage.PLANNED, "policy");
                for (int t = 0; t < 6; t++) {
                    CaseState.TaskState task = new CaseState.TaskState();
                    task.taskId = c.requestId + "-task-" + t;
                    task.systemId = "system-" + t;
                    task.action = Action.values()[t % Action.values().length];
                    task.connector = "generic-rest";
                    task.lastSafeDispatch = LocalDate.of(2026, 2, 20);
                    c.tasks.put(task.taskId, task);
                }
                for (int e = 0; e < 12; e++) {
                    c.processedEventIds.add(UUID.randomUUID().toString());
                }
                batch.add(new StoredCase(c, request));
                if (batch.size() == 1_000) {
                    cases.saveAll(batch);
                    batch.clear();
                }
            }
            cases.saveAll(batch);
            log.info("{} cases in progress, {} store", n, store);
            log.info("before any read:       {}", histogram());

            AtomicBoolean first = new AtomicBoolean(true);
            long[] read = {0};
            Flux.from(database.getCollection(MongoCaseStore.COLLECTION)
                    .find(Filters.eq("status", CaseState.Status.IN_PROGRESS.name())))
                    .doOnNext(d -> {
                        if (first.getAndSet(false)) {
                            log.info("one query (before):    {}", histogram());
                        }
                        read[0]++;
                    }).then().block();
            log.info("  cases read: {}", read[0]);

            first.set(true);
            read[0] = 0;
            cases.inStatusByPage(CaseState.Status.IN_PROGRESS, 500, page -> {
                if (first.getAndSet(false)) {
                    log.info("by page of 500 (now): {}", histogram());
                }
                read[0] += page.size();
            });
            log.info("  cases read: {}", read[0]);
        } finally {
            server.shutdownNow();
        }
    }

    /** The in-process server's live documents and the live heap, from a class histogram (after a full collection). */
    private static String histogram() {
        try {
            return histogramOrThrow();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String histogramOrThrow() throws java.io.IOException, InterruptedException {
        Process jcmd = new ProcessBuilder("jcmd", String.valueOf(ProcessHandle.current().pid()), "GC.class_histogram")
                .redirectErrorStream(true).start();
        long documents = 0;
        long total = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jcmd.getInputStream()))) {
            for (String line; (line = out.readLine()) != null;) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 4 && f[3].equals("de.bwaldvogel.mongo.bson.Document")) {
                    documents = Long.parseLong(f[1]);
                } else if (f.length >= 3 && f[0].equals("Total")) {
                    total = Long.parseLong(f[2]);
                }
            }
        }
        jcmd.waitFor();
        return String.format("%,d server Documents live, %,d MB live heap (%s)", documents, total >> 20,
                ManagementFactory.getRuntimeMXBean().getName());
    }
}
