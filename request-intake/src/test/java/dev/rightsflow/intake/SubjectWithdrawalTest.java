package dev.rightsflow.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.ActorType;
import dev.rightsflow.schemas.avro.CaseClosed;
import dev.rightsflow.schemas.avro.CasePlanned;
import dev.rightsflow.schemas.avro.CloseCase;
import dev.rightsflow.schemas.avro.ControllerResolved;
import dev.rightsflow.schemas.avro.Division;
import dev.rightsflow.schemas.avro.PlannedTask;
import dev.rightsflow.schemas.avro.TaskAction;
import dev.rightsflow.schemas.avro.TaskCancellationRecorded;

/**
 * The subject withdraws their own request through the API: the status token in its header (never
 * in the URL), one {@code CloseCase} (outcome withdrawn) however often it is asked, a clear 409 once
 * the case is closed, and the status in plain words once the router closed it as withdrawn.
 */
class SubjectWithdrawalTest extends IntakeIntegrationTest {

    @SuppressWarnings("unchecked")
    private Map<String, Object> submit(String email) {
        return web.post().uri("/api/v1/requests").contentType(MediaType.APPLICATION_JSON).bodyValue(
                CitizenRequestTest.ERASURE_TO_MES.replace("alex.erasure@example.org", email))
                .exchange().expectStatus().isAccepted().expectBody(Map.class).returnResult().getResponseBody();
    }

    private List<CloseCase> closeCommands(String requestId) {
        return eventsOf(Topics.CASE_COMMANDS, requestId).stream().filter(CloseCase.class::isInstance)
                .map(CloseCase.class::cast).toList();
    }

    @Test
    void theSubjectWithdrawsWithTheTokenOnceHoweverOftenAndTheStatusSaysSoInPlainWords() throws Exception {
        Map<String, Object> receipt = submit("wren.withdraws@example.org");
        String requestId = (String) receipt.get("requestId");
        String token = (String) receipt.get("statusToken");

        web.post().uri("/api/v1/requests/{id}/withdrawal", requestId).exchange().expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.post().uri("/api/v1/requests/{id}/withdrawal", requestId).header("X-Status-Token", "wrong").exchange()
                .expectStatus().isNotFound().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(closeCommands(requestId)).isEmpty();

        for (int i = 0; i < 2; i++) {
            web.post().uri("/api/v1/requests/{id}/withdrawal", requestId).header("X-Status-Token", token).exchange()
                    .expectStatus().isAccepted().expectBody()
                    .jsonPath("$.state").isEqualTo("WITHDRAWN")
                    .jsonPath("$.stateWords").value(w -> assertThat((String) w).contains("work already done is not undone"));
        }
        List<CloseCase> commands = closeCommands(requestId);
        assertThat(commands).isNotEmpty();
        assertThat(commands).extracting(c -> c.getEventId()).containsOnly(Events.derivedId("subject-withdrawal", requestId));
        CloseCase command = commands.get(0);
        assertThat(command.getOutcome()).isEqualTo("withdrawn");
        assertThat(command.getActor().getType()).isEqualTo(ActorType.CITIZEN);
        assertThat(command.getActor().getId()).isEqualTo("subject");
        assertThat(command.toString()).doesNotContain("wren.withdraws").doesNotContain(token);

        // What the router does with it: a task cancelled, then the case closed as withdrawn.
        Instant now = Instant.now();
        String taskId = Events.derivedId(requestId, "mailchimp", "ERASE");
        publish(Topics.CASES, ControllerResolved.newBuilder().setEventId(Events.newEventId()).setRequestId(requestId)
                .setOccurredAt(now).setActor(Events.service("router")).setControllerId("mes").setServiceId("mes-corporate-website")
                .setReceivingOrganisationId("mes").setReceiverIsProcessor(false).setRule("MES controls its own website")
                .setDivision(Division.ENGLAND_AND_WALES).build());
        publish(Topics.CASES, CasePlanned.newBuilder().setEventId(Events.newEventId()).setRequestId(requestId)
                .setOccurredAt(now).setActor(Events.service("router"))
                .setTasks(List.of(PlannedTask.newBuilder().setTaskId(taskId).setSystemId("mailchimp")
                        .setAction(TaskAction.ERASE).setConnector("mailchimp").build()))
                .setExemptions(List.of()).setSignposts(List.of()).build());
        publish(Topics.TASK_RESULTS, TaskCancellationRecorded.newBuilder().setEventId(Events.newEventId()).setRequestId(requestId)
                .setOccurredAt(now).setActor(Events.service("processor-connectors")).setTaskId(taskId).setSystemId("mailchimp")
                .setAction(TaskAction.ERASE).setStopped(true).setOutcome("stopped before it was sent to mailchimp: nothing was done there")
                .build());
        publish(Topics.CASES, CaseClosed.newBuilder().setEventId(Events.derivedId(command.getEventId(), "CaseClosed"))
                .setRequestId(requestId).setOccurredAt(now).setActor(command.getActor()).setOutcome("withdrawn")
                .setSummary(command.getSummary()).build());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> web.get().uri("/api/v1/requests/{id}", requestId)
                .header("X-Status-Token", token).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.state").isEqualTo("WITHDRAWN")
                .jsonPath("$.stateWords").isEqualTo("Withdrawn. You withdrew this request; nothing more will be done with it.")
                .jsonPath("$.tasks[0].outcome").isEqualTo("Cancelled because the request was withdrawn: "
                        + "stopped before it was sent to mailchimp: nothing was done there"));

        // Asking again once it is closed as withdrawn answers the same and publishes nothing new.
        int before = closeCommands(requestId).size();
        web.post().uri("/api/v1/requests/{id}/withdrawal", requestId).header("X-Status-Token", token).exchange()
                .expectStatus().isAccepted().expectBody().jsonPath("$.state").isEqualTo("WITHDRAWN");
        assertThat(closeCommands(requestId)).hasSize(before);
    }

    @Test
    void aClosedRequestCannotBeWithdrawn() throws Exception {
        Map<String, Object> receipt = submit("casey.closed@example.org");
        String requestId = (String) receipt.get("requestId");
        String token = (String) receipt.get("statusToken");
        publish(Topics.CASES, CaseClosed.newBuilder().setEventId(Events.newEventId()).setRequestId(requestId)
                .setOccurredAt(Instant.now()).setActor(Events.staff("dpo", "mes")).setOutcome("answered")
                .setSummary("We erased your data on 3 September.").build());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> web.get().uri("/api/v1/requests/{id}", requestId)
                .header("X-Status-Token", token).exchange().expectBody().jsonPath("$.state").isEqualTo("CLOSED"));

        web.post().uri("/api/v1/requests/{id}/withdrawal", requestId).header("X-Status-Token", token).exchange()
                .expectStatus().isEqualTo(409).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("This request is already closed, so it can no longer be withdrawn.");
        assertThat(eventsOf(Topics.CASE_COMMANDS, requestId)).noneMatch((SpecificRecord e) -> e instanceof CloseCase);
    }
}
