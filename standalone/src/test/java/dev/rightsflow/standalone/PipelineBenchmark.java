package dev.rightsflow.standalone;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.AuditEntryAppended;
import dev.rightsflow.schemas.avro.CasePlanned;
import dev.rightsflow.schemas.avro.TaskDispatched;
import dev.rightsflow.schemas.kafka.EventDeserializer;
import dev.rightsflow.schemas.testing.BenchmarkSupport;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pipeline end to end under a steady offered load (a main class, not a test): how long after intake's 202 a
 * request's plan has its tasks dispatched and its audit entries written, and whether the services' consumer lag
 * stays bounded, at 200 and 1,000 requests a second for 60 s each by default.
 *
 * <p>It starts the standalone in a JVM of its own ({@link ChildStandalone}: the JVM's default options, as
 * {@code java -jar} has them; {@code -Dbenchmark.jvmOptions="..."} adds options, a JFR recording for instance), with
 * the public rate limit lifted through configuration ({@code RIGHTSFLOW_INTAKE_RATELIMITPERMINUTE}: one client
 * address sends everything) and the demo vendors' stand-ins on (fixed ports: run it in a network namespace). Then,
 * per rate:
 * <ul>
 *   <li><b>open-loop load</b>: valid erasure requests to the demo organisations that plan without a person
 *       ({@link #SCENARIOS}, in turn), each with its own email, sent at fixed intervals whatever the answers do
 *       (java.net.http, HTTP/1.1); the 202's latency counts from when the request was due, so a slow answer delays
 *       no measurement; at most {@link OpenLoop#MAX_IN_FLIGHT} requests wait for an answer, beyond that the sender waits
 *       and the achieved rate falls below the offered one;</li>
 *   <li><b>a witness consumer</b> (no consumer group: it commits nothing and changes no service's lag), assigned the
 *       tasks, cases and audit topics from their ends at the start, notes per request id the Kafka timestamp of
 *       each {@code TaskDispatched} (router), of its {@code CasePlanned} (router; it comes after every task of the
 *       plan was acknowledged and says how many there are) and of audit-log's {@code AuditEntryAppended} witness
 *       of the entries for the plan and for each dispatched task;</li>
 *   <li><b>consumer lag</b> per service group (end offsets minus committed offsets, {@link BenchmarkSupport#groupLag})
 *       every few seconds during the load and after it, until every request got there and every group is at
 *       zero, or the drain window ends.</li>
 * </ul>
 * It prints p50/p99/max of first task dispatched, all tasks dispatched and audit entries written, each minus the
 * 202's time (the services' clocks and the benchmark's are the same machine's), how many accepted requests did not
 * get there within the drain window, the achieved rate and the 202's p50/p99, per group the lag's peak during the
 * load, whether it stayed bounded, and when it drained, the CPU time per accepted request of the standalone's JVM,
 * the load average at the start and the end, and the target (p99 of both ≤ 500 ms at 1,000 req/s). At the
 * end it stops the standalone with {@code SIGTERM} (so a JFR recording is written) and removes its Kafka log and store
 * unless {@code -Dbenchmark.keepData=true}, keeping its log.
 *
 * <p>Arguments {@code [rates] [loadSeconds] [drainSeconds] [warmupSeconds]}, defaults {@code 200,1000 60 120 10};
 * {@code -Dbenchmark.lagSampleSeconds} (3). Run it as the root README's "End to end under steady load" says.
 */
public final class PipelineBenchmark {

    /**
     * Erasure requests to the demo organisations that auto-accept and need no identity check for erasure: each is
     * planned and dispatched here without a person (Empower accepts by hand; MES's requests for Riverside are
     * forwarded out of the platform and planned there, so neither is among them).
     */
    static final List<String> SCENARIOS = List.of(
            "\"organisationId\":\"mes\",\"serviceId\":\"northshire-membership\"",
            "\"organisationId\":\"ecs\",\"serviceId\":\"ecs-website\"",
            "\"organisationId\":\"me-group-25\",\"serviceId\":\"me-group-membership\"",
            "\"organisationId\":\"rip\",\"serviceId\":\"rip-website\",\"relationship\":\"public-account\"");

    /** The header of the table whose rows {@link Results#rows()} are. */
    static final String TABLE_HEADER = Phase.TABLE_HEADER;
    /** The target for both measures at 1,000 req/s. */
    static final double TARGET_P99_MS = 500;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PipelineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkSupport.quietKafkaClients();
        List<Integer> rates = Arrays.stream((args.length > 0 ? args[0] : "200,1000").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
        Duration load = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 60);
        Duration drain = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 120);
        Duration warmup = Duration.ofSeconds(args.length > 3 ? Long.parseLong(args[3]) : 10);
        Results results = run(rates, load, drain, warmup);
        System.out.printf("%nPipelineBenchmark (%d cores; load average %s at the start, %s at the end; %.1f s of CPU in the"
                + " benchmark's own JVM: load generator, witness consumer, lag sampling)%n%n%s%n%s%n%s%n",
                Runtime.getRuntime().availableProcessors(), results.loadBefore(), results.loadAfter(),
                BenchmarkSupport.processCpuNanos() / 1e9, Phase.TABLE_HEADER, String.join("\n", results.rows()),
                String.join("\n", results.targets()));
        System.exit(0);
    }

    /**
     * One steady rate's figures: offered and achieved req/s, the 202s, the 202's p50/p99, p99 of all tasks dispatched
     * and of audit entries written after the 202 (ms, NaN when none got there), the accepted requests that did not
     * get there in the drain window, whether every group's lag stayed bounded ({@code yes}, {@code no} or
     * {@code too short to tell}), the peak lag and its group, and the standalone's CPU ms per accepted request.
     */
    record Outcome(int rate, double achieved, int accepted, double p50Accepted, double p99Accepted, double p99Dispatched,
            double p99Audited, long notDispatched, long notAudited, String lagBounded, long peakLag, String peakGroup,
            double cpuMsPerRequest) {
    }

    /** Every rate's outcome, its markdown row and target line, and the load average at the start and the end. */
    record Results(List<Outcome> outcomes, List<String> rows, List<String> targets, String loadBefore, String loadAfter) {
    }

    /**
     * Starts the standalone in a JVM of its own, runs the warm-up and then each rate, stops the standalone; prints
     * as it goes and returns every rate's figures. {@code -Dbenchmark.jvmOptions}, {@code -Dbenchmark.lagSampleSeconds}
     * and {@code -Dbenchmark.keepData} apply.
     */
    static Results run(List<Integer> rates, Duration load, Duration drain, Duration warmup) throws Exception {
        Duration sampleEvery = Duration.ofSeconds(Long.getLong("benchmark.lagSampleSeconds", 3));
        String loadBefore = BenchmarkSupport.loadAverage();
        Path dataDir = Files.createTempDirectory("rightsflow-pipeline-benchmark");
        Map<String, String> env = new HashMap<>();
        env.put("RIGHTSFLOW_INTAKE_RATELIMITPERMINUTE", "100000000");
        List<String> jvmOptions = BenchmarkSupport.childJvmOptions();
        System.out.printf("PipelineBenchmark: rates %s req/s, %d s each after a %d s warm-up, drain window %d s, lag every %d s;"
                + " child JVM options %s; demo vendors %s; vendor calls per second per lane %s; data and the child's log in %s%n",
                rates, load.toSeconds(), warmup.toSeconds(), drain.toSeconds(), sampleEvery.toSeconds(),
                jvmOptions.isEmpty() ? "none (the JVM's defaults)" : jvmOptions,
                System.getenv().getOrDefault("RIGHTSFLOW_DEMO_VENDORS", "true"),
                System.getenv().getOrDefault("RIGHTSFLOW_CONNECTORS_RUNNER_CALLSPERSECOND", "the product's default"), dataDir);
        List<String> rows = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        try (ChildStandalone system = new ChildStandalone(dataDir, env, jvmOptions)) {
            long started = System.nanoTime();
            system.start();
            system.awaitReady(Duration.ofMinutes(30));
            System.out.printf("standalone ready %.1f s after its JVM started (load average %s)%n",
                    (System.nanoTime() - started) / 1e9, BenchmarkSupport.loadAverage());
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            URI uri = URI.create(system.baseUrl() + "/api/v1/requests");
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", system.kafkaBootstrap()));
                    Observer observer = new Observer(system.kafkaBootstrap());
                    LagSampler lag = new LagSampler(admin, sampleEvery)) {
                if (!warmup.isZero()) {
                    Phase phase = new Phase("warm-up", rates.get(0), warmup);
                    phase.run(http, uri, system);
                    phase.drain(observer, lag, drain, sampleEvery, system);
                    System.out.printf("warm-up done: %d requests at %d req/s (not counted)%n", phase.n, phase.rate);
                }
                for (int rate : rates) {
                    Phase phase = new Phase(rate + " req/s", rate, load);
                    phase.run(http, uri, system);
                    phase.drain(observer, lag, drain, sampleEvery, system);
                    outcomes.add(phase.report(observer, lag, rows, targets));
                }
            }
            // a clean stop, so that a JFR recording asked for in benchmark.jvmOptions is written
            long stopping = System.nanoTime();
            try {
                System.out.printf("%nstopped the standalone (SIGTERM): exit code %d after %.1f s%n", system.terminate(),
                        (System.nanoTime() - stopping) / 1e9);
            } catch (AssertionError e) {
                System.out.printf("%n%s; killed it (a JFR recording is not written then)%n", e.getMessage());
            }
        }
        if (Boolean.getBoolean("benchmark.keepData")) {
            System.out.printf("data kept in %s%n", dataDir);
        } else {
            removeAllButLogs(dataDir);
            System.out.printf("the child's logs are in %s (its Kafka log and store removed; -Dbenchmark.keepData=true keeps"
                    + " them)%n", dataDir);
        }
        return new Results(outcomes, rows, targets, loadBefore, BenchmarkSupport.loadAverage());
    }

    /** Removes the broker's log and the store's files (gigabytes after a long run), keeping the child's logs. */
    private static void removeAllButLogs(Path dataDir) throws java.io.IOException {
        try (var paths = Files.walk(dataDir)) {
            for (Path p : paths.sorted(Collections.reverseOrder()).toList()) {
                boolean log = dataDir.equals(p.getParent()) && p.getFileName().toString().startsWith("standalone-");
                if (!log && !p.equals(dataDir)) {
                    Files.delete(p);
                }
            }
        }
    }

    /** One steady rate for a while: what was sent, what was answered, and what became of it. */
    private static final class Phase {

        static final String TABLE_HEADER = """
                | offered req/s | achieved req/s | 202s (other answers) | 202 p50 / p99 ms | first task dispatched p50 / p99 / max ms \
                | all tasks dispatched p50 / p99 / max ms | audit entries written p50 / p99 / max ms \
                | not there in the drain window: dispatched / audited | peak lag in the load (group) | lag bounded \
                | lag drained after the load | standalone CPU ms per request |
                |---|---|---|---|---|---|---|---|---|---|---|---|""";

        final String name;
        final int rate;
        final int n;
        final Duration duration;
        final long[] answeredAtMillis;
        final long[] latencyNanos;
        final int[] status;
        final String[] requestIds;
        /** Requests that got no answer, by the exception's type (a timeout after 60 s, a refused connection). */
        final Map<String, Integer> errors = new ConcurrentHashMap<>();
        long startNanos;
        long endNanos;
        long answeredNanos;
        long drainedNanos = -1;
        long allThereNanos = -1;
        Duration cpuBefore;
        Duration cpuAfter;

        Phase(String name, int rate, Duration duration) {
            this.name = name;
            this.rate = rate;
            this.duration = duration;
            this.n = (int) (rate * duration.toSeconds());
            this.answeredAtMillis = new long[n];
            this.latencyNanos = new long[n];
            this.status = new int[n];
            this.requestIds = new String[n];
        }

        /** Sends {@code n} requests at fixed intervals, then waits for the answers still outstanding. */
        void run(HttpClient http, URI uri, ChildStandalone system) throws InterruptedException {
            System.out.printf("%n%s: %,d requests over %d s (open loop)%n", name, n, duration.toSeconds());
            cpuBefore = system.cpuTime();
            String run = Long.toString(System.currentTimeMillis(), 36);
            OpenLoop.Sent sent = OpenLoop.send(http, rate, n, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50), k -> {
                String body = "{\"right\":\"erasure\"," + SCENARIOS.get(k % SCENARIOS.size())
                        + ",\"subject\":{\"name\":\"Bench Person " + k + "\",\"email\":\"bench." + run + "." + rate + "." + k
                        + "@example.org\"}}";
                return HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
            }, (k, due, response, error) -> {
                latencyNanos[k] = System.nanoTime() - due;
                answeredAtMillis[k] = System.currentTimeMillis();
                status[k] = error != null ? -1 : response.statusCode();
                if (error != null) {
                    Throwable cause = error.getCause() != null ? error.getCause() : error;
                    errors.merge(cause.getClass().getSimpleName(), 1, Integer::sum);
                }
                if (status[k] == 202) {
                    requestIds[k] = JSON.readTree(response.body()).path("requestId").asText();
                }
            });
            if (sent.unanswered() > 0) {
                System.out.printf("  %d requests had no answer 90 s after the last was sent%n", sent.unanswered());
            }
            startNanos = sent.startNanos();
            endNanos = sent.endNanos();
            answeredNanos = sent.answeredNanos();
        }

        /** Rate at which requests were actually sent. */
        double achievedRate() {
            return n / ((endNanos - startNanos) / 1e9 + 1.0 / rate);
        }

        /**
         * Waits, sampling the lag, until every accepted request has its tasks dispatched and its audit entries
         * written and every group is at zero lag after the last answer (before it, intake may not have published
         * everything yet), or the drain window after the last answer ends.
         */
        void drain(Observer observer, LagSampler lag, Duration window, Duration sampleEvery, ChildStandalone system)
                throws InterruptedException {
            long until = answeredNanos + window.toNanos();
            while (System.nanoTime() < until && (allThereNanos < 0 || drainedNanos < 0)) {
                TimeUnit.NANOSECONDS.sleep(Math.min(sampleEvery.toNanos(), Math.max(0, until - System.nanoTime())));
                if (allThereNanos < 0 && missing(observer, Progress::auditedAt) == 0) {
                    allThereNanos = System.nanoTime();
                }
                drainedNanos = lag.firstAtZeroAfter(answeredNanos);
            }
            cpuAfter = system.cpuTime();
        }

        int accepted() {
            return (int) Arrays.stream(status).filter(s -> s == 202).count();
        }

        /** Accepted requests for which {@code when} has no time yet. */
        long missing(Observer observer, java.util.function.ToLongFunction<Progress> when) {
            long missing = 0;
            for (int k = 0; k < n; k++) {
                if (requestIds[k] != null && when.applyAsLong(observer.progress(requestIds[k])) < 0) {
                    missing++;
                }
            }
            return missing;
        }

        /** {@code when} minus the 202's time, for every accepted request that has one. */
        Latencies afterAccepted(Observer observer, java.util.function.ToLongFunction<Progress> when) {
            Latencies latencies = new Latencies();
            for (int k = 0; k < n; k++) {
                if (requestIds[k] != null) {
                    long at = when.applyAsLong(observer.progress(requestIds[k]));
                    if (at >= 0) {
                        latencies.add(TimeUnit.MILLISECONDS.toNanos(at - answeredAtMillis[k]));
                    }
                }
            }
            return latencies;
        }

        Outcome report(Observer observer, LagSampler lag, List<String> rows, List<String> targets) {
            int accepted = accepted();
            Latencies answered = new Latencies();
            Map<Integer, Integer> others = new TreeMap<>();
            for (int k = 0; k < n; k++) {
                if (status[k] == 202) {
                    answered.add(latencyNanos[k]);
                } else {
                    others.merge(status[k], 1, Integer::sum);
                }
            }
            Latencies first = afterAccepted(observer, Progress::firstDispatchedAt);
            Latencies all = afterAccepted(observer, Progress::allDispatchedAt);
            Latencies audited = afterAccepted(observer, Progress::auditedAt);
            long notDispatched = missing(observer, Progress::allDispatchedAt);
            long notAudited = missing(observer, Progress::auditedAt);
            // the load on the pipeline lasts until the last request was answered (published)
            SortedMap<String, Long> peak = lag.peakBetween(startNanos, answeredNanos);
            SortedMap<String, String> bounded = lag.boundedBetween(startNanos, answeredNanos, rate);
            String allBounded = bounded.values().stream().anyMatch(b -> b.startsWith("no")) ? "no"
                    : bounded.values().stream().anyMatch(b -> b.startsWith("too short")) ? "too short to tell" : "yes";
            Map.Entry<String, Long> worst = peak.entrySet().stream().max(Map.Entry.comparingByValue()).orElse(Map.entry("none", 0L));
            String drained = drainedNanos < 0 ? "not within the drain window (lag " + String.format("%,d", lag.lastTotal()) + ")"
                    : String.format("%.1f s", (drainedNanos - endNanos) / 1e9);
            double cpuPerRequest = accepted == 0 ? Double.NaN : cpuAfter.minus(cpuBefore).toNanos() / 1e6 / accepted;

            System.out.printf("%s: sent %,d at %.1f req/s, the last answer %.1f s after the last was sent; answers: %,d × 202,"
                    + " others %s (-1: no answer, %s; 0: none within 90 s of the last send); 202 p50 %s, p99 %s, max %s ms%n",
                    name, n, achievedRate(), (answeredNanos - endNanos) / 1e9, accepted, others.isEmpty() ? "none" : others,
                    errors.isEmpty() ? "none" : errors, ms(answered.percentileMillis(0.5)),
                    ms(answered.percentileMillis(0.99)), ms(answered.maxMillis()));
            System.out.printf("  after the 202 (ms): first task dispatched %s; all tasks dispatched %s; audit entries written %s%n",
                    triple(first), triple(all), triple(audited));
            System.out.printf("  not there within the drain window: %,d not all dispatched, %,d not all audited; %s%n",
                    notDispatched, notAudited, allThereNanos < 0 ? "not every request got there"
                            : String.format("every request there %.1f s after the load", (allThereNanos - endNanos) / 1e9));
            System.out.printf("  the witness consumer has read %s%n", observer.seen());
            System.out.printf("  per scenario (202s / all tasks dispatched / audited): %s%n", perScenario(observer));
            System.out.printf("  lag per group (peak during the load; bounded): %s%n", lag.describe(peak, bounded));
            System.out.printf("  lag drained (every group at 0) %s after the load; standalone CPU %.1f ms per accepted request"
                    + " (load and drain)%n", drained, cpuPerRequest);

            rows.add(String.format("| %,d | %,.1f | %,d (%s) | %s / %s | %s | %s | %s | %,d / %,d | %,d (%s) | %s | %s | %.1f |",
                    rate, achievedRate(), accepted, others.isEmpty() ? "none" : others, ms(answered.percentileMillis(0.5)),
                    ms(answered.percentileMillis(0.99)), triple(first), triple(all), triple(audited), notDispatched, notAudited,
                    worst.getValue(), worst.getKey(), allBounded, drained, cpuPerRequest));
            targets.add(String.format("%s: p99 all tasks dispatched %s ms (%s of the 500 ms target), p99 audit entries written"
                    + " %s ms (%s), lag bounded: %s%s", name, ms(all.percentileMillis(0.99)), ratio(all), ms(audited.percentileMillis(0.99)),
                    ratio(audited), allBounded, notDispatched + notAudited > 0 ? "; requests that never got"
                    + " there count as misses" : ""));
            return new Outcome(rate, achievedRate(), accepted, answered.percentileMillis(0.5), answered.percentileMillis(0.99),
                    all.percentileMillis(0.99), audited.percentileMillis(0.99), notDispatched, notAudited, allBounded,
                    worst.getValue(), worst.getKey(), cpuPerRequest);
        }

        private String perScenario(Observer observer) {
            int[][] counts = new int[SCENARIOS.size()][3];
            for (int k = 0; k < n; k++) {
                if (requestIds[k] != null) {
                    Progress p = observer.progress(requestIds[k]);
                    int[] c = counts[k % SCENARIOS.size()];
                    c[0]++;
                    c[1] += p.allDispatchedAt() >= 0 ? 1 : 0;
                    c[2] += p.auditedAt() >= 0 ? 1 : 0;
                }
            }
            List<String> parts = new ArrayList<>();
            for (int s = 0; s < SCENARIOS.size(); s++) {
                parts.add(SCENARIOS.get(s).replaceAll("\"[a-zA-Z]+\":", "").replace("\"", "") + " " + counts[s][0] + " / "
                        + counts[s][1] + " / " + counts[s][2]);
            }
            return String.join("; ", parts);
        }

        private static String triple(Latencies l) {
            return ms(l.percentileMillis(0.5)) + " / " + ms(l.percentileMillis(0.99)) + " / " + ms(l.maxMillis());
        }

        private static String ratio(Latencies l) {
            double p99 = l.percentileMillis(0.99);
            return Double.isNaN(p99) ? "none got there" : String.format("%.2f×", p99 / TARGET_P99_MS);
        }

        private static String ms(double millis) {
            return Double.isNaN(millis) ? "-" : String.format("%,.0f", millis);
        }
    }

    /**
     * Where one request has got to, from the witness consumer's records: Kafka timestamps in epoch ms (each set by
     * the service that published the record), -1 while not there yet.
     */
    static final class Progress {

        private final Map<String, Long> dispatched = new HashMap<>();
        private final Map<String, Long> audited = new HashMap<>();
        private String planEventId;
        private int plannedTasks = -1;
        private long plannedAt = -1;

        synchronized void dispatched(String eventId, long at) {
            dispatched.putIfAbsent(eventId, at);
        }

        synchronized void planned(String eventId, int tasks, long at) {
            if (planEventId == null) {
                planEventId = eventId;
                plannedTasks = tasks;
                plannedAt = at;
            }
        }

        synchronized void audited(String sourceEventId, long at) {
            audited.putIfAbsent(sourceEventId, at);
        }

        synchronized long firstDispatchedAt() {
            return dispatched.values().stream().mapToLong(Long::longValue).min().orElse(-1);
        }

        /** When the plan's last task was dispatched, once the plan and all of its tasks were seen. */
        synchronized long allDispatchedAt() {
            if (plannedTasks < 0 || dispatched.size() < plannedTasks) {
                return -1;
            }
            return Math.max(plannedAt, dispatched.values().stream().mapToLong(Long::longValue).max().orElse(-1));
        }

        /** When the last of the audit entries for the plan and for each of its dispatched tasks was witnessed. */
        synchronized long auditedAt() {
            if (allDispatchedAt() < 0 || !audited.containsKey(planEventId) || !audited.keySet().containsAll(dispatched.keySet())) {
                return -1;
            }
            long last = audited.get(planEventId);
            for (String eventId : dispatched.keySet()) {
                last = Math.max(last, audited.get(eventId));
            }
            return last;
        }
    }

    /**
     * Reads the tasks, cases and audit topics from their ends at the moment it starts, on a thread of its own,
     * without a consumer group (nothing committed, no service's lag changed), into a {@link Progress} per request.
     */
    static final class Observer implements AutoCloseable {

        private static final Progress NOWHERE = new Progress();
        private final Map<String, Progress> progress = new ConcurrentHashMap<>();
        private final KafkaConsumer<String, SpecificRecord> consumer;
        private final Thread thread;
        private volatile boolean running = true;
        private final java.util.concurrent.atomic.AtomicLongArray seen = new java.util.concurrent.atomic.AtomicLongArray(4);

        Observer(String bootstrap) {
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                    new StringDeserializer(), new EventDeserializer());
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.TASKS, Topics.CASES, Topics.AUDIT)) {
                for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                    partitions.add(new TopicPartition(p.topic(), p.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(p -> consumer.position(p, Duration.ofSeconds(30)));
            thread = new Thread(this::run, "pipeline-benchmark-witness");
            thread.setDaemon(true);
            thread.start();
        }

        Progress progress(String requestId) {
            return progress.getOrDefault(requestId, NOWHERE);
        }

        private void run() {
            try {
                while (running) {
                    for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(200))) {
                        note(record.value(), record.timestamp());
                    }
                }
            } catch (WakeupException e) {
                // closing
            } finally {
                consumer.close();
            }
        }

        /** What it has read so far, to tell a pipeline that is slow from a witness that reads nothing. */
        String seen() {
            return String.format("%,d TaskDispatched, %,d CasePlanned, %,d audit witnesses (%,d of plans and tasks)",
                    seen.get(0), seen.get(1), seen.get(2), seen.get(3));
        }

        private void note(SpecificRecord event, long at) {
            if (event instanceof AuditEntryAppended) {
                seen.incrementAndGet(2);
            }
            if (event instanceof TaskDispatched d) {
                seen.incrementAndGet(0);
                progress.computeIfAbsent(d.getRequestId(), id -> new Progress()).dispatched(d.getEventId(), at);
            } else if (event instanceof CasePlanned p) {
                seen.incrementAndGet(1);
                progress.computeIfAbsent(p.getRequestId(), id -> new Progress()).planned(p.getEventId(), p.getTasks().size(), at);
            } else if (event instanceof AuditEntryAppended a
                    && ("CasePlanned".equals(a.getSourceEventType()) || "TaskDispatched".equals(a.getSourceEventType()))) {
                seen.incrementAndGet(3);
                progress.computeIfAbsent(a.getRequestId(), id -> new Progress()).audited(a.getSourceEventId(), at);
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            consumer.wakeup();
            thread.join(10_000);
        }
    }

    /** Every group's lag, sampled on a thread of its own with a fixed pause between samples, printed as each is taken. */
    static final class LagSampler implements AutoCloseable {

        private record Sample(long nanos, SortedMap<String, Long> byGroup) {
            long total() {
                return byGroup.values().stream().mapToLong(Long::longValue).sum();
            }
        }

        private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
        private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pipeline-benchmark-lag");
            t.setDaemon(true);
            return t;
        });
        private final long startNanos = System.nanoTime();

        LagSampler(Admin admin, Duration every) {
            scheduler.scheduleWithFixedDelay(() -> {
                try {
                    Sample s = new Sample(System.nanoTime(), BenchmarkSupport.groupLag(admin).byGroup());
                    samples.add(s);
                    StringBuilder line = new StringBuilder(String.format("  %6.0f s  lag %,9d", (s.nanos() - startNanos) / 1e9, s.total()));
                    s.byGroup().forEach((group, lag) -> {
                        if (lag > 0) {
                            line.append(String.format("  %s %,d", group, lag));
                        }
                    });
                    System.out.println(line);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Exception e) {
                    System.out.println("  lag not sampled: " + e);
                }
            }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        }

        private List<Sample> between(long from, long to) {
            synchronized (samples) {
                return samples.stream().filter(s -> s.nanos() >= from && s.nanos() <= to).toList();
            }
        }

        /** The first sample after {@code after} at which every group had consumed everything, or -1. */
        long firstAtZeroAfter(long after) {
            synchronized (samples) {
                return samples.stream().filter(s -> s.nanos() > after && s.total() == 0).mapToLong(Sample::nanos).findFirst().orElse(-1);
            }
        }

        long lastTotal() {
            synchronized (samples) {
                return samples.isEmpty() ? 0 : samples.get(samples.size() - 1).total();
            }
        }

        SortedMap<String, Long> peakBetween(long from, long to) {
            SortedMap<String, Long> peak = new TreeMap<>();
            for (Sample s : between(from, to)) {
                s.byGroup().forEach((group, lag) -> peak.merge(group, lag, Math::max));
            }
            return peak;
        }

        /**
         * Per group, whether its lag stayed bounded over the load: its peak in the last quarter of the load is at
         * most 1.5 times its peak in the second quarter plus one second of offered requests (a lag that grows
         * steadily from nothing doubles between the two; one that holds a level does not), and its growth over the
         * second half (least squares, records a second, printed beside) is at most a tenth of the offered rate (a
         * backlog left by an earlier phase that still grows is not bounded either).
         */
        SortedMap<String, String> boundedBetween(long from, long to, int rate) {
            long quarter = (to - from) / 4;
            List<Sample> second = between(from + quarter, from + 2 * quarter);
            List<Sample> last = between(from + 3 * quarter, to);
            List<Sample> secondHalf = between(from + 2 * quarter, to);
            SortedMap<String, String> bounded = new TreeMap<>();
            for (String group : peakBetween(from, to).keySet()) {
                if (second.isEmpty() || last.isEmpty()) {
                    bounded.put(group, "too short to tell");
                    continue;
                }
                long peakSecond = second.stream().mapToLong(s -> s.byGroup().getOrDefault(group, 0L)).max().orElse(0);
                long peakLast = last.stream().mapToLong(s -> s.byGroup().getOrDefault(group, 0L)).max().orElse(0);
                double growth = slope(secondHalf, group);
                boolean yes = peakLast <= 1.5 * peakSecond + rate && growth <= rate / 10.0;
                bounded.put(group, String.format("%s, %+,.0f/s", yes ? "yes" : "no", growth));
            }
            return bounded;
        }

        private static double slope(List<Sample> samples, String group) {
            if (samples.size() < 2) {
                return 0;
            }
            double n = samples.size();
            double sx = 0;
            double sy = 0;
            double sxx = 0;
            double sxy = 0;
            for (Sample s : samples) {
                double x = (s.nanos() - samples.get(0).nanos()) / 1e9;
                double y = s.byGroup().getOrDefault(group, 0L);
                sx += x;
                sy += y;
                sxx += x * x;
                sxy += x * y;
            }
            double denominator = n * sxx - sx * sx;
            return denominator == 0 ? 0 : (n * sxy - sx * sy) / denominator;
        }

        String describe(SortedMap<String, Long> peak, SortedMap<String, String> bounded) {
            List<String> parts = new ArrayList<>();
            peak.forEach((group, lag) -> parts.add(String.format("%s %,d (%s)", group, lag, bounded.get(group))));
            return String.join("; ", parts);
        }

        @Override
        public void close() {
            scheduler.shutdownNow();
        }
    }
}
