package dev.rightsflow.auditlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;

import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.Division;
import dev.rightsflow.schemas.avro.PlannedTask;
import dev.rightsflow.schemas.avro.RetryTask;
import dev.rightsflow.schemas.avro.TaskAction;
import dev.rightsflow.schemas.avro.TaskAttemptFailed;
import dev.rightsflow.schemas.avro.TaskFailed;

/**
 * Issue 9, defect 4: a task failed, was retried from the dashboard, failed, was retried and failed
 * a third time. processor-connectors now publishes each failure as its own fact (its own event id),
 * and audit-log records all three in the trail and lists the task among the failed tasks, instead
 * of leaving it "retrying" after the last failure.
 */
class RepeatedTaskFailuresTest extends AuditLogIntegrationTest {

    private static final ParameterizedTypeReference<List<Map<String, Object>>> ENTRIES = new ParameterizedTypeReference<>() {
    };

    @Test
    void threeFailuresWithRetriesBetweenAreThreeEntriesAndTheTaskIsListedAsFailed() {
        Instant received = Instant.parse("2026-09-03T10:15:00Z");
        String id = openCase("ecs", Division.ENGLAND_AND_WALES, received, false);
        PlannedTask crm = SeedFlow.task(id, "crm", TaskAction.ERASE, "generic-rest", LocalDate.parse("2026-09-28"));
        send(Topics.CASES, SeedFlow.planned(id, Instant.parse("2026-09-04T09:00:00Z"), List.of(crm)));
        send(Topics.TASKS, SeedFlow.dispatched(id, crm, "ecs", Instant.parse("2026-09-04T09:00:01Z"), LocalDate.parse("2026-10-03")));

        for (int run = 1; run <= 3; run++) {
            Instant failedAt = Instant.parse("2026-09-0%dT10:00:00Z".formatted(3 + run));
            if (run > 1) {
                send(Topics.CASE_COMMANDS, new RetryTask(Events.newEventId(), id, failedAt.minusSeconds(3600),
                        Events.staff("demo-ecs", "ecs"), crm.getTaskId()));
                send(Topics.TASK_RESULTS, new TaskAttemptFailed(Events.newEventId(), id, failedAt.minusSeconds(60),
                        Events.service("processor-connectors"), crm.getTaskId(), crm.getSystemId(), 1,
                        "generic-rest answered HTTP 503 (maintenance)", failedAt));
            }
            send(Topics.TASK_RESULTS, new TaskFailed(Events.newEventId(), id, failedAt, Events.service("processor-connectors"),
                    crm.getTaskId(), crm.getSystemId(), crm.getAction(), false,
                    "generic-rest answered HTTP 503 (maintenance), failure " + run, 2));
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(as("demo-ecs").get().uri("/api/v1/audit/{id}", id)
                .exchange().expectStatus().isOk().expectBody(ENTRIES).returnResult().getResponseBody())
                .filteredOn(e -> "TaskFailed".equals(e.get("sourceEventType"))).hasSize(3));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(as("demo-ecs").get().uri("/dashboard/dead-letters")
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody())
                .contains(id, "failure 3"));
    }
}
