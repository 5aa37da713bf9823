package dev.rightsflow.deadline.holidays;

import static dev.rightsflow.deadline.UkDivision.ENGLAND_AND_WALES;
import static dev.rightsflow.deadline.UkDivision.NORTHERN_IRELAND;
import static dev.rightsflow.deadline.UkDivision.SCOTLAND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rightsflow.deadline.ClockFacts;
import dev.rightsflow.deadline.DeadlineEngine;
import dev.rightsflow.deadline.HolidaysUnknownException;
import dev.rightsflow.deadline.UkDivision;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bank-holiday sources: the gov.uk snapshot (authoritative), jollyday (cross-check and
 * optional filling), the refresh from a file, and the refusal outside the covered years.
 */
class BankHolidaySourcesTest {

    private static final GovUkBankHolidays GOV_UK = GovUkBankHolidays.snapshot();

    private static LocalDate d(String iso) {
        return LocalDate.parse(iso);
    }

    private static boolean holiday(UkDivision division, String iso) {
        return GOV_UK.holidayOn(division, d(iso)).isPresent();
    }

    @Test
    void snapshotCoversTwentyEighteenToTwentyTwentySevenForEveryDivision() {
        for (UkDivision division : UkDivision.values()) {
            assertThat(GOV_UK.coveredYears(division)).as(division.name())
                    .containsExactly(2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027);
        }
    }

    @Test
    void oneOffHolidaysAreBankHolidaysInEveryDivision() {
        for (UkDivision division : UkDivision.values()) {
            assertThat(holiday(division, "2020-05-08")).as("VE day 2020, " + division).isTrue();
            assertThat(holiday(division, "2020-05-04")).as("early May 2020 moved, " + division).isFalse();
            assertThat(holiday(division, "2022-06-02")).as("moved spring bank holiday, " + division).isTrue();
            assertThat(holiday(division, "2022-05-30")).as("spring bank holiday 2022 moved away, " + division).isFalse();
            assertThat(holiday(division, "2022-06-03")).as("Platinum Jubilee, " + division).isTrue();
            assertThat(holiday(division, "2022-09-19")).as("State Funeral, " + division).isTrue();
            assertThat(holiday(division, "2023-05-08")).as("Coronation, " + division).isTrue();
        }
        assertThat(GOV_UK.holidayOn(ENGLAND_AND_WALES, d("2022-09-19")).orElseThrow().title())
                .contains("State Funeral");
    }

    @Test
    void scotlandHasSecondOfJanuaryAndNoEasterMonday() {
        assertThat(holiday(SCOTLAND, "2024-01-02")).isTrue();
        assertThat(holiday(ENGLAND_AND_WALES, "2024-01-02")).isFalse();
        // 2 January 2021 was a Saturday: the substitute was Monday 4 January.
        assertThat(holiday(SCOTLAND, "2021-01-04")).isTrue();
        // 1 and 2 January 2022 fell on a weekend: substitutes on 3 and 4 January.
        assertThat(holiday(SCOTLAND, "2022-01-03")).isTrue();
        assertThat(holiday(SCOTLAND, "2022-01-04")).isTrue();
        assertThat(holiday(ENGLAND_AND_WALES, "2022-01-04")).isFalse();
        assertThat(holiday(SCOTLAND, "2025-04-21")).isFalse();
        assertThat(holiday(ENGLAND_AND_WALES, "2025-04-21")).isTrue();
    }

    @Test
    void stAndrewsDayHasASubstituteWhenItFallsOnAWeekend() {
        assertThat(GOV_UK.holidayOn(SCOTLAND, d("2019-12-02")).orElseThrow().title()).isEqualTo("St Andrew’s Day (substitute day)");
        assertThat(holiday(SCOTLAND, "2024-12-02")).isTrue();
        assertThat(holiday(SCOTLAND, "2025-12-01")).isTrue();
        assertThat(holiday(SCOTLAND, "2023-11-30")).isTrue();
        assertThat(holiday(ENGLAND_AND_WALES, "2023-11-30")).isFalse();
    }

    @Test
    void northernIrelandHasStPatricksDayAndTheTwelfthWithSubstitutes() {
        assertThat(holiday(NORTHERN_IRELAND, "2023-03-17")).isTrue();
        assertThat(holiday(NORTHERN_IRELAND, "2024-03-18")).isTrue();
        assertThat(holiday(NORTHERN_IRELAND, "2023-07-12")).isTrue();
        assertThat(holiday(NORTHERN_IRELAND, "2025-07-14")).isTrue();
        assertThat(holiday(ENGLAND_AND_WALES, "2023-07-12")).isFalse();
        assertThat(holiday(SCOTLAND, "2023-03-17")).isFalse();
    }

    @Test
    void jollydayComputesTheSameDatesAsGovUkForEveryCoveredYear() {
        UkBankHolidays calendar = UkBankHolidays.bundled();

        List<HolidayDiscrepancy> differences = calendar.crossCheck();

        // Measured with jollyday 1.8.1: no difference for 2018-2027 in any division (the
        // one-off days of 2020, 2022 and 2023 are in its rules). A newer jollyday or a refreshed
        // gov.uk list that disagrees fails here, so the difference gets looked at and written
        // down in the README before the release, never silently used.
        assertThat(differences).isEmpty();
        JollydayBankHolidays library = new JollydayBankHolidays(2018, 2027);
        int compared = 0;
        for (UkDivision division : UkDivision.values()) {
            for (int year = 2018; year <= 2027; year++) {
                assertThat(library.holidaysIn(division, year)).extracting(BankHoliday::date)
                        .containsExactlyElementsOf(GOV_UK.holidaysIn(division, year).stream().map(BankHoliday::date).toList());
                compared += GOV_UK.holidaysIn(division, year).size();
            }
        }
        assertThat(compared).isEqualTo(279);
    }

    @Test
    void rulesCannotKnowOneOffHolidaysProclaimedLaterWhichIsWhyGovUkDecides() {
        // The Millennium bank holiday, 31 December 1999, was proclaimed once; jollyday's UK rules
        // do not have it. The same would happen to a one-off day proclaimed after a jollyday
        // release, so rules only cross-check and never fill unless an operator allows it.
        JollydayBankHolidays library = new JollydayBankHolidays(1999, 1999);

        assertThat(library.holidayOn(ENGLAND_AND_WALES, d("1999-12-31"))).isEmpty();
        assertThat(library.holidayOn(ENGLAND_AND_WALES, d("1999-12-28"))).isPresent();
    }

    @Test
    void crossCheckReportsADateOnlyOneSourceKnows(@TempDir Path dir) throws IOException {
        // A gov.uk list without the 2023 Coronation holiday, as a stale download would be.
        String json = snapshotJson().replace("\"2023-05-08\"", "\"2023-05-09\"");
        Path file = dir.resolve("bank-holidays.json");
        Files.writeString(file, json, StandardCharsets.UTF_8);

        List<HolidayDiscrepancy> differences = new UkBankHolidays(GovUkBankHolidays.fromFile(file), 0).crossCheck();

        assertThat(differences).hasSize(6).allSatisfy(diff -> assertThat(diff.date().getYear()).isEqualTo(2023));
        assertThat(differences).anySatisfy(diff -> {
            assertThat(diff.date()).isEqualTo(d("2023-05-08"));
            assertThat(diff.govUkTitle()).isNull();
            assertThat(diff.jollydayTitle()).isNotBlank();
        });
    }

    @Test
    void refreshFromAFileExtendsTheCoveredYears(@TempDir Path dir) throws IOException {
        String json = snapshotJson().replace("\"2027-12-28\"", "\"2027-12-28\"},{\"title\":\"New Year’s Day\",\"date\":\"2028-01-03\",\"notes\":\"Substitute day\",\"bunting\":true");
        Path file = dir.resolve("bank-holidays.json");
        Files.writeString(file, json, StandardCharsets.UTF_8);
        DeadlineEngine engine = DeadlineEngine.withHolidays(new UkBankHolidays(GovUkBankHolidays.fromFile(file), 0));

        // Received 3 December 2027: 3 January 2028 is the substitute New Year's Day.
        assertThat(engine.statutory(ClockFacts.received(ENGLAND_AND_WALES, d("2027-12-03"))).due()).isEqualTo(d("2028-01-04"));
        assertThatThrownBy(() -> DeadlineEngine.withBundledHolidays().statutory(ClockFacts.received(ENGLAND_AND_WALES, d("2027-12-03"))))
                .isInstanceOf(HolidaysUnknownException.class);
    }

    @Test
    void aRefreshWithABadDateIsRejectedNamingTheDate(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bank-holidays.json");
        Files.writeString(file, snapshotJson().replace("\"2025-12-25\"", "\"2025-13-25\""), StandardCharsets.UTF_8);

        assertThatThrownBy(() -> GovUkBankHolidays.fromFile(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2025-13-25");
    }

    @Test
    void aRefreshWithAMissingYearIsRejected(@TempDir Path dir) throws IOException {
        String json = snapshotJson().replaceAll("\"2024-", "\"2034-");
        Path file = dir.resolve("bank-holidays.json");
        Files.writeString(file, json, StandardCharsets.UTF_8);

        assertThatThrownBy(() -> GovUkBankHolidays.fromFile(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gap");
    }

    @Test
    void libraryFillsYearsAfterGovUkOnlyWhenConfigured() {
        UkBankHolidays strict = new UkBankHolidays(GOV_UK, 0);
        UkBankHolidays filled = new UkBankHolidays(GOV_UK, 2029);

        assertThat(strict.covers(ENGLAND_AND_WALES, 2028)).isFalse();
        assertThat(filled.covers(ENGLAND_AND_WALES, 2028)).isTrue();
        assertThat(filled.covers(ENGLAND_AND_WALES, 2030)).isFalse();
        assertThat(filled.covers(ENGLAND_AND_WALES, 2017)).isFalse();
        // Good Friday 2028 is 14 April; Easter Monday 17 April.
        assertThat(filled.holidayOn(ENGLAND_AND_WALES, d("2028-04-14"))).isPresent();
        assertThat(filled.holidayOn(SCOTLAND, d("2028-04-17"))).isEmpty();
        assertThat(filled.coverage(ENGLAND_AND_WALES)).contains("2029 from jollyday");
    }

    private static String snapshotJson() throws IOException {
        try (var in = GovUkBankHolidays.class.getResourceAsStream(GovUkBankHolidays.SNAPSHOT_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
