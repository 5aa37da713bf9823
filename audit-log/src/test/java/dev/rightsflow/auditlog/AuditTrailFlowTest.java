package dev.rightsflow.auditlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Mono;

import dev.rightsflow.auditlog.cases.application.CaseProjection;
import dev.rightsflow.auditlog.kafka.FlowBatch;
import dev.rightsflow.auditlog.trail.application.AuditStore;
import dev.rightsflow.auditlog.trail.model.AuditChain;
import dev.rightsflow.auditlog.trail.model.AuditEntry;
import dev.rightsflow.auditlog.trail.model.ChainVerification;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.AuditEntryAppended;
import dev.rightsflow.schemas.avro.Division;
import dev.rightsflow.schemas.avro.PlannedTask;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.TaskAction;
import dev.rightsflow.schemas.avro.VerificationMethod;

/** The audit trail end to end: events on the flow topics → hash-chained entries, verification, exports. */
class AuditTrailFlowTest extends AuditLogIntegrationTest {

    private static final ParameterizedTypeReference<List<Map<String, Object>>> ENTRIES = new ParameterizedTypeReference<>() {
    };

    @Autowired
    @Qualifier("auditLogMongoDatabase")
    MongoDatabase mongo;

    @Autowired
    FlowBatch flowBatch;

    @Autowired
    AuditStore trailStore;

    @Autowired
    CaseProjection caseProjection;

    @Autowired
    @Qualifier("auditLogStartup")
    AuditLogStartup startup;

    /** An ECS erasure request through every flow topic; returns its id once its 6 entries are in. */
    private String ecsErasure() {
        String id = "ecs-" + UUID.randomUUID();
        Instant at = Instant.parse("2026-09-03T10:15:00Z");
        PlannedTask crm = SeedFlow.task(id, "opencrm", TaskAction.ERASE, "opencrm", LocalDate.parse("2026-09-28"));
        send(Topics.REQUESTS, SeedFlow.received(id, Right.ERASURE, "ecs", at, VerificationMethod.NONE, null));
        send(Topics.CASES, SeedFlow.resolved(id, "ecs", "ecs", Division.ENGLAND_AND_WALES, at.plusSeconds(1)));
        send(Topics.CASES, SeedFlow.opened(id, "ecs", Division.ENGLAND_AND_WALES, at, at, LocalDate.parse("2026-10-05"), false));
        send(Topics.CASES, SeedFlow.planned(id, at.plusSeconds(3), List.of(crm)));
        send(Topics.TASKS, SeedFlow.dispatched(id, crm, "ecs", at.plusSeconds(4), LocalDate.parse("2026-10-05")));
        send(Topics.TASK_RESULTS, SeedFlow.completed(id, crm, at.plusSeconds(60)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(entries(id)).hasSize(6));
        return id;
    }

    private List<Map<String, Object>> entries(String id) {
        return as("demo-ecs").get().uri("/api/v1/audit/{id}", id).exchange().expectStatus().isOk()
                .expectBody(ENTRIES).returnResult().getResponseBody();
    }

    private Map<String, Object> verification(String id) {
        return as("demo-ecs").get().uri("/api/v1/audit/{id}/verification", id).exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
                }).returnResult().getResponseBody();
    }

    @Test
    void everyEventOfARequestBecomesOneChainedEntryInOrder() {
        String id = ecsErasure();
        List<Map<String, Object>> entries = entries(id);
        assertThat(entries).extracting(e -> e.get("sourceEventType")).containsExactly("RequestReceived",
                "ControllerResolved", "CaseOpened", "CasePlanned", "TaskDispatched", "TaskCompleted");
        assertThat(entries).extracting(e -> ((Number) e.get("sequence")).longValue()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(entries.get(0).get("previousHash")).isEqualTo("0".repeat(64));
        for (int i = 1; i < entries.size(); i++) {
            assertThat(entries.get(i).get("previousHash")).isEqualTo(entries.get(i - 1).get("hash"));
        }
        assertThat(verification(id)).containsEntry("intact", true).containsEntry("entries", 6);
        // the deadline as it stood at each step: as the router stated it from the case's opening on; before that the
        // router had stated none, and audit-log works none out
        assertThat(entries).extracting(e -> e.get("deadline")).containsExactly(null, null, "2026-10-05", "2026-10-05",
                "2026-10-05", "2026-10-05");
    }

    @Test
    void theSubjectsPersonalDataAndConnectorSecretsAreNotCopiedIntoTheTrail() {
        String id = ecsErasure();
        String json = as("demo-ecs").get().uri("/api/v1/audit/{id}/export", id).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(json).doesNotContain("Alex Example", "alex@example.org", "M-1001", "secret-for-test")
                .contains("[withheld]", "RFC 8785");
    }

    @Test
    void theRoutersExternalCancellationOutcomeJoinsTheRequestsChainWithAReadablePayload() {
        String id = ecsErasure();
        send(Topics.CASES, dev.rightsflow.schemas.avro.ExternalCancellationRecorded.newBuilder()
                .setEventId(dev.rightsflow.schemas.Events.derivedId("external-cancellation", id)).setRequestId(id)
                .setOccurredAt(Instant.parse("2026-09-05T09:00:00Z"))
                .setActor(dev.rightsflow.schemas.Events.service("router")).setControllerId("partner-leeds")
                .setConfirmed(false).setOutcome("the cancellation was not confirmed (HTTP 409): tell the controller"
                        + " by hand (its contact is in the registry)").build());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(entries(id)).hasSize(7));
        Map<String, Object> entry = entries(id).get(6);
        assertThat(entry.get("sourceEventType")).isEqualTo("ExternalCancellationRecorded");
        assertThat(entry.get("actorId")).isEqualTo("router");
        assertThat(entry.get("payload")).isEqualTo(Map.of("controllerId", "partner-leeds", "confirmed", false,
                "outcome", "the cancellation was not confirmed (HTTP 409): tell the controller by hand (its contact"
                        + " is in the registry)"));
        assertThat(verification(id)).containsEntry("intact", true).containsEntry("entries", 7);
    }

    @Test
    void aRedeliveredEventMakesNoSecondEntry() {
        String id = ecsErasure();
        RequestReceived again = SeedFlow.received(id, Right.ERASURE, "ecs", Instant.parse("2026-09-03T10:15:00Z"),
                VerificationMethod.NONE, null);
        send(Topics.REQUESTS, again);
        send(Topics.REQUESTS, again);
        // a marker after the redeliveries: once it is in, the redeliveries have been handled
        send(Topics.CASE_COMMANDS, new dev.rightsflow.schemas.avro.AcceptRequest("marker-" + id, id,
                Instant.parse("2026-09-04T09:00:00Z"), dev.rightsflow.schemas.Events.staff("demo-ecs", "ecs")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(entries(id)).hasSize(7));
        assertThat(entries(id)).extracting(e -> e.get("sourceEventType")).filteredOn("RequestReceived"::equals).hasSize(1);
    }

    /** One request's events, each as the flow listener hands it to {@link FlowBatch} (recorded now). */
    private static List<FlowBatch.Item> erasureEvents(String id) {
        Instant at = Instant.parse("2026-09-03T10:15:00Z");
        PlannedTask crm = SeedFlow.task(id, "opencrm", TaskAction.ERASE, "opencrm", LocalDate.parse("2026-09-28"));
        PlannedTask mail = SeedFlow.task(id, "mailing", TaskAction.ERASE, "opencrm", LocalDate.parse("2026-09-28"));
        return List.of(
                new FlowBatch.Item(Topics.REQUESTS, SeedFlow.received(id, Right.ERASURE, "ecs", at, VerificationMethod.NONE, null), null),
                new FlowBatch.Item(Topics.CASES, SeedFlow.resolved(id, "ecs", "ecs", Division.ENGLAND_AND_WALES, at.plusSeconds(1)), null),
                new FlowBatch.Item(Topics.CASES, SeedFlow.opened(id, "ecs", Division.ENGLAND_AND_WALES, at, at,
                        LocalDate.parse("2026-10-05"), false), null),
                new FlowBatch.Item(Topics.CASES, SeedFlow.planned(id, at.plusSeconds(3), List.of(crm, mail)), null),
                new FlowBatch.Item(Topics.TASKS, SeedFlow.dispatched(id, crm, "ecs", at.plusSeconds(4), LocalDate.parse("2026-10-05")), null),
                new FlowBatch.Item(Topics.TASKS, SeedFlow.dispatched(id, mail, "ecs", at.plusSeconds(4), LocalDate.parse("2026-10-05")), null),
                new FlowBatch.Item(Topics.TASK_RESULTS, SeedFlow.completed(id, crm, at.plusSeconds(60)), null),
                new FlowBatch.Item(Topics.TASK_RESULTS, SeedFlow.completed(id, mail, at.plusSeconds(61)), null));
    }

    /** Two requests' events interleaved, as a poll holds them. */
    private static List<FlowBatch.Item> interleaved(List<FlowBatch.Item> a, List<FlowBatch.Item> b) {
        List<FlowBatch.Item> both = new java.util.ArrayList<>();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            if (i < a.size()) {
                both.add(a.get(i));
            }
            if (i < b.size()) {
                both.add(b.get(i));
            }
        }
        return both;
    }

    private List<String> chainEventTypes(String id) {
        return trailStore.chain(id).map(AuditEntry::sourceEventType).collectList().block();
    }

    private ChainVerification verified(String id) {
        return AuditChain.verify(id, trailStore.chain(id).collectList().block(), List.of());
    }

    @Test
    void severalEventsOfOneCaseInOneBatchAreChainedInEventOrderAndVerify() {
        String id = "ecs-" + UUID.randomUUID();
        String other = "ecs-" + UUID.randomUUID();
        flowBatch.ingest(interleaved(erasureEvents(id), erasureEvents(other)), false, null);

        List<String> expected = List.of("RequestReceived", "ControllerResolved", "CaseOpened", "CasePlanned",
                "TaskDispatched", "TaskDispatched", "TaskCompleted", "TaskCompleted");
        assertThat(chainEventTypes(id)).containsExactlyElementsOf(expected);
        assertThat(chainEventTypes(other)).containsExactlyElementsOf(expected);
        assertThat(verified(id)).isInstanceOf(ChainVerification.Intact.class);
        assertThat(verified(other)).isInstanceOf(ChainVerification.Intact.class);
        // the case holds every event's effect once: both tasks planned, dispatched and completed
        var file = caseProjection.find(id).join().orElseThrow();
        assertThat(file.tasks).hasSize(2).allSatisfy(t -> assertThat(t.state).isEqualTo(dev.rightsflow.auditlog.cases.model.TaskState.COMPLETED));
        assertThat(file.seenEventIds).hasSize(8).doesNotHaveDuplicates();
    }

    @Test
    void aBatchDeliveredAgainAfterACrashPartWayThroughMakesNoSecondEntry() {
        String id = "ecs-" + UUID.randomUUID();
        List<FlowBatch.Item> poll = erasureEvents(id);
        // a crash after the first three events' effects were written, before the poll's offsets were stored:
        // the whole poll is delivered again, the three with it
        flowBatch.ingest(poll.subList(0, 3), false, null);
        flowBatch.ingest(poll, false, null);
        // and once more, whole
        flowBatch.ingest(poll, false, null);

        assertThat(chainEventTypes(id)).containsExactly("RequestReceived", "ControllerResolved", "CaseOpened",
                "CasePlanned", "TaskDispatched", "TaskDispatched", "TaskCompleted", "TaskCompleted");
        assertThat(verified(id)).isInstanceOf(ChainVerification.Intact.class);
        var file = caseProjection.find(id).join().orElseThrow();
        assertThat(file.tasks).hasSize(2).allSatisfy(t -> assertThat(t.state).isEqualTo(dev.rightsflow.auditlog.cases.model.TaskState.COMPLETED));
        assertThat(file.seenEventIds).hasSize(8).doesNotHaveDuplicates();
    }

    @Test
    void aLiveBatchDeliveredAgainAfterACrashPartWayHasOneEntryPerEventEachWitnessedWithItsHash() {
        String id = "ecs-" + UUID.randomUUID();
        List<FlowBatch.Item> poll = erasureEvents(id);
        // live, as the flow listener ingests a poll: the witnesses are sent once the entries are written, before the
        // cases, and the poll awaits them; a crash after the first three events, then the whole poll again, twice
        for (List<FlowBatch.Item> delivery : List.of(poll.subList(0, 3), poll, poll)) {
            List<java.util.concurrent.CompletableFuture<?>> sends = java.util.Collections.synchronizedList(
                    new java.util.ArrayList<>());
            flowBatch.ingest(delivery, true, sends);
            java.util.concurrent.CompletableFuture.allOf(sends.toArray(java.util.concurrent.CompletableFuture[]::new))
                    .join();
        }

        List<AuditEntry> chain = trailStore.chain(id).collectList().block();
        assertThat(chain).extracting(AuditEntry::sourceEventType).containsExactly("RequestReceived",
                "ControllerResolved", "CaseOpened", "CasePlanned", "TaskDispatched", "TaskDispatched", "TaskCompleted",
                "TaskCompleted");
        // every entry witnessed, and only with the hash it is stored with (a redelivery witnesses the same entry again)
        Map<Long, String> stored = new java.util.TreeMap<>();
        chain.forEach(e -> stored.put(e.sequence(), e.hash()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Map<Long, java.util.Set<String>> witnessed = new java.util.TreeMap<>();
            topic(Topics.AUDIT).stream().filter(e -> e instanceof AuditEntryAppended a && a.getRequestId().equals(id))
                    .map(AuditEntryAppended.class::cast)
                    .forEach(a -> witnessed.computeIfAbsent(a.getSequence(), k -> new java.util.TreeSet<>()).add(a.getHash()));
            assertThat(witnessed).hasSize(8);
            witnessed.forEach((sequence, hashes) -> assertThat(hashes).containsExactly(stored.get(sequence)));
        });
        assertThat(verification(id)).containsEntry("intact", true).containsEntry("entries", 8)
                .containsEntry("witnessed", 8);
        var file = caseProjection.find(id).join().orElseThrow();
        assertThat(file.tasks).hasSize(2).allSatisfy(t -> assertThat(t.state).isEqualTo(dev.rightsflow.auditlog.cases.model.TaskState.COMPLETED));
        assertThat(file.seenEventIds).hasSize(8).doesNotHaveDuplicates();
    }

    @Test
    void verificationNamesTheEntryThatWasEditedInTheDatabase() {
        String id = ecsErasure();
        Mono.from(mongo.getCollection("audit_entries").updateOne(
                Filters.and(Filters.eq("requestId", id), Filters.eq("sequence", 3)),
                Updates.set("payload.statutoryDeadline", "2026-12-31"))).block();

        Map<String, Object> result = verification(id);

        assertThat(result).containsEntry("intact", false).containsEntry("brokenAt", 3)
                .containsEntry("problem", "CONTENT_CHANGED");
        String html = as("demo-ecs").get().uri("/api/v1/audit/{id}/export.html", id).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(html).contains("The chain is broken at entry 3");
        // axe's landmark rules: all content in one main landmark, headed; the style a file, not inline
        assertThat(html).contains("<html lang=\"en\">", "<main>", "</main></body>", "<h1>")
                .doesNotContain("<style", "style=\"");
    }

    @Test
    void verificationDetectsADeletedEntryAndTheRemovalOfTheNewestEntriesOnceAnchored() {
        String id = ecsErasure();
        as("demo-admin").post().uri("/api/v1/audit/anchors").exchange().expectStatus().isOk();

        Mono.from(mongo.getCollection("audit_entries").deleteOne(
                Filters.and(Filters.eq("requestId", id), Filters.eq("sequence", 6)))).block();
        assertThat(verification(id)).containsEntry("intact", false).containsEntry("problem", "TRUNCATED")
                .containsEntry("brokenAt", 6);

        Mono.from(mongo.getCollection("audit_entries").deleteOne(
                Filters.and(Filters.eq("requestId", id), Filters.eq("sequence", 2)))).block();
        assertThat(verification(id)).containsEntry("intact", false).containsEntry("problem", "MISSING_ENTRY")
                .containsEntry("brokenAt", 2);
    }

    @Test
    void catchingUpRecordsAtOnceTheEventsOfChainsTheWitnessesDoNotNameInsteadOfHoldingThem() {
        // As a catch-up poll after a backlog delivers them: events never recorded, of a chain no witness names.
        String id = "ecs-backlog-" + UUID.randomUUID();
        Instant at = Instant.parse("2026-09-03T10:15:00Z");
        var received = new org.apache.kafka.clients.consumer.ConsumerRecord<String, org.apache.avro.specific.SpecificRecord>(
                Topics.REQUESTS, 0, 0L, id, SeedFlow.received(id, Right.ERASURE, "ecs", at, VerificationMethod.NONE, null));
        var resolved = new org.apache.kafka.clients.consumer.ConsumerRecord<String, org.apache.avro.specific.SpecificRecord>(
                Topics.CASES, 0, 0L, id, SeedFlow.resolved(id, "ecs", "ecs", Division.ENGLAND_AND_WALES, at.plusSeconds(1)));
        int heldBefore = startup.held();

        startup.foldOrHold(List.of(received, resolved));

        assertThat(startup.held()).as("nothing held: a backlog is not kept in memory until caught up").isEqualTo(heldBefore);
        assertThat(entries(id)).as("recorded at once, in order").extracting(e -> e.get("sourceEventType"))
                .containsExactly("RequestReceived", "ControllerResolved");
        assertThat(verification(id)).containsEntry("intact", true);
        await().atMost(Duration.ofSeconds(20)).until(() -> topic(Topics.AUDIT).stream()
                .filter(e -> e instanceof AuditEntryAppended a && a.getRequestId().equals(id)).count() == 2);
    }

    @Test
    void eachEntryIsWitnessedOnTheAuditTopicWithItsHash() {
        String id = ecsErasure();
        List<Map<String, Object>> entries = entries(id);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(topic(Topics.AUDIT).stream()
                .filter(e -> e instanceof AuditEntryAppended a && a.getRequestId().equals(id))
                .map(e -> ((AuditEntryAppended) e).getHash()).distinct().toList())
                .containsExactlyElementsOf(entries.stream().map(e -> (String) e.get("hash")).toList()));
    }

    @Test
    void aLostTrailIsRebuiltFromTheTopicsEntryForEntryWithTheSameHashes() {
        String id = ecsErasure();
        List<Map<String, Object>> original = entries(id);
        await().atMost(Duration.ofSeconds(20)).until(() -> topic(Topics.AUDIT).stream()
                .filter(e -> e instanceof AuditEntryAppended a && a.getRequestId().equals(id)).count() >= 6);
        Mono.from(mongo.getCollection("audit_entries").deleteMany(Filters.eq("requestId", id))).block();
        Mono.from(mongo.getCollection("audit_heads").deleteOne(Filters.eq("_id", id))).block();
        as("demo-ecs").get().uri("/api/v1/audit/{id}", id).exchange().expectStatus().isNotFound();

        as("demo-admin").post().uri("/api/v1/dashboard/rebuild").exchange().expectStatus().isAccepted();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> as("demo-ecs").get()
                .uri("/api/v1/audit/{id}", id).exchange().returnResult(String.class).getStatus().value() == 200);

        assertThat(entries(id)).extracting(e -> e.get("hash"))
                .containsExactlyElementsOf(original.stream().map(e -> e.get("hash")).toList());
        assertThat(verification(id)).containsEntry("intact", true);
    }

    @Test
    void staffOfAnotherOrganisationCannotReadTheTrailAndStrangersMustSignIn() {
        String id = ecsErasure();
        as("demo-empower").get().uri("/api/v1/audit/{id}", id).exchange().expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        web.get().uri("/api/v1/audit/{id}", id).exchange().expectStatus().isUnauthorized();
        as("demo-admin").get().uri("/api/v1/audit/{id}", id).exchange().expectStatus().isOk();
    }

    @Test
    void thePrintableRecordListsEveryStepForTheRegulator() {
        String id = ecsErasure();
        String html = as("demo-ecs").get().uri("/api/v1/audit/{id}/export.html", id).exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(html).contains("Record of the handling of request", "The chain of 6 entries is intact",
                "CaseOpened", "TaskCompleted", "/dashboard/assets/export.css", "2026-10-05").doesNotContain("Alex Example");
        assertThat(web.get().uri("/dashboard/assets/export.css").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody()).as("its print style").contains("@media print");
    }

    @Test
    void thePdfRecordHoldsTheRequestIdEveryEntrysHashAndTheVerificationResult() throws Exception {
        String id = ecsErasure();
        List<Map<String, Object>> entries = entries(id);
        byte[] pdf = as("demo-ecs").get().uri("/api/v1/audit/{id}/export.pdf", id).exchange().expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_PDF)
                .expectHeader().valueEquals(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-" + id + ".pdf\"")
                .expectBody(byte[].class).returnResult().getResponseBody();

        String text;
        try (PDDocument document = Loader.loadPDF(pdf)) {
            text = new PDFTextStripper().getText(document);
        }
        String words = text.replaceAll("\\s+", " ");
        assertThat(words).contains(id, "The chain of 6 entries is intact", "RFC 8785", "CaseOpened", "TaskCompleted")
                .doesNotContain("Alex Example", "secret-for-test");
        assertThat(entries).hasSize(6).allSatisfy(e -> assertThat(text).contains((String) e.get("hash")));
        assertThat(text).contains("0".repeat(64));
    }

    @Test
    void thePdfRecordOfABrokenChainSaysWhereItBroke() throws Exception {
        String id = ecsErasure();
        Mono.from(mongo.getCollection("audit_entries").updateOne(
                Filters.and(Filters.eq("requestId", id), Filters.eq("sequence", 4)),
                Updates.set("actor.id", "someone-else"))).block();
        byte[] pdf = as("demo-ecs").get().uri("/api/v1/audit/{id}/export.pdf", id).exchange().expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(new PDFTextStripper().getText(document).replaceAll("\\s+", " "))
                    .contains("The chain is broken at entry 4", "CONTENT_CHANGED");
        }
        as("demo-empower").get().uri("/api/v1/audit/{id}/export.pdf", id).exchange().expectStatus().isNotFound();
    }
}
