package dev.rightsflow.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.rightsflow.deadline.DeadlineEngine;
import dev.rightsflow.deadline.UkDivision;
import dev.rightsflow.deadline.holidays.GovUkBankHolidays;
import dev.rightsflow.deadline.holidays.RefreshableBankHolidays;
import dev.rightsflow.intake.status.model.CaseFact;
import dev.rightsflow.intake.request.model.Channel;
import dev.rightsflow.intake.status.model.RequestStatus;
import dev.rightsflow.intake.request.model.RightType;
import dev.rightsflow.intake.status.model.StatusReport;
import dev.rightsflow.intake.request.model.Verification;

/**
 * Intake's deadline engine, wired as the service wires it from {@code rightsflow.holidays.*}:
 * a deadline in a year gov.uk has not published is shown as provisional with the reason, and a
 * refreshed gov.uk file takes effect on the status page without a restart.
 */
class BankHolidayRefreshInIntakeTest {

    @Test
    void aRefreshedHolidayFileChangesTheStatusWithoutARestart(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bank-holidays.json");
        Files.writeString(file, snapshot(), StandardCharsets.UTF_8);
        MockEnvironment environment = new MockEnvironment()
                .withProperty("rightsflow.holidays.file", file.toString())
                .withProperty("rightsflow.holidays.check-every", "50ms");
        RequestIntakeConfiguration configuration = new RequestIntakeConfiguration();
        try (RefreshableBankHolidays holidays = configuration.intakeBankHolidays(environment)) {
            DeadlineEngine engine = configuration.intakeDeadlineEngine(holidays);
            // Received Friday 1 December 2028 in England: the date falls on 1 January 2029.
            RequestStatus status = receivedOn(Instant.parse("2028-12-01T10:00:00Z"));

            StatusReport before = StatusReport.of(status, null, engine, null);
            assertThat(before.deadline()).isEqualTo(LocalDate.parse("2029-01-02"));
            assertThat(before.deadlineProvisionalReason()).contains("bank holidays for 2029 are not yet published by gov.uk");
            assertThat(before.deadlineWords()).contains("This date is provisional");

            Files.writeString(file, withEnglish2029(snapshot()), StandardCharsets.UTF_8);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                StatusReport after = StatusReport.of(status, null, engine, null);
                assertThat(after.deadline()).isEqualTo(LocalDate.parse("2029-01-03"));
                assertThat(after.deadlineProvisionalReason()).isNull();
                assertThat(after.deadlineWords()).doesNotContain("provisional");
            });
        }
    }

    private static RequestStatus receivedOn(Instant received) {
        return RequestStatus.empty("r1").apply(new CaseFact.Received("e1", received, "r1", "hash", "mes", null,
                RightType.ACCESS, Channel.API, received, Verification.NONE, null, null, "fp",
                UkDivision.ENGLAND_AND_WALES, null));
    }

    static String snapshot() throws IOException {
        try (InputStream in = GovUkBankHolidays.class.getResourceAsStream(GovUkBankHolidays.SNAPSHOT_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** gov.uk's list with 2029 for England and Wales, including a one-off day on 2 January the rules cannot know. */
    static String withEnglish2029(String json) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = (ObjectNode) mapper.readTree(json);
        ArrayNode events = (ArrayNode) root.path("england-and-wales").path("events");
        events.addObject().put("title", "New Year’s Day").put("date", "2029-01-01").put("notes", "").put("bunting", true);
        events.addObject().put("title", "One-off bank holiday").put("date", "2029-01-02").put("notes", "").put("bunting", true);
        return mapper.writeValueAsString(root);
    }
}
