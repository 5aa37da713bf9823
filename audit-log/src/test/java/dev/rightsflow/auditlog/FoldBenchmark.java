package dev.rightsflow.auditlog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.avro.specific.SpecificRecord;
import org.bson.RawBsonDocument;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import com.mongodb.reactivestreams.client.MongoDatabase;

import de.bwaldvogel.mongo.MongoServer;
import reactor.core.publisher.Flux;

import dev.rightsflow.auditlog.kafka.FlowListeners;
import dev.rightsflow.auditlog.trail.mongo.MongoAuditStore;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.Division;
import dev.rightsflow.schemas.avro.PlannedTask;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.TaskAction;
import dev.rightsflow.schemas.avro.VerificationMethod;
import dev.rightsflow.schemas.kafka.Eventing;
import dev.rightsflow.schemas.kafka.KafkaSettings;
import dev.rightsflow.schemas.state.ProjectionState;
import dev.rightsflow.schemas.testing.BenchmarkSupport;
import dev.rightsflow.schemas.testing.InProcessMongo;

/**
 * How fast audit-log folds its flow live (a main class, not a test): starts audit-log alone in this
 * JVM against an embedded Kafka broker and the in-process MongoDB-wire server (as
 * {@link DashboardBenchmark} does), waits until it is ready, then publishes the flow of N requests as
 * the other services would (received, controller resolved, case opened, accepted, planned with two
 * tasks, both dispatched and completed, ready to answer, closed: 11 events a request, over the
 * requests, cases, tasks and task-results topics, interleaved across requests) while the flow listener
 * is paused, then resumes it and times until every event has its audit entry: the fold's own rate on a
 * backlog, as when audit-log catches up a lag, apart from how fast this one producer publishes. Prints
 * records/s, the process's CPU time in that window (per record: a figure that other engineers' builds on the
 * same cores disturb far less than the wall clock), the load average before and after (the machine may be
 * shared: a figure means little without it), and the BSON bytes the store holds per audit entry and per
 * request. A warm-up history of a fifth as many requests is folded first, untimed. With a second argument
 * {@code live} the history is published while the listener runs and timed from the first send.
 *
 * <pre>./mvnw -o -q -pl audit-log -am test-compile &amp;&amp; ./mvnw -o -q -pl audit-log exec:java \
 *     -Dexec.classpathScope=test -Dexec.mainClass=dev.rightsflow.auditlog.FoldBenchmark -Dexec.args="2000 [live]"</pre>
 */
public final class FoldBenchmark {

    private FoldBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length == 0 ? 2000 : Integer.parseInt(args[0]);
        boolean live = args.length > 1 && args[1].equals("live");
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 1);
        kafka.afterPropertiesSet();
        MongoServer mongo = InProcessMongo.start();
        Path data = Files.createTempDirectory("rightsflow-fold-benchmark");
        SpringApplication app = new SpringApplication(AuditLogApplication.class);
        String[] settings = Map.of("server.port", "0", "spring.mongodb.uri", InProcessMongo.uri(mongo),
                "rightsflow.kafka.bootstrap-servers", kafka.getBrokersAsString(), "rightsflow.demo", "true",
                "rightsflow.audit-log.alert-scan-interval", "1h", "rightsflow.audit-log.anchor-interval", "1h",
                "rightsflow.data-dir", data.toString(), "logging.level.root", "WARN",
                "spring.main.allow-bean-definition-overriding", "true")
                .entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        try (ConfigurableApplicationContext context = app.run(settings)) {
            org.awaitility.Awaitility.await("audit-log caught up").atMost(Duration.ofMinutes(5))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> context.getBeansOfType(ProjectionState.class).values().stream().allMatch(ProjectionState::ready));
            MongoAuditStore trail = context.getBean(MongoAuditStore.class);
            long before = trail.countEntries().block();
            KafkaTemplate<String, Object> template = Eventing.template(KafkaSettings.of(kafka.getBrokersAsString()),
                    "fold-benchmark");
            // a warm-up history first, folded live and not timed: a fresh JVM otherwise spends much of a short run
            // compiling (measured: the JIT's threads took 40 % of the process's CPU in the fold window of 1,000)
            int warmUp = Math.max(50, requests / 5);
            List<SpecificRecord> warm = interleaved("warm-up-", warmUp);
            publish(template, warm);
            long warmed = before + warm.size();
            org.awaitility.Awaitility.await("warm-up folded").atMost(Duration.ofHours(1))
                    .pollInterval(Duration.ofMillis(100)).until(() -> trail.countEntries().block() >= warmed);
            List<SpecificRecord> ordered = interleaved("fold-", requests);
            MessageListenerContainer flow = context.getBean(KafkaListenerEndpointRegistry.class)
                    .getListenerContainer(FlowListeners.FLOW_LISTENER);
            double published = 0;
            if (!live) {
                flow.pause();
                org.awaitility.Awaitility.await("flow listener paused").atMost(Duration.ofMinutes(1))
                        .pollInterval(Duration.ofMillis(100)).until(flow::isContainerPaused);
                long t0 = System.nanoTime();
                publish(template, ordered);
                published = (System.nanoTime() - t0) / 1e9;
            }
            long expected = warmed + ordered.size();
            String load0 = BenchmarkSupport.loadAverage();
            long cpu0 = BenchmarkSupport.processCpuNanos();
            long jit0 = java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
            long gc0 = BenchmarkSupport.gcMillis();
            long t1 = System.nanoTime();
            if (live) {
                publish(template, ordered);
                published = (System.nanoTime() - t1) / 1e9;
            } else {
                flow.resume();
            }
            org.awaitility.Awaitility.await("audit-log folded").atMost(Duration.ofHours(2))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> trail.countEntries().block() >= expected);
            double took = (System.nanoTime() - t1) / 1e9;
            double cpu = (BenchmarkSupport.processCpuNanos() - cpu0) / 1e9;
            double jit = (java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jit0) / 1e3;
            double gc = (BenchmarkSupport.gcMillis() - gc0) / 1e3;
            System.out.printf("FoldBenchmark: %,d requests, %,d events %s; audit-log folded them in %.1f s: %,.0f records/s;"
                    + " process CPU %.1f s (%.2f ms a record, the in-process broker and store included; %.1f of 2 cores;"
                    + " the JIT compiling %.1f s, collections %.1f s);"
                    + " load average %s before, %s after (the machine may be shared)%n", requests, ordered.size(),
                    live ? String.format("published live (in %.1f s) while the flow listener ran", published)
                            : String.format("published in %.1f s with the flow listener paused, then resumed", published),
                    took, ordered.size() / took, cpu, 1000 * cpu / ordered.size(), cpu / took, jit, gc, load0, BenchmarkSupport.loadAverage());
            MongoDatabase database = context.getBean("auditLogMongoDatabase", MongoDatabase.class);
            long entries = trail.countEntries().block();
            for (String collection : List.of("audit_entries", "audit_heads", "cases")) {
                long bytes = Flux.from(database.getCollection(collection, RawBsonDocument.class).find())
                        .map(d -> (long) d.getByteBuffer().remaining()).reduce(0L, Long::sum).block();
                System.out.printf("FoldBenchmark: %s holds %,d BSON bytes: %,.0f per audit entry, %,.0f per request%n",
                        collection, bytes, (double) bytes / entries, (double) bytes / requests);
            }
            template.destroy();
        } finally {
            mongo.shutdownNow();
            kafka.destroy();
        }
        System.exit(0);
    }

    /** N requests' flows, interleaved as live traffic is: each request's events in order, requests side by side. */
    private static List<SpecificRecord> interleaved(String prefix, int requests) {
        List<SpecificRecord> events = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            events.addAll(flowOf(prefix + i));
        }
        return BenchmarkSupport.interleaved(events, requests);
    }

    private static void publish(KafkaTemplate<String, Object> template, List<SpecificRecord> events) throws Exception {
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (SpecificRecord e : events) {
            sent.add(Eventing.publish(template, topicOf(e), e));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get();
    }

    private static List<SpecificRecord> flowOf(String id) {
        Instant at = Instant.parse("2026-11-02T09:00:00Z");
        LocalDate deadline = LocalDate.parse("2026-12-02");
        PlannedTask crm = SeedFlow.task(id, "crm", TaskAction.ERASE, "generic-rest", LocalDate.parse("2026-11-20"));
        PlannedTask mail = SeedFlow.task(id, "mailing", TaskAction.ERASE, "generic-rest", LocalDate.parse("2026-11-20"));
        return List.of(
                SeedFlow.received(id, Right.ERASURE, "mes", at, VerificationMethod.NONE, null),
                SeedFlow.resolved(id, "northshire-nhs-ft", "mes", Division.ENGLAND_AND_WALES, at.plusSeconds(1)),
                SeedFlow.opened(id, "northshire-nhs-ft", Division.ENGLAND_AND_WALES, at, at, deadline, false),
                SeedFlow.accepted(id, at.plusSeconds(2)),
                SeedFlow.planned(id, at.plusSeconds(3), List.of(crm, mail)),
                SeedFlow.dispatched(id, crm, "northshire-nhs-ft", at.plusSeconds(4), deadline),
                SeedFlow.dispatched(id, mail, "northshire-nhs-ft", at.plusSeconds(4), deadline),
                SeedFlow.completed(id, crm, at.plusSeconds(5)),
                SeedFlow.completed(id, mail, at.plusSeconds(6)),
                new dev.rightsflow.schemas.avro.CaseReadyToAnswer(dev.rightsflow.schemas.Events.derivedId("ready", id), id,
                        at.plusSeconds(7), SeedFlow.router(), "every system erased", null),
                new dev.rightsflow.schemas.avro.CaseClosed(dev.rightsflow.schemas.Events.derivedId("closed", id), id,
                        at.plusSeconds(8), SeedFlow.router(), "ANSWERED", "answered", null));
    }

    private static String topicOf(SpecificRecord e) {
        String type = e.getClass().getSimpleName();
        if (type.equals("RequestReceived")) {
            return Topics.REQUESTS;
        }
        if (type.startsWith("TaskDispatched")) {
            return Topics.TASKS;
        }
        if (type.startsWith("TaskCompleted")) {
            return Topics.TASK_RESULTS;
        }
        return Topics.CASES;
    }
}
