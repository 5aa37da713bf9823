package dev.rightsflow.router;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.avro.specific.SpecificRecord;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import de.bwaldvogel.mongo.MongoServer;

import dev.rightsflow.router.cases.application.CaseService;
import dev.rightsflow.router.cases.kafka.CaseEventAvro;
import dev.rightsflow.router.cases.model.CaseState;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.ActorType;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.TaskCompleted;
import dev.rightsflow.schemas.state.ProjectionState;
import dev.rightsflow.schemas.testing.BenchmarkSupport;
import dev.rightsflow.schemas.testing.InProcessMongo;
import dev.rightsflow.schemas.testing.SampleEvents;

/**
 * How fast the router folds its inputs one record at a time against a poll at a time, back to back
 * in one run (a main class, not a test): starts the router alone in this JVM against an embedded
 * Kafka broker and the in-process MongoDB-wire server, waits until it is ready, then hands its
 * {@link CaseService} the same kind of work in both modes, each on requests of its own:
 * <ul>
 *   <li>live: N erasure requests to MES (each resolved, opened, accepted, planned with four tasks and
 *       their dispatches: about ten outputs each), then every task's completion (the last one makes the
 *       case ready to answer) — one at a time as {@code handle} (each output awaited), or in batches of
 *       500 (a poll's worth) as {@code handleAll} (the sends awaited together);</li>
 *   <li>catching up: N requests folded without deciding, as {@code project} or {@code projectAll}.</li>
 * </ul>
 * The listeners bypassed here add the same poll and decoding cost to both modes. Prints records/s per
 * mode and the load average before and after each (the machine may be shared: a direction, not a capacity).
 *
 * <p>Run on the reactor's classes (router/README.md, "Folding in batches", has the command), with the number of
 * requests per mode as its argument (default 2000).
 */
public final class RouterFoldBenchmark {

    private static final int POLL = 500;

    private RouterFoldBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length == 0 ? 2000 : Integer.parseInt(args[0]);
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 1);
        kafka.afterPropertiesSet();
        MongoServer mongo = InProcessMongo.start();
        Path data = Files.createTempDirectory("rightsflow-router-fold-benchmark");
        String[] settings = Map.of("server.port", "0", "spring.mongodb.uri", InProcessMongo.uri(mongo),
                "rightsflow.kafka.bootstrap-servers", kafka.getBrokersAsString(), "rightsflow.demo", "true",
                "rightsflow.router.risk-check-interval", "0s", "rightsflow.router.retention-check-interval", "0s",
                "rightsflow.router.webhook-interval", "0s", "rightsflow.data-dir", data.toString(),
                "logging.level.root", "WARN").entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        try (ConfigurableApplicationContext context = new SpringApplication(RouterApplication.class).run(settings)) {
            org.awaitility.Awaitility.await("router caught up").atMost(Duration.ofMinutes(5))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> context.getBean("routerProjectionState", ProjectionState.class).ready());
            CaseService cases = context.getBean("routerCaseService", CaseService.class);
            @SuppressWarnings("unchecked")
            KafkaTemplate<String, Object> template = context.getBean("routerKafkaTemplate", KafkaTemplate.class);

            // a warm-up of each mode, not counted
            // the listener's mapping of each record to the case's input is part of the work measured
            CaseEventAvro avro = context.getBean("routerCaseEventAvro", CaseEventAvro.class);
            live(cases, requests("warm-record", 100), events -> events.forEach(e -> cases.handle(avro.input(e))));
            live(cases, requests("warm-batch", 100),
                    events -> batches(events, b -> cases.handleAll(b.stream().map(avro::input).toList())));

            String[] recordLive = live(cases, requests("record", requests),
                    events -> events.forEach(e -> cases.handle(avro.input(e))));
            String[] batchLive = live(cases, requests("batch", requests),
                    events -> batches(events, b -> cases.handleAll(b.stream().map(avro::input).toList())));
            String[] recordFold = timed(requests("fold-record", requests),
                    events -> events.forEach(e -> cases.project(Topics.REQUESTS, avro.input(e))));
            String[] batchFold = timed(requests("fold-batch", requests), events -> batches(events,
                    b -> cases.projectAll(b.stream().map(e -> new CaseService.Input(Topics.REQUESTS, avro.input(e)))
                            .toList())));
            System.out.printf("RouterFoldBenchmark, %,d requests per mode (load average before / after):%n", requests);
            System.out.printf("  live, one record at a time:  %s%n", String.join(" ", recordLive));
            System.out.printf("  live, a poll at a time:      %s%n", String.join(" ", batchLive));
            System.out.printf("  catching up, one at a time:  %s%n", String.join(" ", recordFold));
            System.out.printf("  catching up, a poll at a time: %s%n", String.join(" ", batchFold));
            template.flush();
        } finally {
            mongo.shutdownNow();
            kafka.destroy();
        }
        System.exit(0);
    }

    /** Handles the requests, then every task's completion: records/s over both, and the load average. */
    private static String[] live(CaseService cases, List<SpecificRecord> requests, Consumer<List<SpecificRecord>> mode) {
        String load = BenchmarkSupport.loadAverage();
        long t0 = System.nanoTime();
        mode.accept(requests);
        long handled = System.nanoTime();
        List<SpecificRecord> results = new ArrayList<>();
        for (SpecificRecord request : requests) {
            String id = Events.requestId(request);
            CaseState c = cases.find(id).orElseThrow();
            c.tasks.values().forEach(t -> results.add(TaskCompleted.newBuilder()
                    .setEventId(Events.derivedId(t.taskId, "done")).setRequestId(id).setOccurredAt(Instant.now())
                    .setActor(new dev.rightsflow.schemas.avro.Actor(ActorType.SYSTEM, "connectors", null))
                    .setTaskId(t.taskId).setSystemId(t.systemId)
                    .setAction(dev.rightsflow.schemas.avro.TaskAction.valueOf(t.action.name()))
                    .setSubjectFound(true).setSummary("done").build()));
        }
        long t1 = System.nanoTime(); // the lookups above are not the router's work: left out
        mode.accept(results);
        double seconds = (System.nanoTime() - t1 + (handled - t0)) / 1e9;
        int ready = (int) requests.stream().map(Events::requestId)
                .filter(id -> cases.find(id).orElseThrow().status() == CaseState.Status.READY_TO_ANSWER).count();
        if (ready != requests.size()) {
            throw new IllegalStateException(ready + " of " + requests.size() + " cases ready to answer");
        }
        return new String[] {String.format("%,d records in %.1f s: %,.0f records/s", requests.size() + results.size(),
                seconds, (requests.size() + results.size()) / seconds), "(" + load + " / " + BenchmarkSupport.loadAverage() + ")"};
    }

    private static String[] timed(List<SpecificRecord> events, Consumer<List<SpecificRecord>> mode) {
        String load = BenchmarkSupport.loadAverage();
        long t0 = System.nanoTime();
        mode.accept(events);
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new String[] {String.format("%,d records in %.1f s: %,.0f records/s", events.size(), seconds,
                events.size() / seconds), "(" + load + " / " + BenchmarkSupport.loadAverage() + ")"};
    }

    private static void batches(List<SpecificRecord> events, Consumer<List<SpecificRecord>> batch) {
        for (int from = 0; from < events.size(); from += POLL) {
            batch.accept(events.subList(from, Math.min(events.size(), from + POLL)));
        }
    }

    private static List<SpecificRecord> requests(String prefix, int n) {
        List<SpecificRecord> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(SampleEvents.requestReceived("bench-" + prefix + "-" + i, Right.ERASURE, "mes",
                    "mes-corporate-website"));
        }
        return out;
    }
}
