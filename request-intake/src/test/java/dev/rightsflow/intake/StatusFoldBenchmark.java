package dev.rightsflow.intake;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import de.bwaldvogel.mongo.MongoServer;

import dev.rightsflow.intake.projection.kafka.IntakeProjection;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.CaseClosed;
import dev.rightsflow.schemas.avro.CaseOpened;
import dev.rightsflow.schemas.avro.CasePlanned;
import dev.rightsflow.schemas.avro.CaseReadyToAnswer;
import dev.rightsflow.schemas.avro.ControllerResolved;
import dev.rightsflow.schemas.avro.Division;
import dev.rightsflow.schemas.avro.PlannedTask;
import dev.rightsflow.schemas.avro.RequestAccepted;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.Subject;
import dev.rightsflow.schemas.avro.TaskAction;
import dev.rightsflow.schemas.avro.TaskCompleted;
import dev.rightsflow.schemas.kafka.Eventing;
import dev.rightsflow.schemas.kafka.KafkaSettings;
import dev.rightsflow.schemas.state.ProjectionState;
import dev.rightsflow.schemas.testing.BenchmarkSupport;
import dev.rightsflow.schemas.testing.InProcessMongo;
import dev.rightsflow.schemas.testing.SampleEvents;

/**
 * How fast intake folds its status view, record mode against batch mode, back to back in one run (a main class,
 * not a test). Starts intake alone in this JVM against an embedded Kafka broker and the in-process MongoDB-wire
 * server, waits until it is ready, then folds the flow of N requests (received, controller resolved, case opened,
 * accepted, planned with two tasks, both completed, ready to answer, closed: 9 events a request, interleaved
 * across requests as live traffic is) three times, each with its own request ids:
 * <ol>
 * <li><b>record</b>: {@link IntakeProjection#onFlowEvent} one event at a time, as the record listener did;</li>
 * <li><b>batch</b>: {@link IntakeProjection#onFlowEvents} 500 events at a time (a poll at Kafka's default
 * {@code max.poll.records}), as the batch listener does;</li>
 * <li><b>batch, through Kafka</b>: published to the topics and timed until the status listener's group has no
 * lag left.</li>
 * </ol>
 * Prints records/s for each and the load average before and after (the machine may be shared: a direction, not a
 * capacity).
 *
 * <p>Run with this worktree's modules (not those installed in {@code ~/.m2}):
 * <pre>./mvnw -o -q -pl request-intake -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt \
 *     -Dmdep.includeScope=test
 * cd request-intake &amp;&amp; java -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) \
 *     dev.rightsflow.intake.StatusFoldBenchmark 2000</pre>
 */
public final class StatusFoldBenchmark {

    private static final int POLL = 500;

    private StatusFoldBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length == 0 ? 2000 : Integer.parseInt(args[0]);
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 1);
        kafka.afterPropertiesSet();
        MongoServer mongo = InProcessMongo.start();
        Path data = Files.createTempDirectory("rightsflow-status-fold-benchmark");
        SpringApplication app = new SpringApplication(RequestIntakeApplication.class);
        String[] settings = Map.of("server.port", "0", "spring.mongodb.uri", InProcessMongo.uri(mongo),
                "rightsflow.kafka.bootstrap-servers", kafka.getBrokersAsString(), "rightsflow.intake.demo-outbox", "true",
                "rightsflow.data-dir", data.toString(), "logging.level.root", "WARN")
                .entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        try (ConfigurableApplicationContext context = app.run(settings)) {
            org.awaitility.Awaitility.await("intake caught up").atMost(Duration.ofMinutes(5))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> context.getBeansOfType(ProjectionState.class).values().stream().allMatch(ProjectionState::ready));
            IntakeProjection projection = context.getBean(IntakeProjection.class);
            String load0 = BenchmarkSupport.loadAverage();

            List<SpecificRecord> record = interleaved("record", requests);
            long t0 = System.nanoTime();
            record.forEach(projection::onFlowEvent);
            double recordRate = record.size() / ((System.nanoTime() - t0) / 1e9);

            List<SpecificRecord> batch = interleaved("batch", requests);
            t0 = System.nanoTime();
            for (int from = 0; from < batch.size(); from += POLL) {
                List<SpecificRecord> poll = batch.subList(from, Math.min(batch.size(), from + POLL));
                int done = 0;
                while (done < poll.size()) {
                    var written = projection.onFlowEvents(poll.subList(done, poll.size()), true);
                    if (written.failure() != null) {
                        throw written.failure();
                    }
                    done += written.done();
                }
            }
            double batchRate = batch.size() / ((System.nanoTime() - t0) / 1e9);

            List<SpecificRecord> published = interleaved("kafka", requests);
            KafkaTemplate<String, Object> template = Eventing.template(KafkaSettings.of(kafka.getBrokersAsString()),
                    "status-fold-benchmark");
            t0 = System.nanoTime();
            List<CompletableFuture<?>> sent = new ArrayList<>();
            for (SpecificRecord e : published) {
                sent.add(Eventing.publish(template, topicOf(e), e));
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get();
            awaitNoLag(kafka.getBrokersAsString());
            double kafkaRate = published.size() / ((System.nanoTime() - t0) / 1e9);
            template.destroy();

            System.out.printf("StatusFoldBenchmark: %,d requests, %,d events each run; intake's status view folds "
                    + "record mode %,.0f records/s, batch mode (%d a call) %,.0f records/s (x%.1f), batch listener through "
                    + "Kafka %,.0f records/s (load average %s before, %s after; the machine may be shared)%n",
                    requests, record.size(), recordRate, POLL, batchRate, batchRate / recordRate, kafkaRate, load0,
                    BenchmarkSupport.loadAverage());
        } finally {
            mongo.shutdownNow();
            kafka.destroy();
        }
        System.exit(0);
    }

    /** Each request's events in order, the requests side by side. */
    private static List<SpecificRecord> interleaved(String prefix, int requests) {
        List<List<SpecificRecord>> flows = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            flows.add(flowOf(prefix + "-" + i + "-" + java.util.UUID.randomUUID()));
        }
        List<SpecificRecord> out = new ArrayList<>();
        for (int step = 0; step < flows.get(0).size(); step++) {
            for (List<SpecificRecord> flow : flows) {
                out.add(flow.get(step));
            }
        }
        return out;
    }

    private static List<SpecificRecord> flowOf(String id) {
        Instant at = Instant.parse("2026-11-02T09:00:00Z");
        LocalDate due = LocalDate.parse("2026-12-02");
        var router = Events.service("router");
        RequestReceived received = RequestReceived.newBuilder(SampleEvents.requestReceived(id, Right.ERASURE, "mes",
                "mes-corporate-website")).setSubject(Subject.newBuilder(SampleEvents.subject()).setEmail(id + "@example.org")
                .build()).build();
        List<PlannedTask> tasks = List.of("crm", "mailing").stream().map(system -> PlannedTask.newBuilder()
                .setTaskId(Events.derivedId(id, system, "ERASE")).setSystemId(system).setAction(TaskAction.ERASE)
                .setConnector("generic-rest").build()).toList();
        List<SpecificRecord> flow = new ArrayList<>(List.of(received,
                ControllerResolved.newBuilder().setEventId(Events.derivedId("resolved", id)).setRequestId(id).setOccurredAt(at)
                        .setActor(router).setControllerId("mes").setServiceId("mes-corporate-website")
                        .setReceivingOrganisationId("mes").setReceiverIsProcessor(false).setRule("benchmark")
                        .setDivision(Division.ENGLAND_AND_WALES).build(),
                CaseOpened.newBuilder().setEventId(Events.derivedId("opened", id)).setRequestId(id).setOccurredAt(at)
                        .setActor(router).setControllerId("mes").setDivision(Division.ENGLAND_AND_WALES).setReceivedAt(at)
                        .setClockStartsAt(at).setStatutoryDeadline(due).setAwaitingDecision(false).build(),
                new RequestAccepted(Events.derivedId("accepted", id), id, at.plusSeconds(1), router, "erasure", null),
                CasePlanned.newBuilder().setEventId(Events.derivedId("planned", id)).setRequestId(id)
                        .setOccurredAt(at.plusSeconds(2)).setActor(router).setTasks(tasks).setExemptions(List.of())
                        .setSignposts(List.of()).build()));
        for (PlannedTask t : tasks) {
            flow.add(TaskCompleted.newBuilder().setEventId(Events.derivedId("completed", t.getTaskId())).setRequestId(id)
                    .setOccurredAt(at.plusSeconds(3)).setActor(Events.service("connectors")).setTaskId(t.getTaskId())
                    .setSystemId(t.getSystemId()).setAction(TaskAction.ERASE).setSubjectFound(true).setSummary("erased")
                    .build());
        }
        flow.add(new CaseReadyToAnswer(Events.derivedId("ready", id), id, at.plusSeconds(4), router, "every system erased", null));
        flow.add(new CaseClosed(Events.derivedId("closed", id), id, at.plusSeconds(5), router, "ANSWERED", "answered", null));
        return flow;
    }

    private static String topicOf(SpecificRecord e) {
        if (e instanceof RequestReceived) {
            return Topics.REQUESTS;
        }
        return e instanceof TaskCompleted ? Topics.TASK_RESULTS : Topics.CASES;
    }

    /** Until the status listener's group has committed every partition of its topics to their end. */
    private static void awaitNoLag(String brokers) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        try (Admin admin = Admin.create(props)) {
            org.awaitility.Awaitility.await("status listener caught up").atMost(Duration.ofHours(1))
                    .pollInterval(Duration.ofMillis(100)).until(() -> {
                        Map<TopicPartition, OffsetAndMetadata> committed = admin
                                .listConsumerGroupOffsets(RequestIntakeConfiguration.STATUS_GROUP)
                                .partitionsToOffsetAndMetadata().get();
                        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                        admin.describeTopics(IntakeProjection.STATUS_TOPICS).allTopicNames().get().values()
                                .forEach(topic -> topic.partitions().forEach(p -> latest.put(
                                        new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest())));
                        var ends = admin.listOffsets(latest).all().get();
                        return ends.entrySet().stream().allMatch(e -> {
                            OffsetAndMetadata at = committed.get(e.getKey());
                            return (at == null ? 0 : at.offset()) >= e.getValue().offset();
                        });
                    });
        }
    }
}
