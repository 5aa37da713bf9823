package dev.rightsflow.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.avro.TaskDispatched;
import dev.rightsflow.schemas.serde.AvroSingleObjectSerde;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Nothing lost, nothing doubled, across crashes: the standalone in a JVM of its own, four clients
 * submitting with {@code Idempotency-Key}s and retrying as a careful client does (on a refused
 * connection, a timeout or a 503, with the same key), the JVM killed with {@code SIGKILL} at three
 * different moments (under load, right after a checkpoint could have been taken, and while it is
 * catching up after a restart) and started again on the same data directory. Then every request
 * that got a 202 has its case, a status token that works and a verifying audit chain, no request
 * or task is on its topic twice, and no client ever got a 4xx for its valid request. Finally a
 * clean stop ({@code SIGTERM}) while tasks run: after the restart every earlier case is there at
 * once.
 */
class StandaloneCrashTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ADMIN = "Basic " + Base64.getEncoder()
            .encodeToString("demo-admin:demo-password".getBytes(StandardCharsets.UTF_8));
    private static final String ROUTER_ADMIN = "Bearer dev-router-admin-token";
    /** Requests each of the four clients makes: enough to span the three kills, few enough to check one by one. */
    private static final int PER_CLIENT = 30;

    /** Kept when the test fails, with each run's log (standalone-N.log), for the post-mortem. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dataDir;

    /** What a careful client remembers of each submission that was accepted. */
    record Accepted(String key, String requestId, String token) {
    }

    private final Map<String, Accepted> accepted = new ConcurrentHashMap<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final AtomicInteger retries = new AtomicInteger();
    private final AtomicInteger unavailable = new AtomicInteger();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void everyAcceptedRequestSurvivesThreeKillsAndACleanStop() throws Exception {
        // The four clients stand for many citizens, who would each have their own address and so
        // their own rate-limit bucket; here they share 127.0.0.1.
        try (ChildStandalone system = new ChildStandalone(dataDir, Map.of("RIGHTSFLOW_CHECKPOINT_SECONDS", "2",
                "RIGHTSFLOW_INTAKE_RATELIMITPERMINUTE", "100000"))) {
            system.start();
            system.awaitReady(Duration.ofMinutes(4));

            AtomicBoolean submitting = new AtomicBoolean(true);
            ExecutorService clients = Executors.newFixedThreadPool(4);
            for (int c = 0; c < 4; c++) {
                int client = c;
                clients.submit(() -> submitUntilStopped(system, client, submitting));
            }

            // 1: under load
            awaitAccepted(20);
            system.kill();
            system.start();

            // 2: under load again, a few checkpoints later (the clients retry until it answers)
            awaitAccepted(60);
            system.kill();
            system.start();

            // 3: while it is starting again: the checkpoint is restored, the services are catching up
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                    .until(() -> system.log().contains("restored the store checkpoint")
                            || system.log().contains("opened the disk store")); // RIGHTSFLOW_EMBEDDED_STORE=disk
            system.kill();
            system.start();
            system.awaitReady(Duration.ofMinutes(4));

            clients.shutdown();
            assertThat(clients.awaitTermination(5, TimeUnit.MINUTES)).as("every client made all its requests").isTrue();
            submitting.set(false);
            assertThat(accepted).hasSize(4 * PER_CLIENT);

            assertThat(refusals).as("no valid request was refused").isEmpty();
            assertThat(retries.get()).as("the kills cut clients off, and they retried").isPositive();
            everyAcceptedRequestIsThereOnce(system);

            // A clean stop while tasks run; after the restart every earlier case is there at once.
            assertThat(system.terminate()).as("exit code of a clean stop").isIn(0, 143);
            system.start();
            system.awaitReady(Duration.ofMinutes(4));
            for (Accepted a : accepted.values()) {
                assertThat(get(system, "/api/v1/router/cases/" + a.requestId(), "Authorization", ROUTER_ADMIN).statusCode())
                        .as("case %s right after the restart", a.requestId()).isEqualTo(200);
                assertThat(get(system, "/api/v1/requests/" + a.requestId(), "X-Status-Token", a.token()).statusCode())
                        .as("status of %s right after the restart", a.requestId()).isEqualTo(200);
            }
        }
    }

    private void awaitAccepted(int n) {
        await("accepted requests").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(100))
                .until(() -> accepted.size() >= n);
    }

    /** One client: a new request with a new key, retried with the same key until it gets an answer. */
    private void submitUntilStopped(ChildStandalone system, int client, AtomicBoolean submitting) {
        for (int n = 0; submitting.get() && n < PER_CLIENT; n++) {
            String key = "client-" + client + "-" + n;
            String body = """
                    {"right":"erasure","organisationId":"mes","serviceId":"northshire-membership",
                     "subject":{"name":"Crash Tester %d","email":"crash-%d-%d@example.org"}}""".formatted(client, client, n);
            while (true) {
                HttpResponse<String> response;
                try {
                    response = http.send(HttpRequest.newBuilder(URI.create(system.baseUrl() + "/api/v1/requests"))
                            .timeout(Duration.ofSeconds(15)).header("Content-Type", "application/json")
                            .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                } catch (IOException e) {
                    retries.incrementAndGet();
                    pause(300);
                    continue;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                int status = response.statusCode();
                if (status == 202) {
                    JsonNode receipt = JSON.readTree(response.body());
                    Accepted now = new Accepted(key, receipt.path("requestId").asText(), receipt.path("statusToken").asText());
                    Accepted before = accepted.putIfAbsent(key, now);
                    if (before != null && !before.equals(now)) {
                        refusals.add(key + ": a retry got another receipt " + now + " than " + before);
                    }
                    break;
                }
                if (status == 503 || status >= 500) {
                    if (status == 503) {
                        unavailable.incrementAndGet();
                    }
                    retries.incrementAndGet();
                    pause(300);
                    continue;
                }
                refusals.add(key + ": " + status + " " + response.body());
                break;
            }
        }
    }

    private void everyAcceptedRequestIsThereOnce(ChildStandalone system) {
        assertThat(accepted.values().stream().map(Accepted::requestId).distinct().count())
                .as("one request per key").isEqualTo(accepted.size());
        await("every accepted request has its case, a working token and a verifying audit chain")
                .atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                    for (Accepted a : accepted.values()) {
                        assertThat(get(system, "/api/v1/router/cases/" + a.requestId(), "Authorization", ROUTER_ADMIN).statusCode())
                                .as("case of %s", a.key()).isEqualTo(200);
                        assertThat(get(system, "/api/v1/requests/" + a.requestId(), "X-Status-Token", a.token())
                                .statusCode()).as("status token of %s", a.key()).isEqualTo(200);
                        HttpResponse<String> verification = get(system, "/api/v1/audit/" + a.requestId() + "/verification",
                                "Authorization", ADMIN);
                        assertThat(verification.statusCode()).as("audit chain of %s", a.key()).isEqualTo(200);
                        assertThat(JSON.readTree(verification.body()).path("intact").asBoolean())
                                .as("audit chain of %s (%s) verifies: %s", a.key(), a.requestId(), verification.body())
                                .isTrue();
                    }
                });

        Map<String, Integer> received = new HashMap<>();
        Map<String, java.util.Set<String>> dispatchFacts = new HashMap<>();
        AvroSingleObjectSerde serde = new AvroSingleObjectSerde();
        for (ConsumerRecord<String, byte[]> r : readAll(system.kafkaBootstrap(), List.of(Topics.REQUESTS, Topics.TASKS))) {
            Object event = serde.decode(r.value());
            if (event instanceof RequestReceived rr) {
                received.merge(rr.getRequestId(), 1, Integer::sum);
            } else if (event instanceof TaskDispatched td) {
                dispatchFacts.computeIfAbsent(td.getTaskId(), k -> new java.util.HashSet<>()).add(Events.eventId(td));
            }
        }
        for (Accepted a : accepted.values()) {
            assertThat(received.get(a.requestId())).as("RequestReceived of %s on the topic", a.key()).isEqualTo(1);
        }
        assertThat(dispatchFacts).as("tasks dispatched").isNotEmpty()
                .allSatisfy((task, ids) -> assertThat(ids).as("dispatch facts of task %s", task).hasSize(1));
    }

    private HttpResponse<String> get(ChildStandalone system, String path, String header, String value)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(system.baseUrl() + path)).timeout(Duration.ofSeconds(15))
                .header(header, value).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, List<String> topics) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            topics.forEach(t -> consumer.partitionsFor(t).forEach(p -> partitions.add(new TopicPartition(t, p.partition()))));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(500)).forEach(all::add);
            }
        }
        return all;
    }

    /** A careful client's back-off before it tries again (the server's Retry-After is 2 s at most). */
    private static void pause(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
