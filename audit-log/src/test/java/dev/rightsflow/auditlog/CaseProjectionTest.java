package dev.rightsflow.auditlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.ParameterizedTypeReference;

import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Mono;

import dev.rightsflow.schemas.CaseClocks;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.CaseClock;
import dev.rightsflow.schemas.avro.CaseTarget;
import dev.rightsflow.schemas.avro.ClockPaused;
import dev.rightsflow.schemas.avro.ClockResumed;
import dev.rightsflow.schemas.avro.DeadlineExtended;
import dev.rightsflow.schemas.avro.Division;
import dev.rightsflow.schemas.avro.ForwardingHop;
import dev.rightsflow.schemas.avro.IdentityVerified;
import dev.rightsflow.schemas.avro.RequestForwarded;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.VerificationMethod;

/** The case projection through Kafka: status, who may see it, and the deadline as it stands. */
class CaseProjectionTest extends AuditLogIntegrationTest {

    @Autowired
    @Qualifier("auditLogMongoDatabase")
    MongoDatabase mongo;

    @Autowired
    dev.rightsflow.auditlog.cases.mongo.MongoCaseStore caseStore;

    private Map<String, Object> caseOf(String user, String id) {
        return as(user).get().uri("/api/v1/dashboard/cases/{id}", id).exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
                }).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deadline(Map<String, Object> view) {
        return (Map<String, Object>) view.get("deadline");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> file(Map<String, Object> view) {
        return (Map<String, Object>) view.get("file");
    }

    private static LocalDate naiveMonth(Instant at) {
        return at.atZone(java.time.ZoneOffset.UTC).toLocalDate().plusMonths(1);
    }

    @Test
    void anEcsRequestReceivedOnThe3rdOfSeptemberIsDueOnMonday5October() {
        String id = openCase("ecs", Division.ENGLAND_AND_WALES, Instant.parse("2026-09-03T10:15:00Z"), true);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(file(caseOf("demo-ecs", id)))
                .containsEntry("status", "AWAITING_DECISION").containsEntry("controllerId", "ecs"));
        Map<String, Object> d = deadline(caseOf("demo-ecs", id));
        assertThat(d).containsEntry("statutoryDue", "2026-10-05").containsEntry("monthOneDue", "2026-10-05")
                .containsEntry("daysLeft", 28).containsEntry("overdue", false).containsEntry("extensionAllowed", true);
    }

    @Test
    void aScottishCharitysDeadlineSkipsStAndrewsDay() {
        String id = openCase("me-group-25", Division.SCOTLAND, Instant.parse("2026-10-30T12:00:00Z"), true);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(deadline(caseOf("demo-me-group", id)))
                .containsEntry("statutoryDue", "2026-12-01").containsEntry("division", "SCOTLAND"));
    }

    @Test
    void empowersClockStartsWhenIdentityIsVerifiedAndItsOwnTwentyWorkingDayTargetIsShown() {
        String id = "empower-" + UUID.randomUUID();
        Instant received = Instant.parse("2026-09-01T09:00:00Z");
        Instant verified = Instant.parse("2026-09-08T11:00:00Z");
        send(Topics.REQUESTS, SeedFlow.received(id, Right.ACCESS, "empower", received, VerificationMethod.DOCUMENTARY, null));
        send(Topics.REQUESTS, new IdentityVerified(Events.derivedId("verified", id), id, verified,
                Events.staff("demo-empower", "empower"), VerificationMethod.DOCUMENTARY, verified, "passport seen"));
        send(Topics.CASES, SeedFlow.resolved(id, "empower", "empower", Division.ENGLAND_AND_WALES, verified));
        send(Topics.CASES, SeedFlow.opened(id, "empower", Division.ENGLAND_AND_WALES, received, verified, naiveMonth(verified), true));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(deadline(caseOf("demo-empower", id)))
                .containsEntry("clockStart", "2026-09-08").containsEntry("statutoryDue", "2026-10-08"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> targets = (List<Map<String, Object>>) deadline(caseOf("demo-empower", id)).get("targets");
        assertThat(targets).anySatisfy(t -> assertThat(t).containsEntry("kind", "respond")
                .containsEntry("due", "2026-10-06"));
    }

    /** The router's clock at each event (from the stand-in): stopped while paused, the paused days added after. */
    @Test
    void aPauseForClarificationStopsTheClockAndAddsThePausedDays() {
        String id = openCase("ecs", Division.ENGLAND_AND_WALES, Instant.parse("2026-09-03T10:15:00Z"), true);
        send(Topics.CASES, SeedFlow.accepted(id, Instant.parse("2026-09-04T09:00:00Z")));
        send(Topics.CASES, new ClockPaused(Events.derivedId("paused", id), id, Instant.parse("2026-09-10T09:00:00Z"),
                SeedFlow.router(), "which years of records?", Instant.parse("2026-09-10T09:00:00Z"), null));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Map<String, Object> view = caseOf("demo-ecs", id);
            assertThat(file(view)).containsEntry("status", "PAUSED");
            assertThat(deadline(view)).containsEntry("paused", true).containsEntry("statutoryDue", null);
        });
        send(Topics.CASES, new ClockResumed(Events.derivedId("resumed", id), id, Instant.parse("2026-09-15T09:00:00Z"),
                SeedFlow.router(), Instant.parse("2026-09-15T09:00:00Z"), null));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Map<String, Object> view = caseOf("demo-ecs", id);
            assertThat(file(view)).containsEntry("status", "IN_PROGRESS");
            assertThat(deadline(view)).containsEntry("paused", false).containsEntry("statutoryDue", "2026-10-08");
        });
        List<Map<String, Object>> trail = as("demo-ecs").get().uri("/api/v1/audit/{id}", id).exchange()
                .expectStatus().isOk().expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {
                }).returnResult().getResponseBody();
        assertThat(trail).extracting(e -> e.get("sourceEventType") + " " + e.get("deadline")).contains(
                "RequestAccepted 2026-10-05", "ClockPaused clock stopped", "ClockResumed 2026-10-08");
    }

    @Test
    void aCaseWhoseRouterEventsStateNoDeadlineShowsItAsBeingWorkedOutUntilTheRouterStatesIt() throws Exception {
        String id = "ecs-" + UUID.randomUUID();
        Instant received = Instant.parse("2026-09-03T10:15:00Z");
        send(Topics.REQUESTS, SeedFlow.received(id, Right.ACCESS, "ecs", received, VerificationMethod.NONE, null));
        send(Topics.CASES, SeedFlow.resolved(id, "ecs", "ecs", Division.ENGLAND_AND_WALES, received));
        // written before the router stated the deadline on its events: no clock, and nothing worked out here
        dev.rightsflow.schemas.kafka.Eventing.publish(kafka, Topics.CASES, SeedFlow.opened(id, "ecs",
                Division.ENGLAND_AND_WALES, received, received, naiveMonth(received), false)).get();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Map<String, Object> view = caseOf("demo-ecs", id);
            assertThat(file(view)).containsEntry("status", "IN_PROGRESS");
            assertThat(deadline(view)).containsEntry("statutoryDue", null).containsEntry("overdue", false)
                    .containsEntry("warning", dev.rightsflow.auditlog.cases.model.CaseDeadline.BEING_WORKED_OUT);
        });
        // the router's next case event states it
        send(Topics.CASES, SeedFlow.accepted(id, Instant.parse("2026-09-04T09:00:00Z")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(deadline(caseOf("demo-ecs", id)))
                .containsEntry("statutoryDue", "2026-10-05").containsEntry("warning", null));
    }

    /** The case's deadline as the router's case events carry it, with steps in the router's words. */
    private static CaseClock routerClock(String status, String due, String monthOne, boolean paused, boolean extended,
            String step) {
        return CaseClock.newBuilder().setStatus(status).setClockStart(LocalDate.parse("2026-09-03"))
                .setStatutoryDue(due == null ? null : LocalDate.parse(due))
                .setMonthOneDue(monthOne == null ? null : LocalDate.parse(monthOne)).setPaused(paused)
                .setExtended(extended).setSteps(List.of("router: " + step))
                .setTargets(List.of(new CaseTarget("UK_GDPR_ORGANISATION_TARGET", "respond",
                        due == null ? null : LocalDate.parse(due).minusDays(7))))
                .setProvisionalReason(null).build();
    }

    /** An ECS case opened and accepted by router events that carry the deadline (due Monday 5 October). */
    private String openStatedCase() {
        String id = "ecs-" + UUID.randomUUID();
        Instant received = Instant.parse("2026-09-03T10:15:00Z");
        send(Topics.REQUESTS, SeedFlow.received(id, Right.ACCESS, "ecs", received, VerificationMethod.NONE, null));
        send(Topics.CASES, SeedFlow.resolved(id, "ecs", "ecs", Division.ENGLAND_AND_WALES, received));
        send(Topics.CASES, CaseClocks.with(SeedFlow.opened(id, "ecs", Division.ENGLAND_AND_WALES, received, received,
                LocalDate.parse("2026-10-05"), false), routerClock("AWAITING_DECISION", "2026-10-05", "2026-10-05",
                        false, false, "due Monday 5 October 2026")));
        send(Topics.CASES, CaseClocks.with(SeedFlow.accepted(id, Instant.parse("2026-09-04T09:00:00Z")),
                routerClock("IN_PROGRESS", "2026-10-05", "2026-10-05", false, false, "due Monday 5 October 2026")));
        return id;
    }

    private List<String> trailDeadlines(String user, String id) {
        List<Map<String, Object>> trail = as(user).get().uri("/api/v1/audit/{id}", id).exchange()
                .expectStatus().isOk().expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {
                }).returnResult().getResponseBody();
        return trail.stream().map(e -> e.get("sourceEventType") + " " + e.get("deadline")).toList();
    }

    @Test
    void anExtendedCaseShowsTheRoutersDeadlineAsItsEventsStateIt() {
        String id = openStatedCase();
        send(Topics.CASES, CaseClocks.with(new DeadlineExtended(Events.derivedId("extended", id), id,
                Instant.parse("2026-09-20T09:00:00Z"), Events.staff("demo-ecs", "ecs"), "numerous requests",
                LocalDate.parse("2026-12-03"), null), routerClock("IN_PROGRESS", "2026-12-03", "2026-10-05", false, true,
                        "extended: due Thursday 3 December 2026")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(deadline(caseOf("demo-ecs", id)))
                .containsEntry("extended", true).containsEntry("statutoryDue", "2026-12-03")
                .containsEntry("monthOneDue", "2026-10-05").containsEntry("extensionAllowed", false)
                // the router's steps and targets, not worked out again here
                .containsEntry("steps", List.of("router: extended: due Thursday 3 December 2026"))
                .containsEntry("targets", List.of(Map.of("regime", "UK_GDPR_ORGANISATION_TARGET", "kind", "respond",
                        "due", "2026-11-26", "missed", false))));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(trailDeadlines("demo-ecs", id))
                .contains("CaseOpened 2026-10-05", "RequestAccepted 2026-10-05", "DeadlineExtended 2026-12-03"));
    }

    @Test
    void aPausedThenResumedCaseShowsTheRoutersDeadlineAsItsEventsStateIt() {
        String id = openStatedCase();
        send(Topics.CASES, CaseClocks.with(new ClockPaused(Events.derivedId("paused", id), id,
                Instant.parse("2026-09-10T09:00:00Z"), SeedFlow.router(), "which years of records?",
                Instant.parse("2026-09-10T09:00:00Z"), null), routerClock("IN_PROGRESS", null, null, true, false,
                        "clarification asked for: the clock is stopped")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(deadline(caseOf("demo-ecs", id)))
                .containsEntry("paused", true).containsEntry("statutoryDue", null).containsEntry("extensionAllowed", true)
                .containsEntry("steps", List.of("router: clarification asked for: the clock is stopped")));
        send(Topics.CASES, CaseClocks.with(new ClockResumed(Events.derivedId("resumed", id), id,
                Instant.parse("2026-09-15T09:00:00Z"), SeedFlow.router(), Instant.parse("2026-09-15T09:00:00Z"), null),
                routerClock("IN_PROGRESS", "2026-10-08", "2026-10-08", false, false, "5 days added: due 8 October")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(deadline(caseOf("demo-ecs", id)))
                .containsEntry("paused", false).containsEntry("statutoryDue", "2026-10-08")
                .containsEntry("steps", List.of("router: 5 days added: due 8 October")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(trailDeadlines("demo-ecs", id))
                .contains("ClockPaused clock stopped", "ClockResumed 2026-10-08"));
    }

    /** The router's clock at each event (from the stand-in): stopped while paused, the paused days added after. */
    @Test
    void anExtendedCaseIsDueThreeMonthsFromTheClockStart() {
        String id = openCase("ecs", Division.ENGLAND_AND_WALES, Instant.parse("2026-09-03T10:15:00Z"), true);
        send(Topics.CASES, SeedFlow.accepted(id, Instant.parse("2026-09-04T09:00:00Z")));
        send(Topics.CASES, new DeadlineExtended(Events.derivedId("extended", id), id, Instant.parse("2026-09-20T09:00:00Z"),
                Events.staff("demo-ecs", "ecs"), "numerous requests from the same person", LocalDate.parse("2026-12-03"), null));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(deadline(caseOf("demo-ecs", id)))
                .containsEntry("extended", true).containsEntry("statutoryDue", "2026-12-03")
                .containsEntry("monthOneDue", "2026-10-05").containsEntry("extensionAllowed", false));
    }

    @Test
    void aRequestForwardedByMesIsSeenByTheTrustAsControllerAndByMesAsProcessorButNotByOthers() {
        String id = "mes-" + UUID.randomUUID();
        Instant received = Instant.parse("2026-09-02T14:00:00Z");
        send(Topics.REQUESTS, SeedFlow.received(id, Right.ERASURE, "mes", received, VerificationMethod.NONE, null));
        send(Topics.CASES, SeedFlow.resolved(id, "northshire-nhs-ft", "mes", Division.ENGLAND_AND_WALES, received));
        send(Topics.CASES, new RequestForwarded(Events.derivedId("forwarded", id), id, received, SeedFlow.router(),
                new ForwardingHop("mes", "northshire-nhs-ft", null, received), "TENANT", null, null));
        send(Topics.CASES, SeedFlow.opened(id, "northshire-nhs-ft", Division.ENGLAND_AND_WALES, received, received,
                naiveMonth(received), true));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(deadline(caseOf("demo-northshire", id)))
                .containsEntry("statutoryDue", "2026-10-02"));
        assertThat(file(caseOf("demo-mes", id)).get("processorIds")).asList().containsExactly("mes");
        as("demo-ecs").get().uri("/api/v1/dashboard/cases/{id}", id).exchange().expectStatus().isNotFound();
        List<Map<String, Object>> mine = as("demo-ecs").get().uri("/api/v1/dashboard/cases").exchange()
                .expectStatus().isOk().expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {
                }).returnResult().getResponseBody();
        assertThat(mine).extracting(v -> file(v).get("requestId")).doesNotContain(id);
    }

    @Test
    void aProcessorThatRunsTheServiceConcernedSeesTheCaseAndFiltersFindIt() {
        String id = "northshire-" + UUID.randomUUID();
        Instant received = Instant.parse("2026-09-04T09:00:00Z");
        send(Topics.REQUESTS, dev.rightsflow.schemas.avro.RequestReceived.newBuilder(SeedFlow.received(id,
                Right.RECTIFICATION, "northshire-nhs-ft", received, VerificationMethod.NONE, null))
                .setServiceId("mes-membership-northshire").build());
        send(Topics.CASES, SeedFlow.resolved(id, "northshire-nhs-ft", "northshire-nhs-ft", Division.ENGLAND_AND_WALES,
                received));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(file(caseOf("demo-mes", id)).get("processorIds"))
                .asList().containsExactly("mes"));
        ParameterizedTypeReference<List<Map<String, Object>>> list = new ParameterizedTypeReference<>() {
        };
        assertThat(as("demo-northshire").get().uri("/api/v1/dashboard/cases?right=RECTIFICATION&processor=mes")
                .exchange().expectStatus().isOk().expectBody(list).returnResult().getResponseBody())
                .extracting(v -> file(v).get("requestId")).contains(id);
        assertThat(as("demo-northshire").get().uri("/api/v1/dashboard/cases?right=ERASURE").exchange()
                .expectStatus().isOk().expectBody(list).returnResult().getResponseBody())
                .extracting(v -> file(v).get("requestId")).doesNotContain(id);
    }

    @Test
    void aCaseKeptAsLastWrittenIsWhatTheCollectionHoldsEvenAfterABatchChangedItAndFailed() {
        String id = "kept-" + UUID.randomUUID();
        var file = dev.rightsflow.auditlog.cases.model.CaseFile.of(id);
        file.right = "ERASURE";
        caseStore.saveAll(List.of(file)).join();
        // the next batch gets the case as written, without a read
        var handed = caseStore.findAll(List.of(id)).join().get(id);
        assertThat(handed.right).isEqualTo("ERASURE");
        // a batch folds into it, then fails before its write: the next batch must get the case as stored
        handed.right = "ACCESS";
        handed.seen("an-event-never-written");
        var again = caseStore.findAll(List.of(id)).join().get(id);
        assertThat(again.right).isEqualTo("ERASURE");
        assertThat(again.seenEventIds).doesNotContain("an-event-never-written");
        assertThat(caseStore.find(id).join().orElseThrow().right).isEqualTo("ERASURE");
    }

    @Test
    void theCaseProjectionIsRebuiltFromTheTopicsWhenTheCollectionIsLost() {
        String id = openCase("rip", Division.ENGLAND_AND_WALES, Instant.parse("2026-09-03T10:15:00Z"), true);
        // every event of the case folded (its request from one topic, its opening from another: either may come
        // first), so nothing arrives after the collection is dropped to recreate the case
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Map<String, Object> before = caseOf("demo-rip", id);
            assertThat(deadline(before)).containsEntry("statutoryDue", "2026-10-05");
            assertThat(file(before)).containsEntry("status", "AWAITING_DECISION").containsEntry("right", "ACCESS");
        });
        Mono.from(mongo.getCollection("cases").drop()).block();
        as("demo-rip").get().uri("/api/v1/dashboard/cases/{id}", id).exchange().expectStatus().isNotFound();

        as("demo-admin").post().uri("/api/v1/dashboard/rebuild").exchange().expectStatus().isAccepted();

        // audit-log folds its topics again (answering 503 with Retry-After meanwhile)
        Map<String, Object> view = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> as("demo-rip").get().uri("/api/v1/dashboard/cases/{id}", id).exchange()
                        .returnResult(String.class).getStatus().value() == 200 ? caseOf("demo-rip", id) : null,
                        v -> v != null);
        assertThat(file(view)).containsEntry("status", "AWAITING_DECISION");
        assertThat(deadline(view)).containsEntry("statutoryDue", "2026-10-05");
    }

    @Test
    void openCasesAreSortedOverdueFirst() {
        clock.set(Instant.parse("2026-10-20T09:00:00Z"));
        String late = openCase("ecs", Division.ENGLAND_AND_WALES, Instant.parse("2026-09-03T10:15:00Z"), true);
        String fresh = openCase("ecs", Division.ENGLAND_AND_WALES, Instant.parse("2026-10-19T10:15:00Z"), true);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<Map<String, Object>> list = as("demo-ecs").get().uri("/api/v1/dashboard/cases?size=500").exchange()
                    .expectStatus().isOk().expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {
                    }).returnResult().getResponseBody();
            List<Object> ids = list.stream().map(v -> file(v).get("requestId")).toList();
            assertThat(ids).contains(late, fresh);
            assertThat(ids.indexOf(late)).isLessThan(ids.indexOf(fresh));
            assertThat(deadline(list.get(0))).containsEntry("overdue", true);
        });
    }

    @Test
    void theCaseListIsPagedWithItsTotalAndLinksToTheNextAndLastPagesAndRefusesAPageOutOfRange() {
        String organisation = "paging-" + UUID.randomUUID();
        List<String> ids = List.of(openCase(organisation, Division.ENGLAND_AND_WALES, Instant.parse("2026-09-01T10:00:00Z"), true),
                openCase(organisation, Division.ENGLAND_AND_WALES, Instant.parse("2026-09-02T10:00:00Z"), true),
                openCase(organisation, Division.ENGLAND_AND_WALES, Instant.parse("2026-09-03T10:00:00Z"), true));
        String first = "/api/v1/dashboard/cases?organisation=" + organisation + "&size=2";
        ParameterizedTypeReference<List<Map<String, Object>>> list = new ParameterizedTypeReference<>() {
        };
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as("demo-admin").get().uri(first).exchange()
                .expectStatus().isOk().expectHeader().valueEquals("X-Total-Count", "3"));
        var one = as("demo-admin").get().uri(first).exchange().expectStatus().isOk().expectBody(list).returnResult();
        String links = one.getResponseHeaders().getFirst("Link");
        assertThat(links).contains("page=2&size=2>; rel=\"next\"").contains("page=2&size=2>; rel=\"last\"")
                .contains("organisation=" + organisation).doesNotContain("rel=\"prev\"");
        var two = as("demo-admin").get().uri(first + "&page=2").exchange().expectStatus().isOk().expectBody(list)
                .returnResult();
        assertThat(two.getResponseHeaders().getFirst("Link")).doesNotContain("rel=\"next\"").contains("rel=\"prev\"");
        assertThat(two.getResponseBody()).hasSize(1);
        // the earliest receipt has the fewest days left: first on the first page
        assertThat(java.util.stream.Stream.concat(one.getResponseBody().stream(), two.getResponseBody().stream())
                .map(v -> file(v).get("requestId")).toList()).isEqualTo(ids);
        assertThat(as("demo-admin").get().uri(first + "&page=3").exchange().expectStatus().isOk().expectBody(list)
                .returnResult().getResponseBody()).isEmpty();

        // values out of range or of the wrong type: 422 under the one API rule (README, "API conventions")
        as("demo-admin").get().uri("/api/v1/dashboard/cases?size=501").exchange().expectStatus().isEqualTo(422)
                .expectHeader().contentType("application/problem+json").expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("size");
        as("demo-admin").get().uri("/api/v1/dashboard/cases?page=0").exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("page");
        as("demo-admin").get().uri("/api/v1/dashboard/cases?page=two").exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("page");

        String html = as("demo-admin").get().uri("/dashboard?organisation=" + organisation + "&size=2").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(html).contains("id=\"pager\"").contains("<span id=\"cases-total\">3</span>")
                .contains("page=2&amp;size=2").contains(ids.get(0)).doesNotContain(ids.get(2));
    }
}
