package dev.rightsflow.schemas.embedded;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;

import de.bwaldvogel.mongo.MongoServer;
import dev.rightsflow.schemas.testing.BenchmarkSupport;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What choosing an index costs on the disk store when two secondary indexes serve a query and one narrows far more
 * than the other: {@code {organisationId: o, requestId: r}} against N documents, {@code organisationId} taking 11
 * values (N/11 entries each) and {@code requestId} N/3 (3 entries each). {@code load DIR N} writes the store once;
 * {@code query DIR Q} opens it and runs Q such queries to warm up (the first read from the file), then Q others, printing the wall
 * and CPU time per query, the index entries read per query and the load average. Run the queries before and after a
 * change back to back on the same file. {@code scrub DIR U} rewrites U documents, commits, and times the scrub an
 * erasure asks for (the commit after {@link IndexedDiskBackend#scrubAtNextCommit()}), during which every command waits:
 *
 * <pre>
 * ./mvnw -o -q -pl schemas -am test-compile
 * ./mvnw -o -q -pl schemas dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * CP=schemas/target/test-classes:schemas/target/classes:$(cat /tmp/cp.txt)
 * java -Xmx1g -cp $CP dev.rightsflow.schemas.embedded.IndexChoiceBenchmark load /tmp/choice 100000
 * java -Xmx1g -cp $CP dev.rightsflow.schemas.embedded.IndexChoiceBenchmark query /tmp/choice 2000
 * cp -r /tmp/choice /tmp/scrub; java -Xmx1g -cp $CP dev.rightsflow.schemas.embedded.IndexChoiceBenchmark scrub /tmp/scrub 10000
 * </pre>
 */
public final class IndexChoiceBenchmark {

    private IndexChoiceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        int n = Integer.parseInt(args[2]);
        IndexedDiskBackend disk = IndexedDiskBackend.open(dir);
        MongoServer server = new MongoServer(disk);
        InetSocketAddress address = server.bind();
        try (MongoClient client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort())) {
            MongoCollection<Document> tasks = client.getDatabase("bench").getCollection("tasks");
            if (args[0].equals("load")) {
                Mono.from(tasks.createIndex(Indexes.ascending("organisationId"))).block();
                Mono.from(tasks.createIndex(Indexes.ascending("requestId"))).block();
                List<Document> batch = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    batch.add(new Document("_id", "task-" + i).append("organisationId", "org-" + i % 11)
                            .append("requestId", "req-" + i % (n / 3)).append("status", "OPEN").append("attempts", i % 5));
                    if (batch.size() == 1_000) {
                        Mono.from(tasks.insertMany(batch)).block();
                        batch.clear();
                    }
                }
                if (!batch.isEmpty()) {
                    Mono.from(tasks.insertMany(batch)).block();
                }
                disk.commit();
                System.out.printf("loaded %d documents, store file %.1f MiB%n", disk.documents(), disk.fileSize() / 1048576.0);
            } else if (args[0].equals("scrub")) {
                // an erasure's scrub on this file: every command waits while it runs (it holds the checkpoint lock)
                for (int i = 0; i < n; i++) {
                    Mono.from(tasks.updateOne(Filters.eq("_id", "task-" + i), com.mongodb.client.model.Updates.set("status", "DONE")))
                            .block();
                }
                disk.commit();
                long size = disk.fileSize();
                System.out.printf("scrub of a %.1f MiB store file, load average %s%n", size / 1048576.0, BenchmarkSupport.loadAverage());
                long wall = System.nanoTime();
                long cpu = cpu();
                disk.scrubAtNextCommit();
                disk.commit();
                System.out.printf("scrub: %.0f ms wall, %.0f ms CPU; file %.1f MiB after%n", (System.nanoTime() - wall) / 1e6,
                        (cpu() - cpu) / 1e6, disk.fileSize() / 1048576.0);
            } else {
                int requests = (int) (disk.documents() / 3);
                System.out.printf("%d queries on %d documents, load average %s%n", n, disk.documents(), BenchmarkSupport.loadAverage());
                queries(tasks, requests, n, 0); // warming up: the same queries, the first from the file
                long wall = System.nanoTime();
                long cpu = cpu();
                long read = disk.indexEntriesRead();
                long examined = disk.documentsExamined();
                long found = queries(tasks, requests, n, 1);
                System.out.printf("%.3f ms wall, %.3f ms CPU per query; %.1f index entries read and %.1f documents examined"
                        + " per query; %d found%n", (System.nanoTime() - wall) / 1e6 / n, (cpu() - cpu) / 1e6 / n,
                        (disk.indexEntriesRead() - read) / (double) n, (disk.documentsExamined() - examined) / (double) n, found);
                System.out.printf("load average at the end %s%n", BenchmarkSupport.loadAverage());
            }
        } finally {
            server.shutdownNow();
        }
    }

    private static long queries(MongoCollection<Document> tasks, int requests, int n, int shift) {
        long found = 0;
        for (int q = 0; q < n; q++) {
            int i = (int) ((q * 7919L + shift) % (requests * 3L));
            found += Flux.from(tasks.find(Filters.and(Filters.eq("organisationId", "org-" + i % 11),
                    Filters.eq("requestId", "req-" + i % requests)))).collectList().block().size();
        }
        return found;
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
