package dev.rightsflow.auditlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import dev.rightsflow.schemas.CaseClocks;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.CaseClock;
import dev.rightsflow.schemas.avro.Division;
import dev.rightsflow.schemas.avro.ExtendDeadline;
import dev.rightsflow.schemas.avro.RefuseRequest;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.VerificationMethod;

/**
 * What a member of staff sees of the router's decision on which actions a case takes: the router states them with each
 * case event ({@code CaseClock.allowedActions}); the case page offers those and no other, and the API refuses the
 * others (409) without publishing anything.
 */
class RouterDecidedActionsTest extends AuditLogIntegrationTest {

    private static final Instant RECEIVED = Instant.parse("2026-09-03T10:15:00Z");
    private static final LocalDate MONTH_ONE = LocalDate.parse("2026-10-05");

    /** The clock the router states: in the dashboard's terms, its status, the first month and the commands. */
    private static <T extends SpecificRecord> T stating(T event, String status, List<String> allowedActions) {
        return CaseClocks.with(event, CaseClock.newBuilder().setStatus(status).setClockStart(LocalDate.parse("2026-09-03"))
                .setStatutoryDue(MONTH_ONE).setMonthOneDue(MONTH_ONE).setPaused(false).setExtended(false)
                .setSteps(List.of("one month from 3 September 2026")).setProvisionalReason(null).setTargets(List.of())
                .setAllowedActions(allowedActions).build());
    }

    /** A case the router opened for ECS awaiting its decision, then accepted: the commands it states it then takes. */
    private String acceptedByTheRouter() {
        String id = "ecs-" + java.util.UUID.randomUUID();
        send(Topics.REQUESTS, SeedFlow.received(id, Right.ACCESS, "ecs", RECEIVED, VerificationMethod.NONE, null));
        send(Topics.CASES, SeedFlow.resolved(id, "ecs", "ecs", Division.ENGLAND_AND_WALES, RECEIVED));
        send(Topics.CASES, stating(SeedFlow.opened(id, "ecs", Division.ENGLAND_AND_WALES, RECEIVED, RECEIVED, MONTH_ONE,
                true), "AWAITING_DECISION", List.of("AcceptRequest", "RefuseRequest", "AskClarification",
                "ExtendDeadline", "CloseCase")));
        send(Topics.CASES, stating(SeedFlow.accepted(id, Instant.parse("2026-09-04T09:00:00Z")), "IN_PROGRESS",
                List.of("RefuseRequest", "AskClarification", "ExtendDeadline", "CloseCase")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as("demo-ecs").get()
                .uri("/api/v1/dashboard/cases/{id}", id).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.file.status").isEqualTo("IN_PROGRESS")
                .jsonPath("$.file.routerClock.allowedActions[0]").isEqualTo("RefuseRequest"));
        return id;
    }

    private String casePage(String id) {
        return as("demo-ecs").get().uri("/dashboard/cases/{id}", id).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }

    private List<SpecificRecord> commandsFor(String id) {
        return topic(Topics.CASE_COMMANDS).stream().filter(c -> id.equals(Events.requestId(c))).toList();
    }

    @Test
    void theCasePageOffersTheActionsTheRouterTakesAndTheApiRefusesTheOthers() {
        String id = acceptedByTheRouter();
        String page = casePage(id);
        assertThat(page).contains("id=\"action-refuse\"", "id=\"action-ask-clarification\"", "id=\"action-extend\"",
                "id=\"action-close\"", "id=\"action-withdraw\"");
        assertThat(page).doesNotContain("id=\"action-accept\"", "id=\"action-record-clarification\"",
                "id=\"action-resolve-triage\"");

        as("demo-ecs").post().uri("/api/v1/dashboard/cases/{id}/actions/accept", id)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of()).exchange()
                .expectStatus().isEqualTo(409).expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d)
                        .contains("Accept the request", "in progress", "the router would reject it"));
        assertThat(commandsFor(id)).isEmpty();

        as("demo-ecs").post().uri("/api/v1/dashboard/cases/{id}/actions/refuse", id)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("ground", "manifestly excessive", "reason", "answered in full on 1 September"))
                .exchange().expectStatus().isAccepted();
        assertThat(commandsFor(id)).singleElement().isInstanceOf(RefuseRequest.class);
    }

    @Test
    void anExtensionTheRouterListedIsOfferedUntilTheFirstMonthEndsAndNotAfter() {
        String id = acceptedByTheRouter();
        clock.set(Instant.parse("2026-10-06T09:00:00Z"));
        assertThat(casePage(id)).doesNotContain("id=\"action-extend\"").contains("id=\"action-refuse\"");
        as("demo-ecs").post().uri("/api/v1/dashboard/cases/{id}/actions/extend", id)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "hundreds of documents")).exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("first month", "2026-10-05"));
        assertThat(commandsFor(id)).isEmpty();

        clock.set(Instant.parse("2026-10-05T16:00:00Z"));
        assertThat(casePage(id)).contains("id=\"action-extend\"");
        as("demo-ecs").post().uri("/api/v1/dashboard/cases/{id}/actions/extend", id)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "hundreds of documents")).exchange()
                .expectStatus().isAccepted();
        assertThat(commandsFor(id)).singleElement().isInstanceOf(ExtendDeadline.class);
    }
}
