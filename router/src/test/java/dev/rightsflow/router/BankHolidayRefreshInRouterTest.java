package dev.rightsflow.router;

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

import dev.rightsflow.deadline.StatutoryDeadline;
import dev.rightsflow.deadline.holidays.GovUkBankHolidays;
import dev.rightsflow.deadline.holidays.RefreshableBankHolidays;
import dev.rightsflow.router.cases.application.DeadlineCalendar;
import dev.rightsflow.router.cases.model.CaseState;
import dev.rightsflow.router.registry.model.Division;

/**
 * The router's deadline calendar, wired as the service wires it from {@code rightsflow.holidays.*}:
 * deadlines in a year gov.uk has not published are computed (provisionally), never refused, and a
 * refreshed gov.uk file changes them and the working days without a restart.
 */
class BankHolidayRefreshInRouterTest {

    @Test
    void aRefreshedHolidayFileChangesTheRoutersDatesWithoutARestart(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bank-holidays.json");
        Files.writeString(file, snapshot(), StandardCharsets.UTF_8);
        MockEnvironment environment = new MockEnvironment()
                .withProperty("rightsflow.holidays.file", file.toString())
                .withProperty("rightsflow.holidays.check-every", "50ms");
        RouterConfiguration configuration = new RouterConfiguration();
        try (RefreshableBankHolidays holidays = configuration.routerBankHolidays(environment)) {
            DeadlineCalendar calendar = configuration.routerDeadlineCalendar(holidays);
            CaseState c = new CaseState("r1");
            c.phase = c.phase.onOpened(null, false);
            c.division = Division.ENGLAND_AND_WALES;
            // Received Friday 1 December 2028: the date falls on 1 January 2029.
            c.receivedAt = Instant.parse("2028-12-01T10:00:00Z");

            StatutoryDeadline before = calendar.statutory(calendar.facts(c));
            assertThat(before.due()).isEqualTo(LocalDate.parse("2029-01-02"));
            assertThat(before.provisionalReason()).contains("2029");
            assertThat(calendar.isWorkingDay(Division.ENGLAND_AND_WALES, LocalDate.parse("2029-01-02"))).isTrue();

            Files.writeString(file, withEnglish2029(snapshot()), StandardCharsets.UTF_8);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(calendar.statutoryDue(calendar.facts(c))).isEqualTo(LocalDate.parse("2029-01-03"));
                assertThat(calendar.isWorkingDay(Division.ENGLAND_AND_WALES, LocalDate.parse("2029-01-02"))).isFalse();
            });
            assertThat(calendar.statutory(calendar.facts(c)).provisional()).isFalse();
        }
    }

    @Test
    void aDeadlineYearsAheadIsComputedNotRefused() {
        DeadlineCalendar calendar = new RouterConfiguration().routerDeadlineCalendar(RefreshableBankHolidays.snapshotOnly());
        CaseState c = new CaseState("r2");
        c.phase = c.phase.onOpened(null, false);
        c.division = Division.SCOTLAND;
        c.receivedAt = Instant.parse("2030-03-19T10:00:00Z");
        c.extended = true;

        // Three months on: 19 June 2030, a Wednesday, from the rules.
        assertThat(calendar.statutoryDue(calendar.facts(c))).isEqualTo(LocalDate.parse("2030-06-19"));
        assertThat(calendar.minusWorkingDays(Division.SCOTLAND, LocalDate.parse("2030-06-19"), 10))
                .isEqualTo(LocalDate.parse("2030-06-05"));
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
