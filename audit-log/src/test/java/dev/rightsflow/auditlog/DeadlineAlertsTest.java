package dev.rightsflow.auditlog;

import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.DeadlineAlertRaised;
import dev.rightsflow.schemas.avro.Division;
import dev.rightsflow.schemas.avro.PlannedTask;
import dev.rightsflow.schemas.avro.TaskAction;

/**
 * Deadline alerts with a moved clock: events on ALERTS and the organisation's webhook, which here
 * is a local WireMock stub standing in for Empower's own system.
 */
class DeadlineAlertsTest extends AuditLogIntegrationTest {

    private List<DeadlineAlertRaised> alertsFor(String id) {
        return topic(Topics.ALERTS).stream().filter(e -> e instanceof DeadlineAlertRaised a && a.getRequestId().equals(id))
                .map(DeadlineAlertRaised.class::cast).toList();
    }

    private void scan() {
        as("demo-admin").post().uri("/api/v1/dashboard/alerts/scan").exchange().expectStatus().isOk();
    }

    @Test
    void dueInWindowsOverdueAndATaskAtRiskAreEachRaisedOnceAndSentToTheWebhook() {
        Instant received = Instant.parse("2026-09-03T10:15:00Z");
        String id = openCase("empower", Division.ENGLAND_AND_WALES, received, false);
        PlannedTask crm = SeedFlow.task(id, "charitylog", TaskAction.EXPORT, "charitylog", LocalDate.parse("2026-09-25"));
        send(Topics.CASES, SeedFlow.planned(id, received.plusSeconds(5), List.of(crm)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as("demo-empower").get()
                .uri("/api/v1/dashboard/cases/{id}", id).exchange().expectBody().jsonPath("$.file.tasks[0].taskId")
                .isEqualTo(crm.getTaskId()));

        clock.set(Instant.parse("2026-09-10T09:00:00Z"));
        scan();
        assertThat(alertsFor(id)).isEmpty();

        // Friday 25 September: 6 working days to Monday 5 October, and the task's last safe dispatch day
        clock.set(Instant.parse("2026-09-25T09:00:00Z"));
        scan();
        scan();
        // the task at risk is the router's decision (the day after its last safe dispatch day): audit-log decides
        // none itself, it records the router's alert, shows the task at risk and sends the alert on
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(alertsFor(id))
                .extracting(DeadlineAlertRaised::getKind).containsExactly("DUE_IN_7_WORKING_DAYS"));
        clock.set(Instant.parse("2026-09-28T09:00:00Z"));
        send(Topics.ALERTS, SeedFlow.taskAtRisk(id, crm, "empower", Instant.parse("2026-09-26T06:00:00Z")));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as("demo-empower").get()
                .uri("/api/v1/dashboard/cases/{id}", id).exchange().expectBody()
                .jsonPath("$.tasksAtRisk[0].taskId").isEqualTo(crm.getTaskId()));
        WEBHOOKS.verify(postRequestedFor(urlEqualTo("/alerts/empower"))
                .withRequestBody(matchingJsonPath("$.requestId", com.github.tomakehurst.wiremock.client.WireMock.equalTo(id)))
                .withRequestBody(matchingJsonPath("$.kind",
                        com.github.tomakehurst.wiremock.client.WireMock.equalTo("TASK_AT_RISK"))));
        assertThat(alertsFor(id)).extracting(a -> a.getKind() + "@" + a.getDueDate())
                .containsExactlyInAnyOrder("DUE_IN_7_WORKING_DAYS@2026-10-05", "TASK_AT_RISK@2026-09-25");
        WEBHOOKS.verify(postRequestedFor(urlEqualTo("/alerts/empower"))
                .withRequestBody(matchingJsonPath("$.requestId", com.github.tomakehurst.wiremock.client.WireMock.equalTo(id)))
                .withRequestBody(matchingJsonPath("$.kind",
                        com.github.tomakehurst.wiremock.client.WireMock.equalTo("DUE_IN_7_WORKING_DAYS"))));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(mail.sent())
                .anySatisfy(m -> {
                    assertThat(m.getTo()).containsExactly("dpo@empower.example");
                    assertThat(m.getSubject()).contains("DUE_IN_7_WORKING_DAYS", id);
                    assertThat(m.getText()).contains("/dashboard/cases/" + id).doesNotContain("Alex");
                }));

        // Wednesday 30 September: 3 working days left; extension notice owed (month one ends 5 October)
        clock.set(Instant.parse("2026-09-30T09:00:00Z"));
        scan();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(alertsFor(id))
                .extracting(DeadlineAlertRaised::getKind)
                .contains("DUE_IN_3_WORKING_DAYS", "EXTENSION_NOTICE_OWED"));

        clock.set(Instant.parse("2026-10-06T09:00:00Z"));
        scan();
        scan();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(alertsFor(id))
                .extracting(DeadlineAlertRaised::getKind).filteredOn("OVERDUE"::equals).hasSize(1));
        assertThat(alertsFor(id)).extracting(DeadlineAlertRaised::getEventId).doesNotHaveDuplicates();
        assertThat(alertsFor(id)).allSatisfy(a -> assertThat(a.getControllerId()).isEqualTo("empower"));
    }

    @Test
    void aClosedCaseRaisesNoAlerts() {
        String id = openCase("ecs", Division.ENGLAND_AND_WALES, Instant.parse("2026-09-03T10:15:00Z"), false);
        send(Topics.CASES, new dev.rightsflow.schemas.avro.CaseClosed("closed-" + id, id,
                Instant.parse("2026-09-20T10:00:00Z"), SeedFlow.router(), "answered", "copy sent", null));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as("demo-ecs").get()
                .uri("/api/v1/dashboard/cases/{id}", id).exchange().expectBody().jsonPath("$.file.status")
                .isEqualTo("CLOSED"));
        clock.set(Instant.parse("2026-10-06T09:00:00Z"));
        scan();
        assertThat(alertsFor(id)).isEmpty();
    }

    @Test
    void theExtensionNoticeCountsWorkingDaysInTheControllersRegistryDivisionWhenTheCaseHasNone() {
        // 25% M.E. Group is in Scotland per the registry; the router could not tell the division (UNKNOWN).
        // Received Friday 30 October 2026: month one ends on Monday 30 November, St Andrew's Day in
        // Scotland, so Tuesday 1 December. On Wednesday 25 November that is 3 Scottish working days
        // away (26, 27 November, 1 December) but 4 in England and Wales: only the Scottish count
        // raises the notice.
        String id = openCase("me-group-25", Division.UNKNOWN, Instant.parse("2026-10-30T10:00:00Z"), false);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as("demo-me-group").get()
                .uri("/api/v1/dashboard/cases/{id}", id).exchange().expectBody()
                .jsonPath("$.deadline.division").isEqualTo("SCOTLAND")
                .jsonPath("$.deadline.statutoryDue").isEqualTo("2026-12-01"));

        clock.set(Instant.parse("2026-11-25T09:00:00Z"));
        scan();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(alertsFor(id))
                .extracting(a -> a.getKind() + "@" + a.getDueDate())
                .contains("EXTENSION_NOTICE_OWED@2026-12-01"));
    }
}
