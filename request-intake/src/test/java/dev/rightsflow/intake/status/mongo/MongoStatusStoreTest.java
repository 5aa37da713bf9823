package dev.rightsflow.intake.status.mongo;

import dev.rightsflow.intake.shared.mongo.CountedMongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;


import dev.rightsflow.deadline.UkDivision;
import dev.rightsflow.intake.shared.application.BatchWritten;
import dev.rightsflow.intake.status.application.StatusStore;
import dev.rightsflow.intake.status.model.CaseFact;
import dev.rightsflow.intake.request.model.Channel;
import dev.rightsflow.intake.status.model.RequestStatus;
import dev.rightsflow.intake.request.model.RightType;
import dev.rightsflow.intake.request.model.Verification;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The citizen-status view through the real driver against the in-process server: once the store
 * knows a request, a fact costs one round trip that examines one document (the replace on
 * {@code _id} and version), a fact already folded in costs none, and a second writer on the same
 * documents (another intake instance) loses nothing: a stale version is read again and folded. A batch
 * (a poll of the status listener) is one read and one bulk write with the outcome of its facts one at
 * a time, folded again one at a time when another writer got there first, stopped where a fact cannot
 * be folded with those before it written, and a no-op when delivered again after a restart.
 */
class MongoStatusStoreTest {

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    @AutoClose
    private final CountedMongo mongo = new CountedMongo();

    private MongoStatusStore store() {
        return new MongoStatusStore(mongo.database("status-test"));
    }

    private MongoStatusStore store(String database) {
        return new MongoStatusStore(mongo.database(database));
    }

    private CaseFact.Received received(String requestId) {
        return new CaseFact.Received("ev-received-" + requestId, now, requestId, "token-hash", "ecs", null, RightType.ACCESS,
                Channel.WEB_FORM, now, Verification.NONE, LocalDate.of(2027, 1, 4), null, "fingerprint", null, null);
    }

    @Test
    void aKnownRequestTakesOneRoundTripPerFactAndARepeatedFactNone() {
        MongoStatusStore store = store();
        for (int i = 0; i < 500; i++) {
            store.apply("other-" + i, received("other-" + i)).block();
        }
        store.apply("r-1", received("r-1")).block();

        long commandsBefore = mongo.commands();
        long examinedBefore = mongo.documentsExamined();
        store.apply("r-1", new CaseFact.Accepted("ev-accepted", now.plusSeconds(1))).block();
        store.apply("r-1", new CaseFact.ReadyToAnswer("ev-ready", now.plusSeconds(2), "done")).block();
        assertThat(mongo.commands() - commandsBefore).as("round trips for two facts").isEqualTo(2);
        assertThat(mongo.documentsExamined() - examinedBefore).as("documents examined for two facts").isEqualTo(2);

        commandsBefore = mongo.commands();
        RequestStatus again = store.apply("r-1", new CaseFact.Accepted("ev-accepted", now.plusSeconds(1))).block();
        assertThat(mongo.commands() - commandsBefore).as("a fact already folded in writes nothing").isZero();
        assertThat(again.accepted()).isTrue();

        RequestStatus stored = store().find("r-1").block().orElseThrow();
        assertThat(stored.accepted()).isTrue();
        assertThat(stored.readySummary()).isEqualTo("done");
        assertThat(stored.appliedEventIds()).containsExactly("ev-received-r-1", "ev-accepted", "ev-ready");
    }

    /**
     * The status is mapped to BSON without JSON text: it reads back equal, its stored shape is the one the JSON text
     * gave (so statuses stored before read the same), and a new request's receipt costs one round trip (an insert,
     * no read), while a receipt for a request stored already (another instance, a replay) loses none of its facts.
     */
    @Test
    void aStatusReadsBackEqualInTheShapeItsJsonGaveAndANewReceiptIsOneInsert() {
        MongoStatusStore store = store();
        store.apply("rt-0", received("rt-0")).block();
        long commandsBefore = mongo.commands();
        store.apply("rt-1", new CaseFact.Received("ev-received-rt-1", now, "rt-1", "token-hash", "ecs", "ecs-library",
                RightType.ERASURE, Channel.API, now, Verification.EMAIL_CODE, LocalDate.of(2027, 1, 4), "rt-0",
                "fingerprint", UkDivision.SCOTLAND, "processor-1")).block();
        assertThat(mongo.commands() - commandsBefore).as("round trips for a new request's receipt").isEqualTo(1);
        List<CaseFact> facts = List.of(
                new CaseFact.CaseOpened("ev-opened", now.plusSeconds(1), "ecs", UkDivision.SCOTLAND, now, LocalDate.of(2027, 1, 4), false),
                new CaseFact.Planned("ev-planned", now.plusSeconds(2),
                        List.of(new RequestStatus.Task("t-1", "crm", "erase", RequestStatus.TaskState.PLANNED, null),
                                new RequestStatus.Task("t-2", "mailing", "erase", RequestStatus.TaskState.PLANNED, "é \"quoted\"")),
                        List.of("legal-hold"), List.of(new RequestStatus.Signpost("Other Org", "holds a copy", "dpo@example.org"))),
                new CaseFact.TaskDone("ev-done", now.plusSeconds(3), "t-1", "crm", "erase", true, "erased 3 records"),
                new CaseFact.ClockPaused("ev-paused", now.plusSeconds(4), now.plusSeconds(4), "which account?"),
                new CaseFact.DeadlineExtended("ev-extended", now.plusSeconds(5), LocalDate.of(2027, 3, 4), "complex"),
                new CaseFact.PackageReady("ev-package", now.plusSeconds(6), "pkg-1", now.plusSeconds(86_400)));
        RequestStatus folded = null;
        for (CaseFact fact : facts) {
            folded = store.apply("rt-1", fact).block();
        }
        assertThat(store().find("rt-1").block()).as("read back by a store that remembers nothing").contains(folded);

        JsonMapper json = JsonMapper.builder().build();
        Document stored = Mono.from(mongo.database("status-test").getCollection(MongoStatusStore.COLLECTION)
                .find(new Document("_id", "rt-1")).first()).block();
        assertThat(stored.get("status", Document.class).toJson()).as("the shape the JSON text gave")
                .isEqualTo(Document.parse(json.writeValueAsString(folded)).toJson());

        // a status stored through the JSON text (as before) reads back the same
        Mono.from(mongo.database("status-test").getCollection(MongoStatusStore.COLLECTION).insertOne(new Document("_id", "rt-old")
                .append("version", 1L).append("status", Document.parse(json.writeValueAsString(folded))))).block();
        assertThat(store().find("rt-old").block()).contains(folded);

        // the receipt again, to a store that does not remember the request: the insert collides, nothing is lost
        RequestStatus again = store().apply("rt-1", new CaseFact.Received("ev-received-rt-1", now, "rt-1", "token-hash", "ecs",
                "ecs-library", RightType.ERASURE, Channel.API, now, Verification.EMAIL_CODE, LocalDate.of(2027, 1, 4), "rt-0",
                "fingerprint", UkDivision.SCOTLAND, "processor-1")).block();
        assertThat(again).isEqualTo(folded);
        assertThat(store().find("rt-1").block()).contains(folded);
    }

    @Test
    void anotherWritersChangeIsFoldedInNotOverwritten() {
        MongoStatusStore first = store();
        MongoStatusStore second = store();
        first.apply("r-2", received("r-2")).block();
        second.apply("r-2", new CaseFact.Accepted("ev-accepted", now.plusSeconds(1))).block();
        // the first store remembers the version before the second wrote: its replace misses, it reads again and folds
        first.apply("r-2", new CaseFact.ReadyToAnswer("ev-ready", now.plusSeconds(2), "done")).block();
        first.forgetFingerprint("r-2").block();
        first.apply("r-2", new CaseFact.Closed("ev-closed", now.plusSeconds(3), "ANSWERED", "answered")).block();

        RequestStatus stored = store().find("r-2").block().orElseThrow();
        assertThat(stored.accepted()).as("the second writer's fact").isTrue();
        assertThat(stored.readySummary()).isEqualTo("done");
        assertThat(stored.fingerprint()).as("forgotten, and not written back from memory").isNull();
        assertThat(stored.appliedEventIds()).containsExactly("ev-received-r-2", "ev-accepted", "ev-ready", "ev-closed");
    }

    /** Three requests' facts interleaved as a poll brings them: several per request. */
    private List<StatusStore.Keyed> poll() {
        List<StatusStore.Keyed> facts = new ArrayList<>();
        for (String id : List.of("b-1", "b-2", "b-3")) {
            facts.add(new StatusStore.Keyed(id, received(id)));
        }
        for (String id : List.of("b-1", "b-2", "b-3")) {
            facts.add(new StatusStore.Keyed(id, new CaseFact.Accepted("ev-accepted-" + id, now.plusSeconds(1))));
        }
        facts.add(new StatusStore.Keyed("b-1", new CaseFact.ClockPaused("ev-paused-b-1", now.plusSeconds(2),
                now.plusSeconds(2), "which account?")));
        facts.add(new StatusStore.Keyed("b-1", new CaseFact.ClockResumed("ev-resumed-b-1", now.plusSeconds(3),
                now.plusSeconds(3))));
        facts.add(new StatusStore.Keyed("b-2", new CaseFact.ReadyToAnswer("ev-ready-b-2", now.plusSeconds(4), "done")));
        facts.add(new StatusStore.Keyed("b-2", new CaseFact.Closed("ev-closed-b-2", now.plusSeconds(5), "ANSWERED", "answered")));
        return facts;
    }

    @Test
    void aBatchIsOneReadAndOneWriteWithTheOutcomeOfItsFactsOneAtATimeAndNothingWhenDeliveredAgain() {
        List<StatusStore.Keyed> facts = poll();
        MongoStatusStore oneAtATime = store("one-at-a-time");
        List<RequestStatus> expected = new ArrayList<>();
        facts.forEach(f -> expected.add(oneAtATime.apply(f.requestId(), f.fact()).block()));

        // other requests stored first, so that a query walking the collection would show
        List<StatusStore.Keyed> others = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            others.add(new StatusStore.Keyed("other-" + i, received("other-" + i)));
        }
        assertThat(store().applyAll(others, status -> false).block().done()).isEqualTo(300);

        long commandsBefore = mongo.commands();
        long examinedBefore = mongo.documentsExamined();
        BatchWritten<RequestStatus> batch = store().applyAll(facts, status -> false).block();
        assertThat(batch.failure()).isNull();
        assertThat(batch.results()).as("the status after each fact, as one at a time").isEqualTo(expected);
        assertThat(mongo.commands() - commandsBefore).as("round trips: one _id $in read, one bulk write").isEqualTo(2);
        assertThat(mongo.documentsExamined() - examinedBefore).as("documents examined: served by _id, not a walk")
                .isLessThanOrEqualTo(3);
        for (String id : List.of("b-1", "b-2", "b-3")) {
            assertThat(store().find(id).block()).as(id).isEqualTo(oneAtATime.find(id).block());
        }

        // delivered again after a restart (nothing remembered): one read, nothing written, nothing doubled
        commandsBefore = mongo.commands();
        examinedBefore = mongo.documentsExamined();
        BatchWritten<RequestStatus> again = store().applyAll(facts, status -> false).block();
        long roundTrips = mongo.commands() - commandsBefore;
        long examined = mongo.documentsExamined() - examinedBefore;
        assertThat(again.failure()).isNull();
        for (int i = 0; i < facts.size(); i++) {
            assertThat(again.results().get(i)).as("every fact already in: the status as stored")
                    .isEqualTo(oneAtATime.find(facts.get(i).requestId()).block().orElseThrow());
        }
        assertThat(roundTrips).as("round trips when delivered again").isEqualTo(1);
        assertThat(examined).as("served by _id: a handful, not a walk of the 303 stored").isLessThan(20);
        assertThat(store().find("b-1").block().orElseThrow().appliedEventIds())
                .containsExactly("ev-received-b-1", "ev-accepted-b-1", "ev-paused-b-1", "ev-resumed-b-1");
    }

    @Test
    void aBatchOverAnotherWritersChangeIsFoldedAgainOneAtATimeAndLosesNothing() {
        MongoStatusStore first = store();
        MongoStatusStore second = store();
        first.applyAll(List.of(new StatusStore.Keyed("c-1", received("c-1"))), status -> false).block();
        second.apply("c-1", new CaseFact.Accepted("ev-accepted", now.plusSeconds(1))).block();
        // the first store remembers version 1: its bulk replace misses, and the batch is folded again one at a time
        BatchWritten<RequestStatus> batch = first.applyAll(List.of(
                new StatusStore.Keyed("c-1", new CaseFact.ReadyToAnswer("ev-ready", now.plusSeconds(2), "done")),
                new StatusStore.Keyed("c-2", received("c-2")),
                new StatusStore.Keyed("c-1", new CaseFact.Closed("ev-closed", now.plusSeconds(3), "ANSWERED", "answered"))),
                status -> false).block();

        assertThat(batch.failure()).isNull();
        assertThat(batch.done()).isEqualTo(3);
        RequestStatus stored = store().find("c-1").block().orElseThrow();
        assertThat(stored.appliedEventIds()).containsExactly("ev-received-c-1", "ev-accepted", "ev-ready", "ev-closed");
        assertThat(store().find("c-2").block()).isPresent();
        // and what it remembers is what is stored: the next fact is one replace that matches
        long commandsBefore = mongo.commands();
        first.apply("c-1", new CaseFact.PackageReady("ev-package", now.plusSeconds(4), "pkg", now.plusSeconds(99))).block();
        assertThat(mongo.commands() - commandsBefore).isEqualTo(1);
    }

    @Test
    void aFactThatCannotBeFoldedStopsTheBatchThereWithTheFactsBeforeItWritten() {
        // a plan without its task list: folding it fails, as a fact the model cannot read would
        BatchWritten<RequestStatus> batch = store().applyAll(List.of(
                new StatusStore.Keyed("d-1", received("d-1")),
                new StatusStore.Keyed("d-2", received("d-2")),
                new StatusStore.Keyed("d-1", new CaseFact.Planned("ev-bad-plan", now.plusSeconds(1), null, List.of(), List.of())),
                new StatusStore.Keyed("d-2", new CaseFact.Accepted("ev-accepted-d-2", now.plusSeconds(2)))),
                status -> false).block();

        assertThat(batch.done()).as("facts written before the one that failed").isEqualTo(2);
        assertThat(batch.failure()).isInstanceOf(NullPointerException.class);
        assertThat(store().find("d-1").block().orElseThrow().appliedEventIds()).containsExactly("ev-received-d-1");
        assertThat(store().find("d-2").block().orElseThrow().appliedEventIds()).as("nothing after it")
                .containsExactly("ev-received-d-2");
    }

    @Test
    void aBatchStopsAfterTheFirstStatusTheCallerWantsToActOnAsItStoodThen() {
        BatchWritten<RequestStatus> batch = store().applyAll(List.of(
                new StatusStore.Keyed("e-1", received("e-1")),
                new StatusStore.Keyed("e-1", new CaseFact.ClockPaused("ev-paused", now.plusSeconds(1), now.plusSeconds(1), "why")),
                new StatusStore.Keyed("e-1", new CaseFact.ClockResumed("ev-resumed", now.plusSeconds(2), now.plusSeconds(2)))),
                RequestStatus::paused).block();

        assertThat(batch.failure()).isNull();
        assertThat(batch.done()).isEqualTo(2);
        assertThat(store().find("e-1").block().orElseThrow().paused()).as("stored as it stood after the pause").isTrue();
    }
}
