package dev.rightsflow.auditlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.rightsflow.deadline.holidays.GovUkBankHolidays;
import dev.rightsflow.deadline.holidays.RefreshableBankHolidays;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.DeadlineAlertRaised;
import dev.rightsflow.schemas.avro.Division;

/**
 * A case whose deadline falls in a year gov.uk has not published: the dashboard shows it as
 * provisional with the reason; when the refreshed list arrives (through audit-log's one holiday
 * source, no restart) the dashboard shows the published date and staff get a
 * PROVISIONAL_DEADLINE_MOVED alert, once.
 */
class ProvisionalDeadlineAlertTest extends AuditLogIntegrationTest {

    @Autowired
    @Qualifier("auditLogDeadlinesBankHolidays")
    RefreshableBankHolidays holidays;

    private List<DeadlineAlertRaised> alertsFor(String id) {
        return topic(Topics.ALERTS).stream().filter(e -> e instanceof DeadlineAlertRaised a && a.getRequestId().equals(id))
                .map(DeadlineAlertRaised.class::cast).toList();
    }

    @Test
    void aProvisionalDeadlineThatMovesWhenGovUkPublishesTheYearIsShownAnewAndAlerted() throws IOException {
        // Received Friday 1 December 2028 in England: the date falls on 1 January 2029, not yet published.
        String id = openCase("empower", Division.ENGLAND_AND_WALES, Instant.parse("2028-12-01T10:00:00Z"), false);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as("demo-empower").get()
                .uri("/api/v1/dashboard/cases/{id}", id).exchange().expectBody()
                .jsonPath("$.deadline.statutoryDue").isEqualTo("2029-01-02")
                .jsonPath("$.deadline.warning").value(w -> assertThat((String) w)
                        .startsWith("Provisional deadline: bank holidays for 2029 are not yet published by gov.uk")));
        try {
            // gov.uk publishes 2029 with a one-off bank holiday on 2 January that the rules cannot know.
            assertThat(holidays.use(withEnglish2029())).isTrue();

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as("demo-empower").get()
                    .uri("/api/v1/dashboard/cases/{id}", id).exchange().expectBody()
                    .jsonPath("$.deadline.statutoryDue").isEqualTo("2029-01-03")
                    .jsonPath("$.deadline.warning").doesNotExist());
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(alertsFor(id))
                    .extracting(a -> a.getKind() + "@" + a.getDueDate() + "/" + a.getControllerId())
                    .containsExactly("PROVISIONAL_DEADLINE_MOVED@2029-01-03/empower"));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(mail.sent())
                    .anySatisfy(m -> assertThat(m.getSubject()).contains("PROVISIONAL_DEADLINE_MOVED", id)));

            // The same list again moves nothing and alerts nobody.
            holidays.use(withEnglish2029());
            assertThat(alertsFor(id)).hasSize(1);
        } finally {
            holidays.use(GovUkBankHolidays.snapshot());
        }
    }

    private static GovUkBankHolidays withEnglish2029() throws IOException {
        String json;
        try (InputStream in = GovUkBankHolidays.class.getResourceAsStream(GovUkBankHolidays.SNAPSHOT_RESOURCE)) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = (ObjectNode) mapper.readTree(json);
        ArrayNode events = (ArrayNode) root.path("england-and-wales").path("events");
        events.addObject().put("title", "New Year’s Day").put("date", "2029-01-01").put("notes", "").put("bunting", true);
        events.addObject().put("title", "One-off bank holiday").put("date", "2029-01-02").put("notes", "").put("bunting", true);
        return GovUkBankHolidays.parse(new ByteArrayInputStream(mapper.writeValueAsBytes(root)), "gov.uk list with 2029");
    }
}
