package dev.rightsflow.auditlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;

import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.CaseClosed;
import dev.rightsflow.schemas.avro.CloseCase;
import dev.rightsflow.schemas.avro.Division;
import dev.rightsflow.schemas.avro.PlannedTask;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.TaskAction;
import dev.rightsflow.schemas.avro.TaskCancellationRecorded;
import dev.rightsflow.schemas.avro.TaskCancelled;
import dev.rightsflow.schemas.avro.VerificationMethod;

/**
 * Staff withdraw a request with a reason through the dashboard API: the reason is required (422
 * problem, nothing published), the controller's staff and the processor that received and forwarded
 * the request may do it, others may not; the command, each task's cancellation and the close are
 * entries of the request's hash chain, which still verifies, and the task leaves the to-do list.
 */
class WithdrawalByStaffTest extends AuditLogIntegrationTest {

    private static final ParameterizedTypeReference<List<Map<String, Object>>> ENTRIES = new ParameterizedTypeReference<>() {
    };

    /** A request received by MES as processor for Northshire (its membership site), opened and planned with a manual task. */
    private String forwardedCase(PlannedTask[] task) {
        String id = "northshire-" + UUID.randomUUID();
        Instant received = Instant.parse("2026-09-03T10:15:00Z");
        send(Topics.REQUESTS, SeedFlow.received(id, Right.ERASURE, "mes", received, VerificationMethod.NONE, null));
        send(Topics.CASES, SeedFlow.resolved(id, "northshire-nhs-ft", "mes", Division.ENGLAND_AND_WALES, received));
        send(Topics.CASES, SeedFlow.opened(id, "northshire-nhs-ft", Division.ENGLAND_AND_WALES, received, received,
                received.atZone(ZoneOffset.UTC).toLocalDate().plusMonths(1), false));
        task[0] = SeedFlow.task(id, "membership-db", TaskAction.ERASE, "manual", LocalDate.parse("2026-09-28"));
        send(Topics.CASES, SeedFlow.accepted(id, Instant.parse("2026-09-04T09:00:00Z")));
        send(Topics.CASES, SeedFlow.planned(id, Instant.parse("2026-09-04T09:00:01Z"), List.of(task[0])));
        send(Topics.TASK_RESULTS, SeedFlow.needsPerson(id, task[0], Instant.parse("2026-09-04T09:01:00Z")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as("demo-mes").get()
                .uri("/api/v1/dashboard/cases/{id}", id).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.file.tasks[0].state").isEqualTo("NEEDS_PERSON"));
        return id;
    }

    private List<SpecificRecord> commandsFor(String id) {
        return topic(Topics.CASE_COMMANDS).stream().filter(c -> id.equals(Events.requestId(c))).toList();
    }

    @Test
    void staffWithdrawWithAReasonAndEveryStepIsInTheVerifiedChain() {
        PlannedTask[] task = new PlannedTask[1];
        String id = forwardedCase(task);

        as("demo-mes").post().uri("/api/v1/dashboard/cases/{id}/actions/withdraw", id)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "  ")).exchange()
                .expectStatus().isEqualTo(422)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("reason");
        as("demo-ecs").post().uri("/api/v1/dashboard/cases/{id}/actions/withdraw", id)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "not ours")).exchange()
                .expectStatus().isNotFound();
        assertThat(commandsFor(id)).isEmpty();

        // MES received the request for Northshire and passes on the subject's withdrawal.
        as("demo-mes").post().uri("/api/v1/dashboard/cases/{id}/actions/withdraw", id)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reason", "The subject phoned MES on 5 September to withdraw the request")).exchange()
                .expectStatus().isAccepted().expectBody().jsonPath("$.command").isEqualTo("CloseCase");
        CloseCase command = (CloseCase) commandsFor(id).stream().filter(CloseCase.class::isInstance).findFirst().orElseThrow();
        assertThat(command.getOutcome()).isEqualTo("withdrawn");
        assertThat(command.getSummary()).isEqualTo("Withdrawn by staff of mes: The subject phoned MES on 5 September to withdraw the request");
        assertThat(command.getActor().getId()).isEqualTo("demo-mes");
        assertThat(command.getActor().getOrganisationId()).isEqualTo("mes");

        // What the router and the connectors answer (their own tests cover how).
        Instant at = Instant.parse("2026-09-05T11:00:00Z");
        send(Topics.TASKS, TaskCancelled.newBuilder().setEventId(Events.derivedId(task[0].getTaskId(), "TaskCancelled"))
                .setRequestId(id).setOccurredAt(at).setActor(command.getActor()).setTaskId(task[0].getTaskId())
                .setSystemId("membership-db").setAction(TaskAction.ERASE)
                .setReason("the request was withdrawn (by staff (demo-mes))").build());
        send(Topics.CASES, new CaseClosed(Events.derivedId(command.getEventId(), "CaseClosed"), id, at, command.getActor(),
                "withdrawn", command.getSummary(), null));
        send(Topics.TASK_RESULTS, TaskCancellationRecorded.newBuilder()
                .setEventId(Events.derivedId(task[0].getTaskId(), "TaskCancellationRecorded")).setRequestId(id)
                .setOccurredAt(at).setActor(Events.service("processor-connectors")).setTaskId(task[0].getTaskId())
                .setSystemId("membership-db").setAction(TaskAction.ERASE).setStopped(true)
                .setOutcome("taken off staff's to-do list: nobody needs to do it by hand any more").build());

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as("demo-northshire").get()
                .uri("/api/v1/dashboard/cases/{id}", id).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.file.status").isEqualTo("CLOSED")
                .jsonPath("$.file.tasks[0].state").isEqualTo("CANCELLED"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<Map<String, Object>> entries = as("demo-mes").get().uri("/api/v1/audit/{id}", id).exchange()
                    .expectStatus().isOk().expectBody(ENTRIES).returnResult().getResponseBody();
            assertThat(entries).extracting(e -> e.get("sourceEventType"))
                    .contains("CloseCase", "TaskCancelled", "CaseClosed", "TaskCancellationRecorded");
            Map<String, Object> withdrawal = entries.stream().filter(e -> "CloseCase".equals(e.get("sourceEventType")))
                    .findFirst().orElseThrow();
            assertThat(withdrawal.get("actorId")).isEqualTo("demo-mes");
            assertThat(withdrawal.get("actorOrganisationId")).isEqualTo("mes");
            assertThat(String.valueOf(withdrawal.get("payload"))).contains("phoned MES on 5 September");
            assertThat(String.valueOf(entries.stream().filter(e -> "TaskCancellationRecorded".equals(e.get("sourceEventType")))
                    .findFirst().orElseThrow().get("payload"))).contains("taken off staff's to-do list");
        });
        Map<String, Object> verification = as("demo-mes").get().uri("/api/v1/audit/{id}/verification", id).exchange()
                .expectStatus().isOk().expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
                }).returnResult().getResponseBody();
        assertThat(verification).containsEntry("intact", true);

        // Closed: a second withdrawal is a conflict, and nothing more is published.
        int before = commandsFor(id).size();
        as("demo-northshire").post().uri("/api/v1/dashboard/cases/{id}/actions/withdraw", id)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "again")).exchange()
                .expectStatus().isEqualTo(409);
        assertThat(commandsFor(id)).hasSize(before);
    }
}
