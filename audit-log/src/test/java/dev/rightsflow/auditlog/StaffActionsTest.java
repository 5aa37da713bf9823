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

import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.AcceptRequest;
import dev.rightsflow.schemas.avro.CommandRejected;
import dev.rightsflow.schemas.avro.ConfirmManualTask;
import dev.rightsflow.schemas.avro.Division;
import dev.rightsflow.schemas.avro.ExtendDeadline;
import dev.rightsflow.schemas.avro.PlannedTask;
import dev.rightsflow.schemas.avro.TaskAction;

/** Staff actions through the JSON API: checked against the projection, then published as commands. */
class StaffActionsTest extends AuditLogIntegrationTest {

    private String awaitingDecision(String controller) {
        return awaitingDecision(controller, "demo-" + controller);
    }

    private String awaitingDecision(String controller, String user) {
        String id = openCase(controller, Division.ENGLAND_AND_WALES, Instant.parse("2026-09-03T10:15:00Z"), true);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as(user).get()
                .uri("/api/v1/dashboard/cases/{id}", id).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.file.status").isEqualTo("AWAITING_DECISION"));
        return id;
    }

    private List<SpecificRecord> commandsFor(String id) {
        return topic(Topics.CASE_COMMANDS).stream().filter(c -> id.equals(Events.requestId(c))).toList();
    }

    @Test
    void acceptingPublishesAnAcceptRequestCommandWithTheMemberOfStaffAsActor() {
        String id = awaitingDecision("ecs");
        as("demo-ecs").post().uri("/api/v1/dashboard/cases/{id}/actions/accept", id)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of()).exchange()
                .expectStatus().isAccepted().expectBody().jsonPath("$.command").isEqualTo("AcceptRequest");
        List<SpecificRecord> commands = commandsFor(id);
        assertThat(commands).hasSize(1).first().isInstanceOf(AcceptRequest.class);
        assertThat(Events.actor(commands.get(0)).getId()).isEqualTo("demo-ecs");
        assertThat(Events.actor(commands.get(0)).getOrganisationId()).isEqualTo("ecs");
    }

    @Test
    void anExtensionWithoutReasonsIsRefusedWithAProblemNamingTheFieldAndNothingIsPublished() {
        String id = awaitingDecision("ecs");
        as("demo-ecs").post().uri("/api/v1/dashboard/cases/{id}/actions/extend", id)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", " ")).exchange()
                .expectStatus().isEqualTo(422)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("reason");
        assertThat(commandsFor(id)).isEmpty();
    }

    @Test
    void anExtensionAfterTheFirstMonthIsRefusedAsTooLate() {
        String id = awaitingDecision("ecs");
        clock.set(Instant.parse("2026-10-06T09:00:00Z"));
        as("demo-ecs").post().uri("/api/v1/dashboard/cases/{id}/actions/extend", id)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "hundreds of documents")).exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("first month", "2026-10-05"));
        assertThat(commandsFor(id)).isEmpty();

        clock.set(Instant.parse("2026-10-01T09:00:00Z"));
        as("demo-ecs").post().uri("/api/v1/dashboard/cases/{id}/actions/extend", id)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "hundreds of documents")).exchange()
                .expectStatus().isAccepted();
        assertThat(commandsFor(id)).singleElement().isInstanceOf(ExtendDeadline.class);
    }

    @Test
    void aCommandTheRouterRejectsIsShownOnTheCaseWithItsReason() {
        String id = awaitingDecision("ecs");
        send(Topics.CASES, new CommandRejected("rejected-" + id, id, Instant.parse("2026-09-07T08:10:00Z"),
                Events.staff("demo-ecs", "ecs"), "ExtendDeadline", "the first month ended on 5 October", "cmd-1"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as("demo-ecs").get()
                .uri("/api/v1/dashboard/cases/{id}", id).exchange().expectBody()
                .jsonPath("$.file.rejectedCommand").isEqualTo("ExtendDeadline")
                .jsonPath("$.file.rejectionReason").isEqualTo("the first month ended on 5 October"));
    }

    @Test
    void anUnreadableBodyGetsAProblemResponse() {
        String id = awaitingDecision("ecs");
        as("demo-ecs").post().uri("/api/v1/dashboard/cases/{id}/actions/extend", id)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"reason\": ").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(commandsFor(id)).isEmpty();
    }

    @Test
    void onlyTheControllersStaffMayDecideAndOthersDoNotEvenSeeTheCase() {
        String id = awaitingDecision("ecs");
        as("demo-empower").post().uri("/api/v1/dashboard/cases/{id}/actions/accept", id)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of()).exchange().expectStatus().isNotFound();
        as("demo-ecs").post().uri("/api/v1/dashboard/cases/{id}/actions/teleport", id)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of()).exchange().expectStatus().isNotFound();
        assertThat(commandsFor(id)).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aManualTaskIsConfirmedWithEvidenceOnlyWhileItWaitsForAPerson() {
        String id = awaitingDecision("me-group-25", "demo-me-group");
        PlannedTask paper = SeedFlow.task(id, "paper-files", TaskAction.ERASE, "manual", LocalDate.parse("2026-09-28"));
        send(Topics.CASES, SeedFlow.accepted(id, Instant.parse("2026-09-04T09:00:00Z")));
        send(Topics.CASES, SeedFlow.planned(id, Instant.parse("2026-09-04T09:00:01Z"), List.of(paper)));
        as("demo-me-group").post().uri("/api/v1/dashboard/cases/{id}/actions/confirm-manual-task", id)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("taskId", paper.getTaskId(), "subjectFound", true, "evidence", "shredded form"))
                .exchange().expectStatus().isEqualTo(409);
        send(Topics.TASK_RESULTS, SeedFlow.needsPerson(id, paper, Instant.parse("2026-09-04T09:01:00Z")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as("demo-me-group").get()
                .uri("/api/v1/dashboard/cases/{id}", id).exchange().expectBody()
                .jsonPath("$.file.tasks[0].state").isEqualTo("NEEDS_PERSON"));
        as("demo-me-group").post().uri("/api/v1/dashboard/cases/{id}/actions/confirm-manual-task", id)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("taskId", paper.getTaskId()))
                .exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.errors[*].field").value(f -> assertThat((List<Object>) f)
                        .containsExactlyInAnyOrder("evidence", "subjectFound"));
        as("demo-me-group").post().uri("/api/v1/dashboard/cases/{id}/actions/confirm-manual-task", id)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("taskId", paper.getTaskId(), "subjectFound", true,
                        "evidence", "membership form shredded, 7 Sept"))
                .exchange().expectStatus().isAccepted();
        assertThat(commandsFor(id)).singleElement().isInstanceOfSatisfying(ConfirmManualTask.class,
                c -> assertThat(c.getTaskId()).isEqualTo(paper.getTaskId()));
    }
}
