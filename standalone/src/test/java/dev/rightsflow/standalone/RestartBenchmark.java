package dev.rightsflow.standalone;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.serde.AvroSingleObjectSerde;
import dev.rightsflow.schemas.testing.BenchmarkSupport;
import dev.rightsflow.schemas.testing.SampleEvents;

/**
 * What a restart costs (a main class, not a test): starts the standalone in a JVM of its own with
 * the JVM's default options (as {@code java -jar} has them), puts N requests in its history
 * (straight onto the requests topic, then waits until every service has consumed everything they
 * lead to), stops it cleanly and starts it again, then kills it ({@code SIGKILL}) and starts it
 * again; each time it measures the time from the start of the JVM to readiness (every service
 * caught up) and the resident memory then.
 *
 * <p>It measures the pipeline, not the vendors: the child's connectors may call each lane 1,000
 * times a second ({@code RIGHTSFLOW_CONNECTORS_RUNNER_CALLSPERSECOND}, 10 by default in the product;
 * set the variable to change it). The demo vendors' stand-ins are off unless
 * {@code RIGHTSFLOW_DEMO_VENDORS=true} (they listen on fixed ports: run it in a network namespace
 * then); without them every vendor call fails and is retried, so the history keeps growing with
 * retries. {@code -Dbenchmark.jvmOptions="..."} passes options to the child JVM (e.g. a JFR recording).
 *
 * <pre>./mvnw -q -DskipTests install &amp;&amp; ./mvnw -q -pl standalone exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.rightsflow.standalone.RestartBenchmark -Dexec.args=10000</pre>
 *
 * <p>A second argument, the data directory an earlier run left ({@code /tmp/rightsflow-restart-benchmark...}),
 * skips the first start and the load: a copy of that history is started (a restart after its last run, which was
 * killed), then stopped cleanly and started, then killed and started, so a change to the start-up can be timed
 * again on the same history in minutes. With a third argument {@code grow}, N more requests are loaded onto that
 * copy first (and consumed by every service) before the restarts are timed: a larger history from a smaller one,
 * without loading it all again ({@code RestartBenchmark 90000 /tmp/rightsflow-restart-benchmark... grow} makes a
 * 100,000-request history from a 10,000-request one). The copy is kept in {@code /tmp} for the next run.
 */
public final class RestartBenchmark {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RestartBenchmark.class);

    private RestartBenchmark() {
    }

    /** One line of the benchmark's report, through its logger. */
    private static void report(String format, Object... values) {
        BenchmarkSupport.report(log, format, values);
    }

    public static void main(String[] args) throws Exception {
        BenchmarkSupport.quietKafkaClients();
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path dataDir = Files.createTempDirectory("rightsflow-restart-benchmark");
        Map<String, String> env = new java.util.HashMap<>();
        // The demo vendors' stand-ins listen on fixed ports; off unless asked for (run it in a network namespace then).
        env.put("RIGHTSFLOW_DEMO_VENDORS", System.getenv().getOrDefault("RIGHTSFLOW_DEMO_VENDORS", "false"));
        // The benchmark measures the pipeline, not the vendors' rate limits: each lane may call 1,000 times a second.
        String callsPerSecond = System.getenv().getOrDefault("RIGHTSFLOW_CONNECTORS_RUNNER_CALLSPERSECOND", "1000");
        env.put("RIGHTSFLOW_CONNECTORS_RUNNER_CALLSPERSECOND", callsPerSecond);
        List<String> jvmOptions = BenchmarkSupport.childJvmOptions();
        report("child JVM options %s; demo vendors %s; vendor calls per second per lane %s (rightsflow.connectors.runner.calls-per-second)%n",
                jvmOptions.isEmpty() ? "none (the JVM's defaults)" : jvmOptions, env.get("RIGHTSFLOW_DEMO_VENDORS"), callsPerSecond);
        Path kept = args.length > 1 ? Path.of(args[1]) : null;
        boolean grow = args.length > 2 && args[2].equals("grow");
        if (kept != null) {
            copyHistory(kept, dataDir);
        }
        try (ChildStandalone system = new ChildStandalone(dataDir, env, jvmOptions)) {
            if (kept == null) {
                long t0 = System.nanoTime();
                system.start();
                system.awaitReady(Duration.ofMinutes(30));
                report("first start, empty history", t0, system);
                dumpRecording(system, "first-start");

                long loadStart = System.nanoTime();
                load(system.kafkaBootstrap(), n);
                long events = awaitDrained(system.kafkaBootstrap());
                double seconds = (System.nanoTime() - loadStart) / 1e9;
                report("loaded %,d requests; %,d events in the history; the services consumed them all in %.1f s"
                        + " (%,.0f events/s; load average %s)%n", n, events, seconds, events / seconds, BenchmarkSupport.loadAverage());

                stateSizes(system, n);
            } else {
                // the kept run ended killed: this start restores its last checkpoint and catches up after it
                long t0 = System.nanoTime();
                system.start();
                system.awaitReady(Duration.ofMinutes(30));
                report("start on the kept history " + kept + " (its last run was killed)", t0, system);
                dumpRecording(system, "kept-history-start");
                if (grow) {
                    long loadStart = System.nanoTime();
                    load(system.kafkaBootstrap(), n);
                    long events = awaitDrained(system.kafkaBootstrap());
                    double seconds = (System.nanoTime() - loadStart) / 1e9;
                    report("grew the history by %,d requests in %s; %,d events in the history now; the services consumed"
                            + " the new ones in %.1f s (load average %s)%n", n, dataDir, events, seconds, BenchmarkSupport.loadAverage());
                }
            }

            long t1 = System.nanoTime();
            int exit = system.terminate();
            report("clean stop (SIGTERM): %.1f s, exit code %d%n", (System.nanoTime() - t1) / 1e9, exit);
            long t2 = System.nanoTime();
            system.start();
            system.awaitReady(Duration.ofMinutes(30));
            report("restart after a clean stop", t2, system);
            dumpRecording(system, "clean-restart");

            system.kill();
            long t3 = System.nanoTime();
            system.start();
            system.awaitReady(Duration.ofMinutes(30));
            report("restart after SIGKILL", t3, system);
            dumpRecording(system, "restart-after-kill");
            // the memory store's checkpoint, or the disk store's file (RIGHTSFLOW_EMBEDDED_STORE=disk)
            for (String file : List.of("store.checkpoint", "store.mv.db")) {
                Path path = dataDir.resolve("mongo").resolve(file);
                if (Files.exists(path)) {
                    report("%s: %,d KB%n", file, Files.size(path) / 1024);
                }
            }
        }
    }

    /**
     * What the history costs per request once every service has consumed it: the bytes of each
     * collection of the in-process store (which the embedded default keeps on the heap and in its
     * checkpoint) and of each topic's log on the broker, largest first.
     */
    /** How many documents a collection's size is estimated from (its first ones in natural order). */
    private static final int SIZE_SAMPLE = 1_000;

    /**
     * Each collection's document count and an estimate of its bytes: the average of its first {@value #SIZE_SAMPLE}
     * documents times the count. Never the whole collection: the in-process server materialises a find's whole answer
     * before the first batch (a 20,000-request history's collections ran the child out of heap that way), and the
     * disk store does not track data sizes for {@code collStats}.
     */
    private static void stateSizes(ChildStandalone system, int n) throws Exception {
        java.util.Map<String, long[]> collections = new java.util.TreeMap<>();
        try (com.mongodb.reactivestreams.client.MongoClient mongo =
                com.mongodb.reactivestreams.client.MongoClients.create(system.mongoUri())) {
            for (String database : reactor.core.publisher.Flux.from(mongo.listDatabaseNames()).collectList().block()) {
                var db = mongo.getDatabase(database);
                for (String name : reactor.core.publisher.Flux.from(db.listCollectionNames()).collectList().block()) {
                    var collection = db.getCollection(name, org.bson.RawBsonDocument.class);
                    long count = reactor.core.publisher.Mono.from(collection.estimatedDocumentCount()).block();
                    long[] sample = new long[2];
                    reactor.core.publisher.Flux.from(collection.find().limit(SIZE_SAMPLE).batchSize(SIZE_SAMPLE))
                            .doOnNext(d -> {
                                sample[0]++;
                                sample[1] += d.getByteBuffer().remaining();
                            }).blockLast();
                    collections.put(database + "." + name, new long[] {count, sample[0] == 0 ? 0 : count * sample[1] / sample[0]});
                }
            }
        }
        long storeBytes = collections.values().stream().mapToLong(v -> v[1]).sum();
        report("store (estimated: each collection's first %,d documents' average size times its count): %,d KB in all, %,d bytes per request%n", SIZE_SAMPLE, storeBytes / 1024, storeBytes / n);
        collections.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1])).limit(12)
                .forEach(e -> report("  %-45s %,9d documents %,9d KB %,7d bytes per request%n", e.getKey(),
                        e.getValue()[0], e.getValue()[1] / 1024, e.getValue()[1] / n));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafkaBootstrap()))) {
            java.util.Map<String, Long> topics = new java.util.TreeMap<>();
            admin.describeLogDirs(admin.describeCluster().nodes().get().stream()
                    .map(org.apache.kafka.common.Node::id).toList()).allDescriptions().get().values().forEach(dirs -> dirs.values()
                    .forEach(dir -> dir.replicaInfos().forEach((partition, info) ->
                            topics.merge(partition.topic(), info.size(), Long::sum))));
            long logBytes = topics.values().stream().mapToLong(Long::longValue).sum();
            report("topics: %,d KB in all, %,d bytes per request%n", logBytes / 1024, logBytes / n);
            topics.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(12)
                    .forEach(e -> report("  %-45s %,9d KB %,7d bytes per request%n", e.getKey(),
                            e.getValue() / 1024, e.getValue() / n));
        }
    }

    private static void report(String what, long startedNanos, ChildStandalone system) throws Exception {
        // The child's CPU time until ready too: on a shared machine it says more than the wall time does.
        report("%s: ready %.1f s after the JVM started (%.1f s of CPU), RSS %,d MiB (load average %s)%n", what,
                (System.nanoTime() - startedNanos) / 1e9, system.cpuTime().toMillis() / 1e3, system.rssMiB(),
                BenchmarkSupport.loadAverage());
    }

    /** Copies a data directory a former run left (its Kafka log and store checkpoint; not its logs or recordings). */
    private static void copyHistory(Path from, Path to) throws java.io.IOException {
        try (var files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                String name = source.getFileName().toString();
                if (source.equals(from) || name.endsWith(".log") && source.getParent().equals(from) || name.endsWith(".jfr")) {
                    continue;
                }
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    /**
     * When the child JVM runs a flight recording ({@code -Dbenchmark.jvmOptions=-XX:StartFlightRecording=...}),
     * dumps it once the child is ready to {@code <data>/<phase>.jfr}: a killed child would take it with it.
     */
    private static void dumpRecording(ChildStandalone system, String phase) throws Exception {
        if (BenchmarkSupport.childJvmOptions().stream().noneMatch(o -> o.startsWith("-XX:StartFlightRecording"))) {
            return;
        }
        Path file = system.dataDir.resolve(phase + ".jfr");
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(system.pid()), "JFR.dump", "filename=" + file).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        jcmd.waitFor();
        report("  flight recording of this start: %s%n", file);
    }

    private static void load(String bootstrap, int n) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        AvroSingleObjectSerde serde = new AvroSingleObjectSerde();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) {
                String id = UUID.randomUUID().toString();
                producer.send(new ProducerRecord<>(Topics.REQUESTS, id,
                        serde.encode(SampleEvents.requestReceived(id, Right.ERASURE, "mes", "mes-corporate-website"))));
            }
            producer.flush();
        }
    }

    /** Waits until every consumer group has consumed every topic to its end, twice in a row. @return events on the topics */
    private static long awaitDrained(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            int quiet = 0;
            long total = 0;
            while (quiet < 2) {
                BenchmarkSupport.GroupLag lag = BenchmarkSupport.groupLag(admin);
                total = lag.records();
                quiet = lag.total() == 0 ? quiet + 1 : 0;
                report("  consumer lag %,d%n", lag.total());
                java.util.concurrent.TimeUnit.SECONDS.sleep(5);
            }
            return total;
        }
    }
}
