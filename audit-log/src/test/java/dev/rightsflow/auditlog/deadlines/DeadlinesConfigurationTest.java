package dev.rightsflow.auditlog.deadlines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rightsflow.deadline.UkDivision;
import dev.rightsflow.deadline.holidays.GovUkBankHolidays;
import dev.rightsflow.deadline.holidays.UkBankHolidays;

/** The calculator's bank holidays follow the configuration: snapshot, refreshed file, library filling. */
class DeadlinesConfigurationTest {

    private final DeadlinesConfiguration configuration = new DeadlinesConfiguration();

    @Test
    void withoutConfigurationTheShippedGovUkSnapshotDecides() {
        UkBankHolidays holidays = configuration.auditLogDeadlinesBankHolidays(new DeadlineSettings("", 0));

        assertThat(holidays.govUk().source()).contains("snapshot");
        assertThat(holidays.covers(UkDivision.SCOTLAND, 2027)).isTrue();
        assertThat(holidays.covers(UkDivision.SCOTLAND, 2028)).isFalse();
    }

    @Test
    void aConfiguredFileRefreshesTheList(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bank-holidays.json");
        String snapshot;
        try (var in = GovUkBankHolidays.class.getResourceAsStream(GovUkBankHolidays.SNAPSHOT_RESOURCE)) {
            snapshot = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // An operator's download that also has an extra day in 2026 (as a newly proclaimed one-off would be).
        Files.writeString(file, snapshot.replace("\"2026-12-28\"",
                "\"2026-12-28\"},{\"title\":\"Extra bank holiday\",\"date\":\"2026-12-29\",\"notes\":\"\",\"bunting\":true"));

        UkBankHolidays holidays = configuration.auditLogDeadlinesBankHolidays(new DeadlineSettings(file.toString(), 0));

        assertThat(holidays.govUk().source()).isEqualTo(file.toString());
        assertThat(holidays.holidayOn(UkDivision.ENGLAND_AND_WALES, LocalDate.parse("2026-12-29"))).isPresent();
        // The extra day is in all three divisions' lists, and jollyday does not know it: reported, not hidden.
        assertThat(holidays.crossCheck()).hasSize(3)
                .allSatisfy(d -> assertThat(d.date()).isEqualTo(LocalDate.parse("2026-12-29")))
                .extracting(d -> d.division()).containsExactlyInAnyOrder(UkDivision.values());
    }

    @Test
    void aMissingFileStopsTheStartRatherThanFallingBackSilently(@TempDir Path dir) {
        assertThatThrownBy(() -> configuration.auditLogDeadlinesBankHolidays(
                new DeadlineSettings(dir.resolve("absent.json").toString(), 0)))
                .isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void libraryFillingIsUsedOnlyWhenConfigured() {
        UkBankHolidays holidays = configuration.auditLogDeadlinesBankHolidays(new DeadlineSettings("", 2028));

        assertThat(holidays.covers(UkDivision.NORTHERN_IRELAND, 2028)).isTrue();
        assertThat(holidays.coverage(UkDivision.NORTHERN_IRELAND)).isEqualTo("2018-2027 from gov.uk, to 2028 from jollyday rules");
    }
}
