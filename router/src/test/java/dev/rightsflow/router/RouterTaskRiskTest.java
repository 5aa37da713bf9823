package dev.rightsflow.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import dev.rightsflow.router.cases.application.CaseService;
import dev.rightsflow.router.cases.model.CaseState;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.AskClarification;
import dev.rightsflow.schemas.avro.CasePlanned;
import dev.rightsflow.schemas.avro.ClockPaused;
import dev.rightsflow.schemas.avro.DeadlineAlertRaised;
import dev.rightsflow.schemas.avro.DeadlineExtended;
import dev.rightsflow.schemas.avro.ExtendDeadline;
import dev.rightsflow.schemas.avro.PlannedTask;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.testing.SampleEvents;

/**
 * Tasks at risk through Kafka: a task still open past its last safe dispatch date (the deadline
 * less its holder's turnaround) raises one TASK_AT_RISK alert on the alerts topic; the dates move
 * with an extension, and nothing is raised while the clock is stopped. The sample request was
 * received on 2026-09-03 (deadline 2026-10-05) and the router's clock reads 2026-10-02
 * ({@link RouterKafkaTest#TEST_NOW}), so at planning every task with a turnaround is already past
 * its date.
 */
class RouterTaskRiskTest extends RouterKafkaTest {

    @Autowired
    @Qualifier("routerCaseService")
    CaseService cases;

    private List<DeadlineAlertRaised> alerts(String requestId) {
        return events(Topics.ALERTS, requestId, DeadlineAlertRaised.class);
    }

    private CasePlanned plannedMesErasure(String requestId) throws Exception {
        send(Topics.REQUESTS, requestId, SampleEvents.requestReceived(requestId, Right.ERASURE, "mes",
                "mes-corporate-website"));
        return awaitOne(Topics.CASES, requestId, CasePlanned.class);
    }

    @Test
    void taskPlannedPastItsLastSafeDispatchDateRaisesOneAlertEvenWhenCheckedAgain() throws Exception {
        String requestId = "req-risk-planned";
        CasePlanned planned = plannedMesErasure(requestId);
        List<PlannedTask> withTurnaround = planned.getTasks().stream().filter(t -> t.getLastSafeDispatch() != null)
                .toList();
        assertThat(withTurnaround).isNotEmpty();

        awaitOne(Topics.ALERTS, requestId, DeadlineAlertRaised.class);
        awaitCase(requestId, c -> c.jsonPath("$.atRisk").isEqualTo(true));
        web.post().uri("/api/v1/router/risk-check").header("Authorization", ADMIN).exchange().expectStatus().isOk();
        web.post().uri("/api/v1/router/risk-check").header("Authorization", ADMIN).exchange().expectStatus().isOk();

        List<DeadlineAlertRaised> raised = alerts(requestId);
        assertThat(raised).allSatisfy(a -> {
            assertThat(a.getKind()).isEqualTo("TASK_AT_RISK");
            assertThat(a.getControllerId()).isEqualTo("mes");
            assertThat(a.getOccurredAt()).as("raised on the router's clock, not the real date")
                    .isBetween(TEST_NOW, TEST_NOW.plus(java.time.Duration.ofHours(1)));
        });
        Map<String, LocalDate> dueByTask = raised.stream()
                .collect(Collectors.toMap(DeadlineAlertRaised::getTaskId, DeadlineAlertRaised::getDueDate));
        assertThat(raised).hasSize(withTurnaround.size());
        withTurnaround.forEach(t -> assertThat(dueByTask).containsEntry(t.getTaskId(), t.getLastSafeDispatch()));
    }

    @Test
    void extensionMovesLastSafeDispatchDatesAndAStoppedClockRaisesNothing() throws Exception {
        String requestId = "req-risk-extended";
        CasePlanned planned = plannedMesErasure(requestId);
        PlannedTask task = planned.getTasks().stream().filter(t -> t.getLastSafeDispatch() != null).findFirst()
                .orElseThrow();
        awaitOne(Topics.ALERTS, requestId, DeadlineAlertRaised.class, a -> task.getTaskId().equals(a.getTaskId()));

        send(Topics.CASE_COMMANDS, requestId, ExtendDeadline.newBuilder().setEventId("cmd-risk-extend")
                .setRequestId(requestId).setOccurredAt(at("2026-09-10T09:00:00Z")).setActor(dpo("mes"))
                .setReason("Numerous requests from the same subject").build());
        LocalDate extended = awaitOne(Topics.CASES, requestId, DeadlineExtended.class).getNewDeadline();
        awaitCase(requestId, c -> c.jsonPath("$.tasks[?(@.taskId == '" + task.getTaskId() + "')].lastSafeDispatch")
                .value(v -> assertThat(LocalDate.parse(((List<?>) v).get(0).toString()))
                        .isAfter(task.getLastSafeDispatch()).isBefore(extended)));
        LocalDate moved = cases.find(requestId).map(c -> c.tasks.get(task.getTaskId()).lastSafeDispatch).orElseThrow();

        cases.checkRisks(extended);
        DeadlineAlertRaised again = awaitOne(Topics.ALERTS, requestId, DeadlineAlertRaised.class,
                a -> task.getTaskId().equals(a.getTaskId()) && a.getDueDate().equals(moved));
        assertThat(again.getKind()).isEqualTo("TASK_AT_RISK");
        int afterFirstCheck = alerts(requestId).size();
        cases.checkRisks(extended);
        assertThat(alerts(requestId)).hasSize(afterFirstCheck);

        send(Topics.CASE_COMMANDS, requestId, AskClarification.newBuilder().setEventId("cmd-risk-ask")
                .setRequestId(requestId).setOccurredAt(at("2026-09-11T09:00:00Z")).setActor(dpo("mes"))
                .setQuestion("Which account?").build());
        awaitOne(Topics.CASES, requestId, ClockPaused.class);
        awaitCase(requestId, c -> c.jsonPath("$.paused").isEqualTo(true).jsonPath("$.atRisk").isEqualTo(false));
        assertThat(cases.find(requestId).map(c -> c.status()).orElseThrow()).isEqualTo(CaseState.Status.IN_PROGRESS);
        cases.checkRisks(extended.plusYears(1));
        assertThat(alerts(requestId)).hasSize(afterFirstCheck);
    }
}
