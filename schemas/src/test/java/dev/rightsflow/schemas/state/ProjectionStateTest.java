package dev.rightsflow.schemas.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;

import de.bwaldvogel.mongo.MongoServer;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.kafka.Eventing;
import dev.rightsflow.schemas.kafka.KafkaSettings;
import dev.rightsflow.schemas.kafka.TopicAdmin;
import dev.rightsflow.schemas.testing.InProcessMongo;
import dev.rightsflow.schemas.testing.SampleEvents;

/**
 * The one way a service builds its state, through a real broker and the in-process MongoDB: a
 * service folds its history through its normal listener and answers 503 until it has caught up;
 * records that arrive meanwhile are handled live once it is ready; a restart resumes at the
 * offsets its store recorded (nothing folded twice); a new projection format rebuilds from the
 * beginning. The same with batch listeners ({@link ProjectionState#configureBatch}), which also store
 * no offset ahead of a batch's effects and sends, and retry and dead-letter a failing record as record
 * listeners do while the records before it count as handled. And with several consumers per group
 * (listener concurrency above one) and partitions moving between them mid catch-up.
 */
class ProjectionStateTest {

    private static final String GROUP = "state-test";
    private static EmbeddedKafkaKraftBroker broker;
    private static KafkaSettings settings;
    private static KafkaTemplate<String, Object> template;
    private static MongoServer mongo;
    private static MongoClient client;

    private final List<ConcurrentMessageListenerContainer<String, SpecificRecord>> containers = new ArrayList<>();

    @BeforeAll
    static void start() {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.afterPropertiesSet();
        settings = KafkaSettings.of(broker.getBrokersAsString());
        TopicAdmin.ensure(settings, List.of());
        template = Eventing.template(settings, "state-test");
        mongo = InProcessMongo.start();
        client = MongoClients.create(InProcessMongo.uri(mongo));
    }

    @AfterAll
    static void stop() {
        client.close();
        mongo.shutdownNow();
        template.destroy();
        broker.destroy();
    }

    @AfterEach
    void stopContainers() {
        containers.forEach(MessageListenerContainer::stop);
    }

    /** What one incarnation of the service saw. */
    private static final class Service implements ProjectionState.Hooks {
        final Map<String, AtomicInteger> folded = new ConcurrentHashMap<>();
        final List<String> decided = new CopyOnWriteArrayList<>();
        final AtomicInteger cleared = new AtomicInteger();
        final AtomicInteger wentLive = new AtomicInteger();
        final CountDownLatch gate = new CountDownLatch(1);
        /** How many records had been folded when the service caught up. */
        volatile int foldedWhenCaughtUp = -1;
        ProjectionState state;

        @Override
        public void clear() {
            cleared.incrementAndGet();
        }

        @Override
        public void caughtUp() {
            foldedWhenCaughtUp = folded.values().stream().mapToInt(AtomicInteger::get).sum();
            wentLive.incrementAndGet();
        }

        void on(SpecificRecord event) {
            try {
                gate.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (state.catchingUp()) {
                folded.computeIfAbsent(Events.requestId(event), k -> new AtomicInteger()).incrementAndGet();
            } else {
                decided.add(Events.requestId(event));
            }
        }
    }

    private Service start(MongoDatabase db, int format, String topic) {
        return start(db, format, topic, false);
    }

    private Service start(MongoDatabase db, int format, String topic, boolean batch) {
        return start(db, format, topic, batch ? (service, state) -> (BatchMessageListener<String, SpecificRecord>) records
                -> records.forEach(r -> service.on(r.value())) : null);
    }

    /** @param batchListener a batch listener for the service, or null for a record listener */
    private Service start(MongoDatabase db, int format, String topic,
            java.util.function.BiFunction<Service, ProjectionState, BatchMessageListener<String, SpecificRecord>> batchListener) {
        Service service = new Service();
        Map<String, MessageListenerContainer> byId = new ConcurrentHashMap<>();
        KafkaListenerEndpointRegistry registry = registryOf(byId);
        service.state = new ProjectionState("test-service", format, new ProjectionProgress(db), registry,
                List.of("test-listener"), service);
        var factory = batchListener != null
                ? Eventing.batchListenerFactory(settings, GROUP, template, Topics.DLT_ROUTER, service.state)
                : Eventing.listenerFactory(settings, GROUP, template, Topics.DLT_ROUTER, service.state);
        ConcurrentMessageListenerContainer<String, SpecificRecord> container = factory.createContainer(topic);
        container.getContainerProperties().setGroupId(GROUP);
        container.getContainerProperties().setMessageListener(batchListener != null
                ? batchListener.apply(service, service.state)
                : (MessageListener<String, SpecificRecord>) record -> service.on(record.value()));
        byId.put("test-listener", container);
        containers.add(container);
        service.state.start();
        return service;
    }

    private static void send(String topic, String prefix, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            String id = prefix + "-" + i;
            Eventing.publish(template, topic, SampleEvents.requestReceived(id, Right.ERASURE, "mes", null)).get();
        }
    }

    private static WebTestClient api(ProjectionState state) {
        return WebTestClient.bindToRouterFunction(RouterFunctions.route()
                .GET("/api/things", r -> ServerResponse.ok().bodyValue("{\"ok\":true}")).build())
                .webFilter(new CatchingUpFilter(state, List.of("/api/things"))).build();
    }

    @Test
    void foldsHistoryThroughItsListenerAnswers503UntilCaughtUpThenResumesWhereItsStoreSays() throws Exception {
        foldsHistoryAnswers503UntilCaughtUpThenResumes(client.getDatabase("state-a"), Topics.REQUESTS, false);
    }

    @Test
    void batchListenersFoldHistoryHoldBackWhatCameMeanwhileAndResumeWhereTheirStoreSays() throws Exception {
        foldsHistoryAnswers503UntilCaughtUpThenResumes(client.getDatabase("state-batch-a"), Topics.CASE_COMMANDS, true);
    }

    private void foldsHistoryAnswers503UntilCaughtUpThenResumes(MongoDatabase db, String topic, boolean batch)
            throws Exception {
        send(topic, "history", 200);

        Service first = start(db, 1, topic, batch);
        assertThat(first.cleared).as("an empty store is built from the topics").hasValue(1);
        assertThat(first.state.ready()).isFalse();
        assertThat(first.state.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        api(first.state).get().uri("/api/things").exchange().expectStatus().isEqualTo(503)
                .expectHeader().valueEquals("Retry-After", "2")
                .expectHeader().contentType("application/problem+json")
                .expectBody().jsonPath("$.status").isEqualTo(503).jsonPath("$.title").isEqualTo("Temporarily unavailable")
                .jsonPath("$.type").isEqualTo("https://rightsflow.dev/problems/unavailable").jsonPath("$.caughtUpPercent").exists();
        api(first.state).get().uri("/api/things").header("Accept", "text/html").exchange().expectStatus().isEqualTo(503)
                .expectBody(String.class).value(page -> assertThat(page).contains("% caught up"));
        await().atMost(Duration.ofSeconds(60)).until(() -> first.state.recordsToCatchUp() > 0); // its history is noted
        send(topic, "during", 5); // arrives while the service is still catching up: handled live, once ready

        first.gate.countDown();
        await().atMost(Duration.ofSeconds(60)).until(first.state::ready);
        assertThat(first.state.health().getStatus()).isEqualTo(Status.UP);
        api(first.state).get().uri("/api/things").exchange().expectStatus().isOk();
        assertThat(first.folded).hasSize(200).allSatisfy((id, n) -> assertThat(n).hasValue(1));
        assertThat(first.folded.keySet()).allMatch(id -> id.startsWith("history-"));
        await().atMost(Duration.ofSeconds(60)).until(() -> first.decided.size() == 5); // as long as catching up may take on a loaded machine
        assertThat(first.decided).allMatch(id -> id.startsWith("during-"));
        assertThat(first.wentLive).hasValue(1);
        stopContainers();
        containers.clear();

        send(topic, "while-down", 3);
        Service second = start(db, 1, topic, batch);
        second.gate.countDown();
        await().atMost(Duration.ofSeconds(60)).until(second.state::ready);
        assertThat(second.cleared).as("the store is kept").hasValue(0);
        assertThat(second.state.rebuiltFromTopics()).isFalse();
        assertThat(second.folded.keySet()).as("only what came after the store's offsets is folded")
                .containsExactlyInAnyOrder("while-down-0", "while-down-1", "while-down-2");
        send(topic, "live", 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> second.decided.size() == 2);
        stopContainers();
        containers.clear();

        Service third = start(db, 2, topic, batch);
        third.gate.countDown();
        await().atMost(Duration.ofSeconds(60)).until(third.state::ready);
        assertThat(third.cleared).as("a new projection format rebuilds").hasValue(1);
        assertThat(third.folded).hasSize(210).allSatisfy((id, n) -> assertThat(n).hasValue(1));
        assertThat(third.decided).isEmpty();
    }

    /**
     * A batch's offsets are stored only once the listener has returned and the sends it started are
     * acknowledged: never ahead of what the store holds.
     */
    @Test
    void aBatchStoresItsOffsetsOnlyAfterItsEffectsAndItsSends() throws Exception {
        MongoDatabase db = client.getDatabase("state-batch-b");
        ProjectionProgress progress = new ProjectionProgress(db);
        send(Topics.ALERTS, "before", 20);
        List<String> ahead = new CopyOnWriteArrayList<>();
        java.util.concurrent.CompletableFuture<Void> send = new java.util.concurrent.CompletableFuture<>();
        Service service = start(db, 1, Topics.ALERTS, (svc, state) -> records -> {
            // when a batch is handled, no offset of its partitions may be stored at or past its records
            Map<org.apache.kafka.common.TopicPartition, Long> stored = progress.offsets(GROUP);
            records.forEach(r -> {
                if (stored.getOrDefault(new org.apache.kafka.common.TopicPartition(r.topic(), r.partition()), 0L) > r.offset()) {
                    ahead.add(r.topic() + "-" + r.partition() + "@" + r.offset());
                }
                if (Events.requestId(r.value()).startsWith("unsent-")) {
                    state.sendsOfThisPoll().add(send);
                }
                svc.on(r.value());
            });
        });
        service.gate.countDown();
        await().atMost(Duration.ofSeconds(60)).until(service.state::ready);
        await().atMost(Duration.ofSeconds(30)).until(() -> storedSum(progress) == 20);

        send(Topics.ALERTS, "unsent", 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> !service.decided.isEmpty());
        try {
            await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5))
                    .until(() -> storedSum(progress) == 20); // handled, but its send is not acknowledged
        } finally {
            send.complete(null);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> storedSum(progress) == 23);
        send(Topics.ALERTS, "after", 4);
        await().atMost(Duration.ofSeconds(30)).until(() -> storedSum(progress) == 27);
        assertThat(service.decided).hasSize(7);
        assertThat(ahead).as("offsets stored ahead of the batch being handled").isEmpty();
    }

    /**
     * A record a batch listener fails at is retried as many times as a record listener's, then
     * dead-lettered and counted as handled; the records before it in its batch count as handled (not
     * delivered again), those after it are delivered again and handled once.
     */
    @Test
    void aRecordABatchFailsAtIsRetriedThenDeadLetteredAndTheRecordsBeforeItCountAsHandled() throws Exception {
        MongoDatabase db = client.getDatabase("state-batch-c");
        ProjectionProgress progress = new ProjectionProgress(db);
        Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
        AtomicInteger attempts = new AtomicInteger();
        Service service = start(db, 1, Topics.LANES, (svc, state) -> records -> {
            for (var r : records) {
                String id = Events.requestId(r.value());
                if (id.equals("poison-4")) {
                    attempts.incrementAndGet();
                    throw ProjectionState.failedAt(r, new IllegalStateException("cannot fold this one"));
                }
                handled.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            }
        });
        service.gate.countDown();
        await().atMost(Duration.ofSeconds(60)).until(service.state::ready);

        send(Topics.LANES, "poison", 10);
        await().atMost(Duration.ofSeconds(60)).until(() -> storedSum(progress) == 10);
        assertThat(attempts).as("tried as often as a record listener tries a record").hasValue(settings.retryAttempts());
        assertThat(handled).hasSize(9).doesNotContainKey("poison-4").allSatisfy((id, n) -> assertThat(n).hasValue(1));
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(Map.of(
                "bootstrap.servers", broker.getBrokersAsString(), "group.id", "state-test-dlt",
                "auto.offset.reset", "earliest", "key.deserializer",
                org.apache.kafka.common.serialization.StringDeserializer.class.getName(), "value.deserializer",
                org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName()))) {
            consumer.subscribe(List.of(Topics.DLT_ROUTER));
            List<String> keys = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
                return keys.contains("poison-4");
            });
        }
    }

    private static long storedSum(ProjectionProgress progress) {
        return storedSum(progress, GROUP);
    }

    private static long storedSum(ProjectionProgress progress, String group) {
        return progress.offsets(group).values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Two containers of one group with two consumers each on a four-partition topic: the service is ready only
     * once every partition is folded up to its noted end, although one container stops mid catch-up (its
     * partitions move to the other's consumers) and then joins again; every record is folded, or handled live,
     * exactly once; no partition is left paused; and a restart resumes where the four consumers' offsets say.
     */
    @Test
    void withSeveralConsumersItIsReadyOnlyWhenEveryPartitionIsCaughtUpThroughRebalancesAndFoldsEachRecordOnce()
            throws Exception {
        String topic = "state-test.four-partitions";
        TopicAdmin.ensure(new KafkaSettings(settings.bootstrapServers(), 4, (short) 1, settings.retryInitial(),
                settings.retryMax(), settings.retryAttempts()), List.of(topic));
        for (int i = 0; i < 80; i++) {
            sendTo(topic, i % 4, "history-" + i);
        }
        MongoDatabase db = client.getDatabase("state-d");
        Semaphore permits = new Semaphore(0);
        AtomicBoolean leaving = new AtomicBoolean();
        Service service = startConcurrent(db, topic, permits, leaving);
        assertThat(containers).allSatisfy(c -> assertThat(c.getConcurrency()).isEqualTo(2));
        // a consumer blocked in its listener cannot rejoin a rebalance: one record at a time until the four
        // consumers have joined and have a partition each
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            boolean shared = containers.stream().flatMap(c -> c.getContainers().stream())
                    .filter(child -> child.getAssignedPartitions() != null && child.getAssignedPartitions().size() == 1)
                    .count() == 4;
            if (!shared) {
                permits.release();
            }
            return shared;
        });
        assertThat(service.state.recordsToCatchUp()).isEqualTo(80);
        int before = total(service.folded);
        permits.release(8);
        await().atMost(Duration.ofSeconds(30)).until(() -> total(service.folded) == before + 8);
        assertThat(service.state.ready()).isFalse();
        for (int p = 0; p < 4; p++) {
            sendTo(topic, p, "during-" + p); // past the noted ends: held back, handled live once ready
        }
        leaving.set(true);
        ConcurrentMessageListenerContainer<String, SpecificRecord> second = containers.get(1);
        second.stop(); // mid catch-up: its partitions go to the first container's consumers
        assertThat(service.state.ready()).isFalse();
        second.start(); // and it joins again: they are shared out once more
        permits.release(10_000);

        await().atMost(Duration.ofSeconds(60)).until(service.state::ready);
        assertThat(service.foldedWhenCaughtUp).as("folded when it caught up").isEqualTo(80);
        assertThat(service.folded).hasSize(80).allSatisfy((id, n) -> assertThat(n).as(id).hasValue(1));
        for (int p = 0; p < 4; p++) {
            sendTo(topic, p, "after-" + p);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> service.decided.size() >= 8);
        assertThat(service.decided).as("handled live, each once, on every partition").containsExactlyInAnyOrder(
                "during-0", "during-1", "during-2", "during-3", "after-0", "after-1", "after-2", "after-3");
        for (ConcurrentMessageListenerContainer<String, SpecificRecord> c : containers) {
            for (var child : c.getContainers()) {
                for (int p = 0; p < 4; p++) {
                    assertThat(child.isPartitionPauseRequested(new org.apache.kafka.common.TopicPartition(topic, p)))
                            .as("partition %d paused", p).isFalse();
                }
            }
        }
        assertThat(service.wentLive).hasValue(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> storedSum(new ProjectionProgress(db), GROUP + "-four") == 88);
        stopContainers();
        containers.clear();

        Service again = startConcurrent(db, topic, new Semaphore(10_000), new AtomicBoolean());
        await().atMost(Duration.ofSeconds(60)).until(again.state::ready);
        assertThat(again.folded).as("nothing folded again after a restart").isEmpty();
        assertThat(again.decided).isEmpty();
    }

    /** Two containers ("four-a", "four-b") of one group on {@code topic}, at the factory's concurrency (2). */
    private Service startConcurrent(MongoDatabase db, String topic, Semaphore permits, AtomicBoolean secondLeaving) {
        Service service = new Service();
        Map<String, MessageListenerContainer> byId = new ConcurrentHashMap<>();
        KafkaListenerEndpointRegistry registry = registryOf(byId);
        service.state = new ProjectionState("test-concurrent", 1, new ProjectionProgress(db), registry,
                List.of("four-a", "four-b"), service);
        var factory = Eventing.listenerFactory(settings, GROUP + "-four", template, Topics.DLT_ROUTER, service.state);
        for (String id : List.of("four-a", "four-b")) {
            boolean second = id.equals("four-b");
            ConcurrentMessageListenerContainer<String, SpecificRecord> c = factory.createContainer(topic);
            c.getContainerProperties().setGroupId(GROUP + "-four");
            c.getContainerProperties().setStopImmediate(true);
            c.getContainerProperties().getKafkaConsumerProperties().setProperty("max.poll.records", "1");
            c.getContainerProperties().setMessageListener((MessageListener<String, SpecificRecord>) record -> {
                try {
                    // the second container's consumers stop waiting once it is told to leave
                    while (!permits.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                        if (second && secondLeaving.get()) {
                            break;
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                service.gate.countDown();
                service.on(record.value());
            });
            byId.put(id, c);
            containers.add(c);
        }
        service.state.start();
        return service;
    }

    /** A registry that knows the test's containers by id. */
    private static KafkaListenerEndpointRegistry registryOf(Map<String, MessageListenerContainer> byId) {
        return new KafkaListenerEndpointRegistry() {
            @Override
            public MessageListenerContainer getListenerContainer(String id) {
                return byId.get(id);
            }
        };
    }

    private static void sendTo(String topic, int partition, String requestId) throws Exception {
        template.send(topic, partition, requestId, SampleEvents.requestReceived(requestId, Right.ERASURE, "mes", null)).get();
    }

    private static int total(Map<String, AtomicInteger> folded) {
        return folded.values().stream().mapToInt(AtomicInteger::get).sum();
    }


    /**
     * A start with nothing to fold holds every partition back at its end from its assignment (so the consumer sends no
     * fetch while catching up): once ready, each partition is let go and what comes live is handled, once.
     */
    @Test
    void aServiceWithNothingToFoldIsReadyAndThenHandlesWhatComesLiveOnEveryPartition() throws Exception {
        MongoDatabase db = client.getDatabase("state-e"); // a topic of its own: the other tests count theirs
        Service first = start(db, 1, Topics.AUDIT);
        first.gate.countDown();
        await().atMost(Duration.ofSeconds(60)).until(first.state::ready);
        stopContainers();
        containers.clear();

        Service second = start(db, 1, Topics.AUDIT);
        second.gate.countDown();
        await().atMost(Duration.ofSeconds(60)).until(second.state::ready);
        assertThat(second.cleared).as("the store is kept").hasValue(0);
        assertThat(second.folded).as("nothing to fold").isEmpty();
        int partitions = template.partitionsFor(Topics.AUDIT).size();
        List<String> sent = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            sendTo(Topics.AUDIT, p, "idle-start-" + p);
            sent.add("idle-start-" + p);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> second.decided.size() >= partitions);
        assertThat(second.decided).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(second.wentLive).hasValue(1);
    }

    @Test
    void anOnDemandRebuildFoldsEverythingAgainAndAnswers503Meanwhile() throws Exception {
        MongoDatabase db = client.getDatabase("state-b");
        send(Topics.CASES, "rebuild", 20);
        Service service = start(db, 1, Topics.CASES);
        service.gate.countDown();
        await().atMost(Duration.ofSeconds(60)).until(service.state::ready);
        int before = service.folded.size();
        assertThat(before).isPositive();

        service.state.rebuild();
        assertThat(service.cleared).hasValue(2);
        assertThat(service.state.ready()).isFalse();
        await().atMost(Duration.ofSeconds(60)).until(service.state::ready);
        assertThat(service.folded.values()).allSatisfy(n -> assertThat(n).hasValue(2));
        assertThat(service.wentLive).hasValue(2);
    }

    @Test
    void stagesFoldTheirTopicsInOrderWhileCatchingUp() throws Exception {
        MongoDatabase db = client.getDatabase("state-c");
        send(Topics.TASKS, "cause", 50);
        send(Topics.TASK_RESULTS, "effect", 50);
        List<String> order = new CopyOnWriteArrayList<>();
        Map<String, MessageListenerContainer> byId = new ConcurrentHashMap<>();
        KafkaListenerEndpointRegistry registry = registryOf(byId);
        Service hooks = new Service();
        ProjectionState state = new ProjectionState("staged", 1, new ProjectionProgress(db), registry,
                List.of(List.of("causes"), List.of("effects")), hooks);
        var factory = Eventing.listenerFactory(settings, GROUP + "-staged", template, Topics.DLT_ROUTER, state);
        for (String[] listener : new String[][] {{"causes", Topics.TASKS}, {"effects", Topics.TASK_RESULTS}}) {
            ConcurrentMessageListenerContainer<String, SpecificRecord> c = factory.createContainer(listener[1]);
            c.getContainerProperties().setGroupId(GROUP + "-staged");
            c.getContainerProperties().setMessageListener(
                    (MessageListener<String, SpecificRecord>) r -> order.add(Events.requestId(r.value())));
            byId.put(listener[0], c);
            containers.add(c);
        }
        state.start();
        await().atMost(Duration.ofSeconds(60)).until(state::ready);
        assertThat(order).hasSize(100);
        assertThat(order.subList(0, 50)).as("every cause is folded before any effect").allMatch(id -> id.startsWith("cause-"));
        assertThat(hooks.wentLive).hasValue(1);
    }
}
