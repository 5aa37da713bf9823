package dev.rightsflow.standalone;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.TaskCompleted;
import dev.rightsflow.schemas.avro.TaskDispatched;
import dev.rightsflow.schemas.avro.TaskFailed;
import dev.rightsflow.schemas.avro.TaskNeedsPerson;
import dev.rightsflow.schemas.kafka.EventDeserializer;

/**
 * A benchmark of the whole flow, not a test: starts the standalone on a fresh data directory,
 * submits N requests through HTTP from 8 concurrent clients, and measures how long until every
 * dispatched task has reached an outcome (completed, failed or waiting for a person), while
 * counting tasks lost (dispatched, no outcome) and doubled (more than one outcome, or the same
 * task dispatched under two ids). Run it with:
 *
 * <pre>
 * ./mvnw -q -DskipTests install &amp;&amp; ./mvnw -q -pl standalone exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.rightsflow.standalone.FlowBenchmark -Dexec.args=200
 * </pre>
 */
public final class FlowBenchmark {

    private static final Logger log = LoggerFactory.getLogger(FlowBenchmark.class);

    private FlowBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Path dataDir = Files.createTempDirectory("rightsflow-benchmark");
        try (RunningSystem system = RunningSystem.start(dataDir, Map.of("RIGHTSFLOW_DEMO_DATA", "false"),
                // one client address sends everything: lift intake's per-address public rate limit
                "--rightsflow.intake.rate-limit-per-minute=1000000")) {
            String port = system.context.getEnvironment().getProperty("local.server.port");
            String bootstrap = system.context.getEnvironment().getProperty("rightsflow.kafka.bootstrap-servers");
            HttpClient http = HttpClient.newHttpClient();
            List<Long> latenciesMicros = Collections.synchronizedList(new ArrayList<>());
            ExecutorService clients = Executors.newFixedThreadPool(8);
            long start = System.nanoTime();
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                String body = """
                        {"right":"erasure","organisationId":"mes","serviceId":"northshire-membership",
                         "subject":{"name":"Bench Member %d","email":"bench.member.%d@example.org"}}""".formatted(i, i);
                answers.add(clients.submit(() -> {
                    long t = System.nanoTime();
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/v1/requests"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                    latenciesMicros.add((System.nanoTime() - t) / 1000);
                    return r.statusCode();
                }));
            }
            int accepted = 0;
            for (Future<Integer> answer : answers) {
                accepted += answer.get() == 202 ? 1 : 0;
            }
            long acceptedAfter = System.nanoTime() - start;
            clients.shutdown();

            Set<String> dispatched = new HashSet<>();
            Map<String, Integer> outcomes = new HashMap<>();
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            long settledAfter = -1;
            try (var consumer = new KafkaConsumer<String, SpecificRecord>(Map.of("bootstrap.servers", bootstrap,
                    "group.id", "benchmark", "auto.offset.reset", "earliest"), new StringDeserializer(),
                    new EventDeserializer())) {
                consumer.subscribe(List.of(Topics.TASKS, Topics.TASK_RESULTS));
                while (System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                        SpecificRecord e = record.value();
                        if (e instanceof TaskDispatched d) {
                            dispatched.add(d.getTaskId());
                        } else if (e instanceof TaskCompleted c) {
                            outcomes.merge(c.getTaskId(), 1, Integer::sum);
                        } else if (e instanceof TaskFailed f) {
                            outcomes.merge(f.getTaskId(), 1, Integer::sum);
                        } else if (e instanceof TaskNeedsPerson p) {
                            outcomes.merge(p.getTaskId(), 1, Integer::sum);
                        }
                    });
                    if (!dispatched.isEmpty() && outcomes.keySet().containsAll(dispatched)
                            && dispatched.size() >= accepted * 7L) {
                        settledAfter = System.nanoTime() - start;
                        break;
                    }
                }
            }
            List<Long> sorted = new ArrayList<>(latenciesMicros);
            Collections.sort(sorted);
            Set<String> lost = new HashSet<>(dispatched);
            lost.removeAll(outcomes.keySet());
            long doubled = outcomes.values().stream().filter(n -> n > 1).count();
            log.info("""

                    FlowBenchmark: {} erasure requests (MES -> Northshire, 7 tasks each), 8 concurrent clients
                      accepted (202)           {} in {} ms ({} requests/s)
                      HTTP latency             p50 {} ms, p95 {} ms, max {} ms
                      tasks dispatched         {}
                      every task has an outcome after {} ms
                      tasks lost               {}
                      tasks with two outcomes  {} (a reminder for a manual task is a second TaskNeedsPerson)""",
                    requests, accepted, acceptedAfter / 1_000_000, Math.round(accepted * 1e9 / acceptedAfter),
                    sorted.get(sorted.size() / 2) / 1000, sorted.get((int) (sorted.size() * 0.95)) / 1000,
                    sorted.get(sorted.size() - 1) / 1000, dispatched.size(),
                    settledAfter < 0 ? "(not within 5 minutes)" : settledAfter / 1_000_000, lost.size(), doubled);
        }
    }
}
