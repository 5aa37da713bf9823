package dev.rightsflow.connectors.tasks.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;

import de.bwaldvogel.mongo.MongoServer;
import dev.rightsflow.connectors.spi.TaskDetails;
import dev.rightsflow.connectors.spi.TaskSubject;
import dev.rightsflow.connectors.tasks.model.TaskRecord.PendingEvent;
import dev.rightsflow.connectors.tasks.model.TaskRecord;
import dev.rightsflow.connectors.tasks.model.TaskStatus;
import dev.rightsflow.schemas.model.Action;
import dev.rightsflow.schemas.embedded.IndexedMemoryBackend;
import dev.rightsflow.schemas.testing.InProcessMongo;
import reactor.core.publisher.Flux;

/**
 * The runner's periodic sweeps read the open work they are looking for, not the history: on the
 * in-process server (whose document count is MongoDB's {@code totalDocsExamined}) the due tasks,
 * the reminders, the unacknowledged events, the cancellations and a paused system's tasks cost the
 * same number of documents examined before and after 3,000 completed, failed and cancelled tasks
 * join the store, and a task that completes drops out of every sweep. The listeners' bulk steps (a
 * poll's dispatched tasks inserted once, its results written version-conditioned) read and write by
 * {@code _id} only, so they too cost what the poll holds, not what the store holds.
 */
class MongoTaskStoreSweepTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private final IndexedMemoryBackend backend = new IndexedMemoryBackend();
    private MongoServer server;
    private MongoClient client;
    private MongoTaskStore store;

    @BeforeEach
    void start() {
        server = new MongoServer(backend);
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        client = MongoClients.create(InProcessMongo.uri(server));
        store = new MongoTaskStore(client.getDatabase("sweeps"));
        store.createIndexes().block();
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    private static TaskRecord task(String id, String system) {
        return TaskRecord.dispatched(id, "req-" + id, "ecs", system, "generic-rest", Action.ERASE, "ERASURE", Map.of(),
                new TaskSubject("A Person", "a@example.org", null, null, Map.of()), TaskDetails.none(), List.of(),
                LocalDate.of(2027, 1, 31), NOW.minusSeconds(600));
    }

    private void put(TaskRecord task) {
        store.put(task).block();
    }

    /** Documents the store's server examined to answer the query. */
    private <T> Examined<T> examined(Supplier<Flux<T>> query) {
        long before = backend.documentsExamined();
        List<T> found = query.get().collectList().block(Duration.ofSeconds(10));
        return new Examined<>(found, backend.documentsExamined() - before);
    }

    private record Examined<T>(List<T> found, long documents) {
    }

    /** What each sweep of one poll finds and costs. */
    private List<Examined<String>> sweep() {
        List<Examined<String>> sweeps = new ArrayList<>();
        sweeps.add(examined(() -> store.due(NOW, 200, Set.of("paused-system")).map(TaskRecord::taskId)));
        sweeps.add(examined(() -> store.runnableOf(Set.of("paused-system")).map(TaskRecord::taskId)));
        sweeps.add(examined(() -> store.byStatus(TaskStatus.CANCELLING).map(TaskRecord::taskId)));
        sweeps.add(examined(() -> store.remindersDue(NOW, 200).map(TaskRecord::taskId)));
        sweeps.add(examined(() -> store.unpublished(NOW.minusSeconds(20), 200).map(TaskRecord::taskId)));
        return sweeps;
    }

    @Test
    void aSweepExaminesTheOpenWorkItFindsWhateverTheHistory() {
        for (int i = 0; i < 20; i++) {
            put(task("due-" + i, "system-a"));
        }
        for (int i = 0; i < 10; i++) {
            put(task("later-" + i, "system-a").change().status(TaskStatus.RETRY_SCHEDULED).nextAttemptAt(NOW.plusSeconds(3600)).at(NOW));
        }
        put(task("paused-1", "paused-system"));
        put(task("paused-2", "paused-system").change().status(TaskStatus.RETRY_SCHEDULED).nextAttemptAt(NOW.plusSeconds(60)).at(NOW));
        put(task("lease-ended", "system-a").change().status(TaskStatus.RUNNING).leaseUntil(NOW.minusSeconds(1)).at(NOW.minusSeconds(300)));
        put(task("running", "system-a").change().status(TaskStatus.RUNNING).leaseUntil(NOW.plusSeconds(300)).at(NOW));
        put(task("cancelling", "system-a").change().status(TaskStatus.CANCELLING).nextAttemptAt(NOW).at(NOW));
        put(task("remind-now", "system-b").change().status(TaskStatus.NEEDS_PERSON).nextReminderAt(NOW.minusSeconds(5)).at(NOW.minusSeconds(900)));
        put(task("remind-later", "system-b").change().status(TaskStatus.NEEDS_PERSON).nextReminderAt(NOW.plusSeconds(86_400)).at(NOW));
        put(task("unacknowledged", "system-b").change().status(TaskStatus.FAILED)
                .pendingEvent(new PendingEvent(PendingEvent.Kind.FAILED_PERMANENT, "ev-1", NOW.minusSeconds(60), "gone")).at(NOW.minusSeconds(60)));

        List<Examined<String>> before = sweep();
        assertThat(before.get(0).found()).hasSize(21).contains("due-0", "due-19", "lease-ended").doesNotContain("paused-1", "running");
        assertThat(before.get(1).found()).containsExactlyInAnyOrder("paused-1", "paused-2");
        assertThat(before.get(2).found()).containsExactly("cancelling");
        assertThat(before.get(3).found()).containsExactly("remind-now");
        assertThat(before.get(4).found()).containsExactly("unacknowledged");

        // 3,000 tasks the runner is done with, settled every way a task settles, some of them in the paused system
        List<org.bson.Document> history = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            TaskRecord dispatched = task("done-" + i, i % 10 == 0 ? "paused-system" : "system-a");
            TaskRecord.Builder settled = switch (i % 4) {
                case 0 -> dispatched.change().status(TaskStatus.COMPLETED).summary("erased");
                case 1 -> dispatched.change().status(TaskStatus.FAILED).lastReason("refused");
                case 2 -> dispatched.change().status(TaskStatus.CANCELLED).lastReason("withdrawn");
                default -> dispatched.change().status(TaskStatus.COMPLETED).summary("confirmed").nextReminderAt(null);
            };
            // stored as the store stores them, in one bulk insert to keep the test quick
            history.add(MongoTaskStore.toDocument(settled.at(NOW.minusSeconds(120))));
        }
        reactor.core.publisher.Mono.from(client.getDatabase("sweeps").getCollection(MongoTaskStore.COLLECTION).insertMany(history)).block();
        List<Examined<String>> after = sweep();
        for (int s = 0; s < before.size(); s++) {
            assertThat(after.get(s).found()).as("sweep %d finds the same", s).containsExactlyInAnyOrderElementsOf(before.get(s).found());
            assertThat(after.get(s).documents()).as("sweep %d examines as many documents with the history as without", s)
                    .isEqualTo(before.get(s).documents());
        }
        // and exactly the open work in its range: the due tasks and the paused system's due task, which the sweep leaves out
        assertThat(after.get(0).documents()).isEqualTo(22);
        assertThat(after.get(1).documents()).isEqualTo(2);
        assertThat(after.get(3).documents()).isEqualTo(1);

        // claiming a due task reads that one task; once settled it drops out of every sweep
        long claimedBefore = backend.documentsExamined();
        TaskRecord claimed = store.claim("due-0", NOW, NOW.plusSeconds(300)).block();
        assertThat(claimed.status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(backend.documentsExamined() - claimedBefore).isEqualTo(1);
        assertThat(store.claim("due-0", NOW, NOW.plusSeconds(300)).blockOptional()).as("one claim per task").isEmpty();
        assertThat(store.replace(claimed.change().status(TaskStatus.COMPLETED).leaseUntil(null).at(NOW)).block()).isTrue();
        List<Examined<String>> settled = sweep();
        assertThat(settled.get(0).found()).hasSize(20).doesNotContain("due-0");
        assertThat(settled.get(0).documents()).isEqualTo(21);
    }

    @Test
    void aSweepOfABacklogReadsItsBatchOfTheEarliestDueNotTheWholeBacklog() {
        // 1,500 due tasks (a burst the runner has not caught up with), due one second apart, stored in a shuffled order
        List<org.bson.Document> backlog = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
            backlog.add(MongoTaskStore.toDocument(task("t-" + i, i % 7 == 0 ? "paused-system" : "system-a").change()
                    .status(TaskStatus.RETRY_SCHEDULED).nextAttemptAt(NOW.minusSeconds(2_000 - i)).at(NOW.minusSeconds(3_000))));
        }
        java.util.Collections.shuffle(backlog, new java.util.Random(5));
        reactor.core.publisher.Mono.from(client.getDatabase("sweeps").getCollection(MongoTaskStore.COLLECTION).insertMany(backlog)).block();

        Examined<TaskRecord> sweep = examined(() -> store.due(NOW, 50, Set.of("paused-system")));
        List<String> earliest = new ArrayList<>();
        for (int i = 0; earliest.size() < 50; i++) {
            if (i % 7 != 0) {
                earliest.add("t-" + i);
            }
        }
        assertThat(sweep.found()).extracting(TaskRecord::taskId).as("the 50 earliest due, earliest first")
                .containsExactlyElementsOf(earliest);
        assertThat(sweep.documents()).as("the batch and the paused system's tasks among them, not the 1,500")
                .isLessThanOrEqualTo(60);
    }

    @Test
    void aSweepOfABacklogOfRemindersAndUnacknowledgedEventsReadsItsBatchNotTheWholeBacklog() {
        // 1,500 tasks waiting for a person whose reminder is due, and 1,500 whose result event Kafka has not acknowledged
        List<org.bson.Document> backlog = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
            backlog.add(MongoTaskStore.toDocument(task("remind-" + i, "system-b").change().status(TaskStatus.NEEDS_PERSON)
                    .nextReminderAt(NOW.minusSeconds(1_500 - i)).at(NOW.minusSeconds(90_000))));
            backlog.add(MongoTaskStore.toDocument(task("pending-" + i, "system-b").change().status(TaskStatus.FAILED)
                    .pendingEvent(new PendingEvent(PendingEvent.Kind.FAILED_PERMANENT, "ev-" + i, NOW.minusSeconds(60), "gone"))
                    .at(NOW.minusSeconds(60))));
        }
        reactor.core.publisher.Mono.from(client.getDatabase("sweeps").getCollection(MongoTaskStore.COLLECTION).insertMany(backlog)).block();

        Examined<String> reminders = examined(() -> store.remindersDue(NOW, 50).map(TaskRecord::taskId));
        assertThat(reminders.found()).hasSize(50).allMatch(id -> id.startsWith("remind-"));
        assertThat(reminders.documents()).as("the batch of reminders, not the 1,500").isLessThanOrEqualTo(60);
        Examined<String> unacknowledged = examined(() -> store.unpublished(NOW.minusSeconds(20), 50).map(TaskRecord::taskId));
        assertThat(unacknowledged.found()).hasSize(50).allMatch(id -> id.startsWith("pending-"));
        assertThat(unacknowledged.documents()).as("the batch of unacknowledged events, not the 1,500").isLessThanOrEqualTo(60);
    }

    /** 1,000 settled tasks of history, stored as the store stores them, in one bulk insert to keep the test quick. */
    private void history() {
        List<org.bson.Document> history = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            history.add(MongoTaskStore.toDocument(task("old-" + i, "system-a").change().status(TaskStatus.COMPLETED).at(NOW)));
        }
        reactor.core.publisher.Mono.from(client.getDatabase("sweeps").getCollection(MongoTaskStore.COLLECTION).insertMany(history)).block();
    }

    @Test
    void aPollsDispatchedTasksAreStoredOnceWithOneIndexServedReadAndItsRedeliveryStoresNothing() {
        history();
        put(task("known", "system-a"));
        // a poll of plans for four requests (three tasks each), one task dispatched twice in it and one already stored
        List<TaskRecord> poll = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            for (int t = 0; t < 3; t++) {
                poll.add(TaskRecord.dispatched("r" + r + "-t" + t, "req-" + r, "ecs", "system-" + t, "manual", Action.ERASE, "ERASURE",
                        Map.of(), new TaskSubject("A Person", "a@example.org", null, null, Map.of()), TaskDetails.none(), List.of(),
                        LocalDate.of(2027, 1, 31), NOW));
            }
        }
        poll.add(poll.get(4).change().lastReason("a re-plan of the same task").at(NOW));
        poll.add(task("known", "system-a").change().lastReason("dispatched again").at(NOW));

        long before = backend.documentsExamined();
        java.util.Set<String> stored = store.insertAll(poll).block();
        assertThat(stored).hasSize(12).doesNotContain("known");
        assertThat(backend.documentsExamined() - before).as("one read by _id: the one task of the poll already stored").isEqualTo(1);
        assertThat(store.count().block()).isEqualTo(1_000 + 1 + 12);
        assertThat(store.find("r1-t1").block().lastReason()).as("the first dispatch of a task wins").isNull();
        assertThat(store.find("known").block().lastReason()).isNull();
        for (int r = 0; r < 4; r++) {
            assertThat(store.byRequest("req-" + r).collectList().block()).hasSize(3);
        }

        // the same poll delivered again (a rebalance, a restart before its offsets were stored): nothing new
        before = backend.documentsExamined();
        assertThat(store.insertAll(poll).block()).isEmpty();
        assertThat(backend.documentsExamined() - before).isEqualTo(13);
        assertThat(store.count().block()).isEqualTo(1_000 + 1 + 12);
    }

    @Test
    void aPollsResultsAreWrittenByIdAndVersionAndAStaleVersionWritesNothing() {
        history();
        for (int i = 0; i < 5; i++) {
            put(task("open-" + i, "system-a"));
        }
        List<String> ids = List.of("open-0", "open-1", "open-2", "open-3", "open-4");
        long before = backend.documentsExamined();
        Map<String, TaskRecord> read = store.findAll(ids).block();
        assertThat(read).containsOnlyKeys(ids);
        assertThat(backend.documentsExamined() - before).as("the five tasks, not the history").isEqualTo(5);

        List<dev.rightsflow.connectors.tasks.application.TaskStore.Versioned> writes = new ArrayList<>();
        read.values().forEach(t -> writes.add(new dev.rightsflow.connectors.tasks.application.TaskStore.Versioned(t.version(),
                t.change().status(TaskStatus.RUNNING).leaseUntil(NOW.plusSeconds(60)).at(NOW).change().status(TaskStatus.COMPLETED)
                        .leaseUntil(null).at(NOW))));
        before = backend.documentsExamined();
        assertThat(store.replaceAll(writes).block()).isEqualTo(5);
        assertThat(backend.documentsExamined() - before).as("each replace reads its one task").isEqualTo(5);
        assertThat(store.find("open-3").block().status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(store.find("open-3").block().version()).isEqualTo(read.get("open-3").version() + 2);

        // written again from the same read (another writer got there first): no match, nothing overwritten
        TaskRecord stale = read.get("open-0").change().status(TaskStatus.FAILED).at(NOW);
        assertThat(store.replaceAll(List.of(new dev.rightsflow.connectors.tasks.application.TaskStore.Versioned(read.get("open-0").version(),
                stale))).block()).isZero();
        assertThat(store.find("open-0").block().status()).isEqualTo(TaskStatus.COMPLETED);
    }

    @Test
    void anAcknowledgementClearsThatEventAloneInOneWriteByIdAndTheTaskLeavesTheRepublishingSweep() {
        history();
        TaskRecord failed = task("acked", "system-b").change().status(TaskStatus.FAILED).lastReason("gone")
                .pendingEvent(new PendingEvent(PendingEvent.Kind.FAILED_PERMANENT, "ev-1", NOW.minusSeconds(60), "gone"))
                .at(NOW.minusSeconds(60));
        put(failed);
        assertThat(sweep().get(4).found()).containsExactly("acked");

        // an acknowledgement of another event (an older one, the task has moved on) changes nothing
        assertThat(store.acknowledge("acked", "ev-0").block()).isFalse();
        assertThat(store.find("acked").block().pendingEvent().eventId()).isEqualTo("ev-1");

        long before = backend.documentsExamined();
        assertThat(store.acknowledge("acked", "ev-1").block()).isTrue();
        assertThat(backend.documentsExamined() - before).as("the one task, by its id, not the history").isEqualTo(1);
        TaskRecord acked = store.find("acked").block();
        assertThat(acked.pendingEvent()).isNull();
        assertThat(acked.version()).as("a writer holding the task as read before sees it changed").isEqualTo(failed.version() + 1);
        assertThat(acked.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(acked.lastReason()).isEqualTo("gone");
        assertThat(acked.updatedAt()).as("the outcome's time, which staff commands are compared with").isEqualTo(failed.updatedAt());
        assertThat(sweep().get(4).found()).isEmpty();
        assertThat(store.replace(failed.change().status(TaskStatus.PENDING).at(NOW)).block()).as("stale version").isFalse();
        assertThat(store.acknowledge("acked", "ev-1").block()).as("acknowledged once").isFalse();
    }
}
