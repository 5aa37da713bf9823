package dev.rightsflow.connectors;

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
import org.awaitility.Awaitility;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import de.bwaldvogel.mongo.MongoServer;
import dev.rightsflow.connectors.kafka.ConnectorsListeners;
import dev.rightsflow.connectors.packages.mongo.MongoPackageStore;
import dev.rightsflow.connectors.tasks.mongo.MongoTaskStore;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.Actor;
import dev.rightsflow.schemas.avro.ActorType;
import dev.rightsflow.schemas.avro.CasePlanned;
import dev.rightsflow.schemas.avro.PlannedTask;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.TaskAction;
import dev.rightsflow.schemas.avro.TaskCompleted;
import dev.rightsflow.schemas.avro.TaskDispatched;
import dev.rightsflow.schemas.kafka.Eventing;
import dev.rightsflow.schemas.kafka.KafkaSettings;
import dev.rightsflow.schemas.kafka.TopicAdmin;
import dev.rightsflow.schemas.state.ProjectionState;
import dev.rightsflow.schemas.testing.BenchmarkSupport;
import dev.rightsflow.schemas.testing.InProcessMongo;
import dev.rightsflow.schemas.testing.SampleEvents;

/**
 * How fast processor-connectors folds its topics, one record per listener call against a poll per call, back to
 * back in one run (a main class, not a test). For each mode (records per poll 1, then 500;
 * {@link ConnectorsListeners#RECORDS_PER_POLL}) it starts a fresh embedded Kafka broker and in-process MongoDB-wire
 * server, publishes the history of N requests (received with a status-token hash, planned with an export and an
 * erasure task, both dispatched and completed: 6 records a request on four topics), starts processor-connectors
 * alone and times its catch-up until ready; then publishes M more requests live (received, planned, two manual
 * tasks dispatched: 4 records a request, interleaved across requests) and times until every task, plan and
 * token hash is stored (the runner works on the new tasks meanwhile, as it would). Prints records/s and the load
 * average before and after each phase (the machine may be shared: a figure means little without it).
 *
 * <pre>./mvnw -o -q -pl processor-connectors -am test-compile &amp;&amp; ./mvnw -o -q -pl processor-connectors exec:java \
 *     -Dexec.classpathScope=test -Dexec.mainClass=dev.rightsflow.connectors.FoldBenchmark -Dexec.args="2000 1000"</pre>
 * (exec:java takes the other modules from the local repository: after changing them, run it with their
 * {@code target/classes} first on the class path instead, as the module README shows.)
 */
public final class FoldBenchmark {

    private FoldBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int history = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int live = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        List<String> lines = new ArrayList<>();
        for (int perPoll : new int[] {1, 500}) {
            lines.add(run(perPoll, history, live));
        }
        lines.forEach(System.out::println);
        System.exit(0);
    }

    private static String run(int perPoll, int history, int live) throws Exception {
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 3);
        kafka.afterPropertiesSet();
        TopicAdmin.ensure(KafkaSettings.of(kafka.getBrokersAsString()), List.of());
        MongoServer mongo = InProcessMongo.start();
        Path data = Files.createTempDirectory("rightsflow-connectors-fold-benchmark");
        try {
            KafkaTemplate<String, Object> template = Eventing.template(KafkaSettings.of(kafka.getBrokersAsString()), "fold-benchmark");
            List<SpecificRecord> past = new ArrayList<>();
            for (int i = 0; i < history; i++) {
                past.addAll(flowOf("history-" + i, true));
            }
            send(template, BenchmarkSupport.interleaved(past, history));

            SpringApplication app = new SpringApplication(ProcessorConnectorsApplication.class);
            String[] settings = Map.of("server.port", "0", "spring.mongodb.uri", InProcessMongo.uri(mongo),
                    "rightsflow.kafka.bootstrap-servers", kafka.getBrokersAsString(), "rightsflow.demo", "true",
                    "rightsflow.connectors.packages.directory", data.resolve("packages").toString(),
                    ConnectorsListeners.RECORDS_PER_POLL, Integer.toString(perPoll), "logging.level.root", "WARN",
                    "spring.main.allow-bean-definition-overriding", "true")
                    .entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
            String load0 = BenchmarkSupport.loadAverage();
            long t0 = System.nanoTime();
            try (ConfigurableApplicationContext context = app.run(settings)) {
                double up = seconds(t0);
                Awaitility.await("caught up").atMost(Duration.ofHours(2)).pollInterval(Duration.ofMillis(100))
                        .until(() -> context.getBeansOfType(ProjectionState.class).values().stream().allMatch(ProjectionState::ready));
                double ready = seconds(t0);
                String load1 = BenchmarkSupport.loadAverage();
                MongoTaskStore tasks = context.getBean(MongoTaskStore.class);
                MongoPackageStore packages = context.getBean(MongoPackageStore.class);
                long tasksBefore = tasks.count().block();
                long packagesBefore = packages.count().block();

                List<SpecificRecord> now = new ArrayList<>();
                for (int i = 0; i < live; i++) {
                    now.addAll(flowOf("live-" + i, false));
                }
                long t1 = System.nanoTime();
                send(template, BenchmarkSupport.interleaved(now, live));
                Awaitility.await("folded live").atMost(Duration.ofHours(2)).pollInterval(Duration.ofMillis(100))
                        .until(() -> tasks.count().block() >= tasksBefore + 2L * live && packages.count().block() >= packagesBefore + 2L * live);
                double folded = seconds(t1);
                template.destroy();
                return String.format(java.util.Locale.ROOT, "FoldBenchmark, %d record(s) per poll: catch-up of %,d records %.1f s after "
                        + "the context was up (%.1f s after start): %,.0f records/s; live, %,d records folded %.1f s after the first "
                        + "was sent: %,.0f records/s (load average %s before, %s after catch-up, %s at the end)",
                        perPoll, past.size(), ready - up, ready, past.size() / (ready - up), now.size(), folded, now.size() / folded, load0,
                        load1, BenchmarkSupport.loadAverage());
            }
        } finally {
            mongo.shutdownNow();
            kafka.destroy();
        }
    }

    private static void send(KafkaTemplate<String, Object> template, List<SpecificRecord> events) {
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (SpecificRecord e : events) {
            sent.add(Eventing.publish(template, topicOf(e), e));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
    }

    private static List<SpecificRecord> flowOf(String id, boolean completed) {
        Instant at = Instant.parse("2026-11-02T09:00:00Z");
        LocalDate deadline = LocalDate.parse("2026-12-02");
        Actor router = new Actor(ActorType.SYSTEM, "router", null);
        RequestReceived received = RequestReceived.newBuilder(SampleEvents.requestReceived(id, Right.ACCESS, "mes", "membership"))
                .setStatusTokenHash("sha256:" + Integer.toHexString(id.hashCode())).build();
        List<PlannedTask> planned = List.of(
                new PlannedTask(Events.derivedId(id, "paper-files", "EXPORT"), "paper-files", TaskAction.EXPORT, "manual", null, "Paper files"),
                new PlannedTask(Events.derivedId(id, "shared-drive", "ERASE"), "shared-drive", TaskAction.ERASE, "manual", null, "Shared drive"));
        List<SpecificRecord> flow = new ArrayList<>(List.of(received,
                new CasePlanned(Events.derivedId("planned", id), id, at.plusSeconds(1), router, planned, List.of(), List.of(), null)));
        for (PlannedTask task : planned) {
            flow.add(TaskDispatched.newBuilder().setEventId(Events.derivedId("dispatched", task.getTaskId())).setRequestId(id)
                    .setOccurredAt(at.plusSeconds(2)).setActor(router).setTaskId(task.getTaskId()).setControllerId("mes")
                    .setSystemId(task.getSystemId()).setConnector(task.getConnector()).setConnectorConfig(Map.of())
                    .setAction(task.getAction()).setRight(Right.ACCESS).setSubject(SampleEvents.subject())
                    .setDetails(SampleEvents.noDetails()).setDataCategories(List.of("contact")).setDeadline(deadline).build());
        }
        if (completed) {
            for (PlannedTask task : planned) {
                flow.add(new TaskCompleted(Events.derivedId("completed", task.getTaskId()), id, at.plusSeconds(3),
                        Events.service("processor-connectors"), task.getTaskId(), task.getSystemId(), task.getAction(), true,
                        "done by hand", 1, null, "checked the cabinet"));
            }
        }
        return flow;
    }

    private static String topicOf(SpecificRecord e) {
        if (e instanceof RequestReceived) {
            return Topics.REQUESTS;
        }
        if (e instanceof CasePlanned) {
            return Topics.CASES;
        }
        return e instanceof TaskDispatched ? Topics.TASKS : Topics.TASK_RESULTS;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
