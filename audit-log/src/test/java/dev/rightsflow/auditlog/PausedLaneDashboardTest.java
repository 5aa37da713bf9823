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
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.util.HtmlUtils;

import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.Division;
import dev.rightsflow.schemas.avro.LanePaused;
import dev.rightsflow.schemas.avro.LaneResumed;
import dev.rightsflow.schemas.avro.PlannedTask;
import dev.rightsflow.schemas.avro.TaskAction;
import dev.rightsflow.schemas.avro.TaskAttemptFailed;

/**
 * Issue 9: the dashboard shows a paused lane and why. processor-connectors announces a system's
 * pause and resumption on LANES ({@code LanePaused}, {@code LaneResumed}, keyed {@code lane:<systemId>});
 * audit-log folds them into its lane view and its trail, and staff of the system's organisation see
 * "Paused: system — reason, since time, next try time" on the case list and on the page of each case
 * with a task waiting on it, whose state reads WAITING instead of RETRYING. Other organisations'
 * staff do not see the lane.
 */
class PausedLaneDashboardTest extends AuditLogIntegrationTest {

    private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
    };

    @Test
    void aPausedLaneIsShownToItsOrganisationOnTheCaseListAndOnTheCasesWaitingForItUntilItResumes() {
        String system = "crm-" + UUID.randomUUID().toString().substring(0, 8);
        Instant received = Instant.parse("2026-09-03T10:15:00Z");
        String id = openCase("ecs", Division.ENGLAND_AND_WALES, received, false);
        PlannedTask crm = SeedFlow.task(id, system, TaskAction.ERASE, "generic-rest", LocalDate.parse("2026-09-28"));
        PlannedTask mail = SeedFlow.task(id, "mail-" + system, TaskAction.ERASE, "mailchimp", LocalDate.parse("2026-09-28"));
        send(Topics.CASES, SeedFlow.planned(id, Instant.parse("2026-09-04T09:00:00Z"), List.of(crm, mail)));
        send(Topics.TASKS, SeedFlow.dispatched(id, crm, "ecs", Instant.parse("2026-09-04T09:00:01Z"), LocalDate.parse("2026-10-03")));
        send(Topics.TASKS, SeedFlow.dispatched(id, mail, "ecs", Instant.parse("2026-09-04T09:00:02Z"), LocalDate.parse("2026-10-03")));
        send(Topics.TASK_RESULTS, new TaskAttemptFailed(Events.newEventId(), id, Instant.parse("2026-09-04T09:59:00Z"),
                Events.service("processor-connectors"), crm.getTaskId(), system, 1, "HTTP 503 from crm.example", null));

        // 11:00 UK time (BST); probed every 30 s, so with the clock at 09:00 UK on 7 September the next try is 09:00:30.
        Instant since = Instant.parse("2026-09-04T10:00:00Z");
        send(Topics.LANES, new LanePaused(Events.newEventId(), "lane:" + system, since, Events.service("processor-connectors"),
                system, system, "generic-rest", List.of("ecs"), "HTTP 503 from crm.example (maintenance)", since,
                since.plusSeconds(30), 30_000L));
        String notice = "Paused: " + system + " — HTTP 503 from crm.example (maintenance), since 4 Sep 2026 11:00, "
                + "next try 7 Sep 2026 09:00";

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(lanes("demo-ecs"))
                .filteredOn(l -> system.equals(l.get("systemId"))).singleElement()
                .satisfies(l -> assertThat(l).containsEntry("notice", notice).containsEntry("reason",
                        "HTTP 503 from crm.example (maintenance)").containsEntry("nextTryAt", "2026-09-07T08:00:30Z")));
        assertThat(page("demo-ecs", "/dashboard")).contains(notice);
        String casePage = page("demo-ecs", "/dashboard/cases/" + id);
        assertThat(casePage).contains(notice);
        assertThat(taskRow(casePage, crm.getTaskId())).contains("Waiting for the vendor", "vendor paused")
                .doesNotContain("Being tried again");
        assertThat(taskRow(casePage, mail.getTaskId())).contains("Sent to the system").doesNotContain("Waiting");

        // Another organisation's staff do not see the lane; an administrator does.
        assertThat(lanes("demo-rip")).noneMatch(l -> system.equals(l.get("systemId")));
        assertThat(page("demo-rip", "/dashboard")).doesNotContain(system);
        assertThat(lanes("demo-admin")).anyMatch(l -> system.equals(l.get("systemId")));

        // The pause is in the audit trail, on the system's own chain.
        assertThat(as("demo-admin").get().uri("/api/v1/audit/{chain}", "lane:" + system).exchange().expectStatus().isOk()
                .expectBody(LIST).returnResult().getResponseBody())
                .extracting(e -> e.get("sourceEventType")).containsExactly("LanePaused");

        // The vendor answers a probe: the notice goes, the task is retrying again, and a late copy of an
        // older pause (a publish retried out of order) does not bring the notice back.
        Instant resumedAt = since.plus(Duration.ofHours(2));
        send(Topics.LANES, new LaneResumed(Events.newEventId(), "lane:" + system, resumedAt, Events.service("processor-connectors"),
                system, system, "generic-rest", List.of("ecs"), since, "its vendor answered a probe"));
        send(Topics.LANES, new LanePaused(Events.newEventId(), "lane:" + system, since.plusSeconds(60),
                Events.service("processor-connectors"), system, system, "generic-rest", List.of("ecs"), "late copy", since,
                since.plusSeconds(90), 30_000L));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(as("demo-admin").get()
                .uri("/api/v1/audit/{chain}", "lane:" + system).exchange().expectBody(LIST).returnResult().getResponseBody())
                .hasSize(3));
        assertThat(lanes("demo-ecs")).noneMatch(l -> system.equals(l.get("systemId")));
        assertThat(page("demo-ecs", "/dashboard")).doesNotContain(system);
        assertThat(taskRow(page("demo-ecs", "/dashboard/cases/" + id), crm.getTaskId())).contains("Being tried again")
                .doesNotContain("Waiting for the vendor");
    }

    private List<Map<String, Object>> lanes(String user) {
        return as(user).get().uri("/api/v1/dashboard/lanes").exchange().expectStatus().isOk().expectBody(LIST).returnResult()
                .getResponseBody();
    }

    /** The page as a reader sees its text (entities such as the dash decoded). */
    private String page(String user, String path) {
        return HtmlUtils.htmlUnescape(as(user).get().uri(path).exchange().expectStatus().isOk().expectBody(String.class)
                .returnResult().getResponseBody());
    }

    private static String taskRow(String page, String taskId) {
        int at = page.indexOf("<code>" + taskId + "</code>");
        assertThat(at).as("the task's row").isPositive();
        return page.substring(at, page.indexOf("</tr>", at));
    }
}
