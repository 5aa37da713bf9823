package dev.rightsflow.auditlog.deadlines;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

import dev.rightsflow.deadline.UkDivision;
import dev.rightsflow.deadline.holidays.GovUkBankHolidays;
import dev.rightsflow.deadline.holidays.RefreshableBankHolidays;

/** Audit-log's bank holidays follow {@code rightsflow.holidays.*}: snapshot, refresh file, the older setting. */
class DeadlinesConfigurationTest {

    private final DeadlinesConfiguration configuration = new DeadlinesConfiguration();

    @Test
    void withoutConfigurationTheShippedGovUkSnapshotDecides() {
        try (RefreshableBankHolidays holidays = configuration.auditLogDeadlinesBankHolidays(new MockEnvironment(),
                new DeadlineSettings(""))) {
            assertThat(holidays.current().govUk().source()).contains("snapshot");
            assertThat(holidays.isProvisional(UkDivision.SCOTLAND, 2028)).isFalse();
            assertThat(holidays.isProvisional(UkDivision.SCOTLAND, 2029)).isTrue();
        }
    }

    @Test
    void theSharedFileSettingRefreshesTheList(@TempDir Path dir) throws IOException {
        Path file = extraDayFile(dir);
        MockEnvironment environment = new MockEnvironment().withProperty("rightsflow.holidays.file", file.toString());

        try (RefreshableBankHolidays holidays = configuration.auditLogDeadlinesBankHolidays(environment, new DeadlineSettings(""))) {
            assertThat(holidays.current().govUk().source()).isEqualTo(file.toString());
            assertThat(holidays.holidayOn(UkDivision.ENGLAND_AND_WALES, LocalDate.parse("2026-12-29"))).isPresent();
            // The extra day is in all three divisions' lists, and jollyday does not know it: reported, not hidden.
            assertThat(holidays.current().crossCheck()).filteredOn(d -> d.date().equals(LocalDate.parse("2026-12-29")))
                    .extracting(d -> d.division()).containsExactlyInAnyOrder(UkDivision.values());
        }
    }

    @Test
    void theOlderAuditLogSettingStillWorksWhenTheSharedOneIsEmpty(@TempDir Path dir) throws IOException {
        Path file = extraDayFile(dir);

        try (RefreshableBankHolidays holidays = configuration.auditLogDeadlinesBankHolidays(new MockEnvironment(),
                new DeadlineSettings(file.toString()))) {
            assertThat(holidays.current().govUk().source()).isEqualTo(file.toString());
        }
    }

    @Test
    void aMissingFileKeepsTheSnapshotAndSaysWhy(@TempDir Path dir) {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("rightsflow.holidays.file", dir.resolve("absent.json").toString());

        try (RefreshableBankHolidays holidays = configuration.auditLogDeadlinesBankHolidays(environment, new DeadlineSettings(""))) {
            assertThat(holidays.problem()).hasValueSatisfying(p -> assertThat(p).contains("absent.json", "does not exist"));
            assertThat(holidays.current().govUk().source()).contains("snapshot");
        }
    }

    /** An operator's download that also has an extra day in 2026 (as a newly proclaimed one-off would be). */
    private static Path extraDayFile(Path dir) throws IOException {
        Path file = dir.resolve("bank-holidays.json");
        String snapshot;
        try (var in = GovUkBankHolidays.class.getResourceAsStream(GovUkBankHolidays.SNAPSHOT_RESOURCE)) {
            snapshot = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Files.writeString(file, snapshot.replace("\"2026-12-28\"",
                "\"2026-12-28\"},{\"title\":\"Extra bank holiday\",\"date\":\"2026-12-29\",\"notes\":\"\",\"bunting\":true"));
        return file;
    }
}
