package dev.rightsflow.standalone;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;

import dev.rightsflow.schemas.testing.BenchmarkSupport;

/**
 * Intake throughput against the physical limit of its own stack, in one run on one embedded broker
 * (a main class, not a test). Measures, one after the other:
 * <ol>
 *   <li>the raw {@code KafkaProducer} ({@code acks=all}, idempotent) with 8 and 32 sends in flight, with
 *       {@code linger.ms} 0 (what the services use) and 5 (the client's default), for half the measured time;</li>
 *   <li>the thinnest intake ({@link ThinIntake}: Jackson, {@code KafkaTemplate}, 202 after the ack);</li>
 *   <li>Rightsflow's {@code POST /api/v1/requests} in the standalone with its demo data, the public rate limit
 *       lifted through configuration ({@code --rightsflow.intake.rate-limit-per-minute=100000000}: one client
 *       address sends everything), with valid erasure requests to MES, each with its own email so none is a
 *       duplicate: first (A) with the whole pipeline consuming what intake accepts, as in use, then (B) with every
 *       listener container but intake's own paused (as the services' fold benchmarks publish paused), so the cores
 *       are intake's: B is intake's own ceiling, A what the standalone sustains on these cores; then B at 32 clients
 *       again with intake's producer at {@code linger.ms} 0 and 5 (the producer factory reset with the new setting);</li>
 * </ol>
 * both HTTP targets at 8, 32 and 128 concurrent clients (closed loop: each client sends its next request when
 * the answer came; java.net.http, HTTP/1.1 keep-alive), a warm-up then a measured window, and prints one table
 * with req/s, p50 and p99, the JVM's CPU time per accepted request (which a machine shared with other work
 * distorts far less than the rates) and both of Rightsflow's ratios to the thin intake. Everything shares the machine's cores
 * with the load generator and, for Rightsflow, with the other services consuming what intake published.
 * Run it as the root README's "Intake throughput" says; arguments {@code [measureSeconds] [warmupSeconds]}
 * (20 and 5).
 */
public final class IntakeBenchmark {

    static final List<Integer> CONCURRENCY = List.of(8, 32, 128);

    private IntakeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Duration measure = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 20);
        Duration warmup = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 5);
        int offered = args.length > 2 ? Integer.parseInt(args[2]) : OFFERED;
        Results results = run(measure, warmup, offered);
        System.out.printf("%nIntakeBenchmark (%d s measured after %d s warm-up per row; %d cores; load average %s before, %s after)%n%s",
                measure.toSeconds(), warmup.toSeconds(), Runtime.getRuntime().availableProcessors(), results.loadBefore(),
                results.loadAfter(), results.report());
        System.exit(0);
    }

    /** The rate offered open loop, at which the issue asks for intake's p99 (≤ 20 ms at 2,000 req/s). */
    static final int OFFERED = 2000;

    /**
     * Everything one run measured: the raw producer's best rate (msg/s, over its four rows), the thin intake, A (with
     * the pipeline) and B (intake alone) at {@link #CONCURRENCY}, the thin intake and B offered {@code offered} req/s
     * open loop, the JVM's idle CPU ms a second with B's listeners paused, the printed report, and the load average
     * before and after.
     */
    record Results(double rawRate, Result[] thin, Result[] withPipeline, Result[] intakeOnly, int offered, Result thinOffered,
            Result intakeOnlyOffered, double idleCpuMsPerSecond, String report, String loadBefore, String loadAfter) {
    }

    /**
     * Starts the standalone in this JVM and measures every row, one after the other (see the class's comment);
     * closes it at the end.
     */
    static Results run(Duration measure, Duration warmup, int offered) throws Exception {
        String loadBefore = BenchmarkSupport.loadAverage();
        Path dataDir = Files.createTempDirectory("rightsflow-intake-benchmark");
        StringBuilder report = new StringBuilder();
        double rawRate = 0;
        try (RunningSystem system = RunningSystem.start(dataDir, Map.of(),
                "--rightsflow.intake.rate-limit-per-minute=100000000")) {
            String bootstrap = system.context.getEnvironment().getProperty("rightsflow.kafka.bootstrap-servers");
            int rightsflowPort = Integer.parseInt(system.context.getEnvironment().getProperty("local.server.port"));
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.createTopics(List.of(new NewTopic(ThinIntake.TOPIC, 1, (short) 1), new NewTopic(RAW_TOPIC, 1, (short) 1)))
                        .all().get(30, TimeUnit.SECONDS);
            }
            report.append("raw KafkaProducer (acks=all, idempotent, ").append(PAYLOAD.length).append(" B records, 1 partition)\n");
            Duration rawWindow = measure.dividedBy(2);
            for (int lingerMs : List.of(0, 5)) {
                for (int inFlight : List.of(8, 32)) {
                    rawProducer(bootstrap, inFlight, lingerMs, warmup);
                    Result raw = rawProducer(bootstrap, inFlight, lingerMs, rawWindow);
                    rawRate = Math.max(rawRate, raw.rate());
                    report.append(String.format("  linger.ms %d, %3d in flight: %,8.0f msg/s, ack p50 %.2f ms, p99 %.2f ms,"
                            + " CPU %.3f ms/msg%n", lingerMs, inFlight, raw.rate(), raw.p50(), raw.p99(), raw.cpuMsPerRequest()));
                }
            }
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            Result[] thin = new Result[CONCURRENCY.size()];
            Result thinOffered;
            try (ConfigurableApplicationContext thinIntake = ThinIntake.start(bootstrap)) {
                URI uri = URI.create("http://127.0.0.1:" + ThinIntake.port(thinIntake) + "/requests");
                for (int i = 0; i < thin.length; i++) {
                    thin[i] = load(http, uri, CONCURRENCY.get(i), warmup, measure, "thin");
                }
                thinOffered = offer(http, uri, offered, warmup, measure, "thin-open");
            }
            URI rightsflow = URI.create("http://127.0.0.1:" + rightsflowPort + "/api/v1/requests");
            Result[] withPipeline = new Result[CONCURRENCY.size()];
            for (int i = 0; i < thin.length; i++) {
                withPipeline[i] = load(http, rightsflow, CONCURRENCY.get(i), warmup, measure, "rf" + i);
            }
            // intake's own ceiling: the other services stop consuming, so the cores are intake's (its own listeners,
            // which fold the status and the registry, keep running); paused after the rows above, so their backlog
            // waits rather than competing
            List<String> paused = pauseDownstream(system.context);
            // what the JVM burns with no request coming (the broker, the paused consumers' polls, intake's listeners
            // draining what A left them), so that B's CPU per request can be read above it
            Duration idleWindow = Duration.ofSeconds(5);
            long idleFrom = BenchmarkSupport.processCpuNanos();
            TimeUnit.NANOSECONDS.sleep(idleWindow.toNanos());
            double idleCpuMsPerSecond = (BenchmarkSupport.processCpuNanos() - idleFrom) / 1e6 / idleWindow.toSeconds();
            Result[] intakeOnly = new Result[CONCURRENCY.size()];
            for (int i = 0; i < thin.length; i++) {
                intakeOnly[i] = load(http, rightsflow, CONCURRENCY.get(i), warmup, measure, "rp" + i);
            }
            Result intakeOnlyOffered = offer(http, rightsflow, offered, warmup, measure, "ro");
            // the intake producer's batching, measured on intake alone: linger.ms as configured (2 by default), then 0 and 5
            List<String> lingerRows = new ArrayList<>();
            DefaultKafkaProducerFactory<?, ?> producers = (DefaultKafkaProducerFactory<?, ?>) system.context
                    .getBean("intakeKafkaTemplate", KafkaTemplate.class).getProducerFactory();
            for (int lingerMs : List.of(0, 5)) {
                producers.updateConfigs(Map.of(ProducerConfig.LINGER_MS_CONFIG, lingerMs));
                producers.reset();
                Result b = load(http, rightsflow, 32, warmup, measure, "rl" + lingerMs);
                lingerRows.add(String.format("  B at 32 clients, intake producer linger.ms %d: %,8.0f req/s, %.1f / %.1f ms,"
                        + " CPU %.2f ms/req (%d), %.1f %% of thin%n", lingerMs, b.rate(), b.p50(), b.p99(), b.cpuMsPerRequest(),
                        b.others(), 100 * b.rate() / thin[1].rate()));
            }
            report.append(String.format("%nA: Rightsflow POST /api/v1/requests with the whole pipeline consuming what it accepts"
                    + " (router, connectors, audit-log on the same cores)%nB: the same endpoint with the other services'"
                    + " listeners paused (%d containers: %s): intake's own ceiling%n", paused.size(), String.join(", ", paused)));
            report.append(String.format("idle, B's listeners paused: %.0f ms of CPU per second; B's CPU per request above it:"
                    + " %s ms at 8 / 32 / 128 clients%n", idleCpuMsPerSecond, String.join(" / ", java.util.Arrays.stream(intakeOnly)
                    .map(b -> String.format("%.2f", b.cpuMsPerRequest() - idleCpuMsPerSecond / b.rate())).toList())));
            report.append(String.format("%nconcurrency | thin intake: req/s, p50 / p99 ms, CPU ms/req | A with pipeline:"
                    + " req/s, p50 / p99 ms, CPU ms/req (non-202) | A/thin | B intake alone: req/s, p50 / p99 ms,"
                    + " CPU ms/req (non-202) | B/thin%n"));
            for (int i = 0; i < thin.length; i++) {
                Result a = withPipeline[i];
                Result b = intakeOnly[i];
                report.append(String.format("%11d | %,8.0f, %.1f / %.1f, %.2f | %,8.0f, %.1f / %.1f, %.2f (%d) | %.1f %% "
                                + "| %,8.0f, %.1f / %.1f, %.2f (%d) | %.1f %%%n",
                        CONCURRENCY.get(i), thin[i].rate(), thin[i].p50(), thin[i].p99(), thin[i].cpuMsPerRequest(),
                        a.rate(), a.p50(), a.p99(), a.cpuMsPerRequest(), a.others(), 100 * a.rate() / thin[i].rate(),
                        b.rate(), b.p50(), b.p99(), b.cpuMsPerRequest(), b.others(), 100 * b.rate() / thin[i].rate()));
            }
            report.append(String.format("%nthe intake producer's linger.ms (B's rows above: as configured, 2 by default)%n"));
            lingerRows.forEach(report::append);
            report.append(String.format("%n%,d req/s offered open loop (the latency counted from when each request was due):%n"
                    + "  thin intake: %,.0f req/s answered 202 (due in the window), p50 %.1f ms, p99 %.1f ms, CPU %.2f ms/req (%d other answers)%n"
                    + "  B intake alone: %,.0f req/s answered 202 (due in the window), p50 %.1f ms, p99 %.1f ms, CPU %.2f ms/req (%d other answers)%n",
                    offered, thinOffered.rate(), thinOffered.p50(), thinOffered.p99(), thinOffered.cpuMsPerRequest(),
                    thinOffered.others(), intakeOnlyOffered.rate(), intakeOnlyOffered.p50(), intakeOnlyOffered.p99(),
                    intakeOnlyOffered.cpuMsPerRequest(), intakeOnlyOffered.others()));
            return new Results(rawRate, thin, withPipeline, intakeOnly, offered, thinOffered, intakeOnlyOffered,
                    idleCpuMsPerSecond, report.toString(), loadBefore, BenchmarkSupport.loadAverage());
        }
    }

    /**
     * Pauses every listener container but intake's own ({@code intake-*}) and waits until each is paused; returns
     * their ids.
     */
    private static List<String> pauseDownstream(ConfigurableApplicationContext context) {
        List<MessageListenerContainer> downstream = context.getBean(KafkaListenerEndpointRegistry.class)
                .getAllListenerContainers().stream()
                .filter(c -> c.getListenerId() == null || !c.getListenerId().startsWith("intake-")).toList();
        downstream.forEach(MessageListenerContainer::pause);
        Awaitility.await("downstream listeners paused").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> downstream.stream().allMatch(c -> !c.isRunning() || c.isContainerPaused()));
        return downstream.stream().map(MessageListenerContainer::getListenerId).sorted().toList();
    }

    private static final String RAW_TOPIC = "benchmark-raw-producer";
    /** A valid erasure request to MES, its email made of the run's tag and the request's number: never a duplicate. */
    private static final java.util.function.BiFunction<String, Long, String> BODY = (tag, n) -> """
            {"right":"erasure","organisationId":"mes","serviceId":"northshire-membership",
             "subject":{"name":"Bench Member %d","email":"bench.%s.%d@example.org"}}""".formatted(n, tag, n);
    private static final byte[] PAYLOAD = """
            {"right":"erasure","organisationId":"mes","serviceId":"northshire-membership",\
            "subject":{"name":"Bench Member 123456","email":"bench.member.123456@example.org"}}""".getBytes();

    /**
     * Requests/s (or acks/s) completed in the window, their latency percentiles in ms, answers other than 202, and
     * the CPU time of the whole JVM (load generator, broker, every service) per request answered 202 in the window.
     */
    record Result(double rate, double p50, double p99, long others, double cpuMsPerRequest) {
    }

    private static Result rawProducer(String bootstrap, int inFlight, int lingerMs, Duration window) throws InterruptedException {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, lingerMs),
                new StringSerializer(), new ByteArraySerializer())) {
            Semaphore slots = new Semaphore(inFlight);
            Latencies latencies = new Latencies();
            long cpu = BenchmarkSupport.processCpuNanos();
            long end = System.nanoTime() + window.toNanos();
            long start = System.nanoTime();
            long n = 0;
            while (System.nanoTime() < end) {
                slots.acquire();
                long t = System.nanoTime();
                producer.send(new ProducerRecord<>(RAW_TOPIC, Long.toString(n++), PAYLOAD), (metadata, e) -> {
                    latencies.add(System.nanoTime() - t);
                    slots.release();
                });
            }
            slots.acquire(inFlight);
            return result(latencies, (System.nanoTime() - start) / 1e9, 0, BenchmarkSupport.processCpuNanos() - cpu);
        }
    }

    /** Closed-loop load: {@code concurrency} clients, each sending its next request when its answer came. */
    private static Result load(HttpClient http, URI uri, int concurrency, Duration warmup, Duration window, String run)
            throws InterruptedException {
        AtomicLong sequence = new AtomicLong();
        String tag = run + "." + System.nanoTime() % 1_000_000;
        LongFunction<String> body = n -> BODY.apply(tag, n);
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long measureTo = measureFrom + window.toNanos();
        Latencies latencies = new Latencies();
        AtomicLong others = new AtomicLong();
        CountDownLatch done = new CountDownLatch(concurrency);
        for (int c = 0; c < concurrency; c++) {
            new Client(http, uri, body, sequence, measureFrom, measureTo, latencies, others, done).next();
        }
        TimeUnit.NANOSECONDS.sleep(measureFrom - System.nanoTime());
        long cpu = BenchmarkSupport.processCpuNanos();
        TimeUnit.NANOSECONDS.sleep(measureTo - System.nanoTime());
        long cpuUsed = BenchmarkSupport.processCpuNanos() - cpu;
        if (!done.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("clients did not finish");
        }
        return result(latencies, window.toNanos() / 1e9, others.get(), cpuUsed);
    }

    /**
     * Open-loop load ({@link OpenLoop}): {@code rate} requests a second for the warm-up and the window; counts the
     * requests due within the window, their latency from when each was due.
     */
    private static Result offer(HttpClient http, URI uri, int rate, Duration warmup, Duration window, String run)
            throws InterruptedException {
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        long measureFrom = start + warmup.toNanos();
        long measureTo = measureFrom + window.toNanos();
        int n = (int) (rate * (warmup.toNanos() + window.toNanos()) / 1_000_000_000L);
        Latencies latencies = new Latencies();
        AtomicLong others = new AtomicLong();
        long[] cpu = {-1, -1};
        String tag = run + "." + System.nanoTime() % 1_000_000;
        OpenLoop.Sent sent = OpenLoop.send(http, rate, n, start, k -> {
            // the CPU window opens and closes with the first and last request due in it
            long due = start + (long) (k * 1e9 / rate);
            if (cpu[0] < 0 && due >= measureFrom) {
                cpu[0] = BenchmarkSupport.processCpuNanos();
            }
            return HttpRequest.newBuilder(uri).header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(BODY.apply(tag, (long) k))).build();
        }, (k, due, response, error) -> {
            if (due >= measureFrom && due < measureTo) {
                if (error == null && response.statusCode() == 202) {
                    latencies.add(System.nanoTime() - due);
                } else {
                    others.incrementAndGet();
                }
            }
        });
        cpu[1] = BenchmarkSupport.processCpuNanos();
        if (sent.unanswered() > 0) {
            others.addAndGet(sent.unanswered());
        }
        return result(latencies, window.toNanos() / 1e9, others.get(), cpu[0] < 0 ? 0 : cpu[1] - cpu[0]);
    }

    private record Client(HttpClient http, URI uri, LongFunction<String> body, AtomicLong sequence, long measureFrom,
            long measureTo, Latencies latencies, AtomicLong others, CountDownLatch done) {

        void next() {
            long start = System.nanoTime();
            // once the window closed, the clients stop: what is still in flight is awaited, not counted
            if (start >= measureTo) {
                done.countDown();
                return;
            }
            HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(body.apply(sequence.incrementAndGet()))).build();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                long end = System.nanoTime();
                if (end >= measureFrom && end <= measureTo) {
                    if (error == null && response.statusCode() == 202) {
                        latencies.add(end - start);
                    } else {
                        others.incrementAndGet();
                    }
                }
                next();
            });
        }
    }

    /** Rate, percentiles and CPU per request of the values a window collected. */
    private static Result result(Latencies latencies, double seconds, long others, long cpuNanos) {
        int n = latencies.count();
        return new Result(n / seconds, latencies.percentileMillis(0.50), latencies.percentileMillis(0.99), others,
                n == 0 ? Double.NaN : cpuNanos / 1e6 / n);
    }
}
