package dev.rightsflow.deadline;

import static dev.rightsflow.deadline.UkDivision.ENGLAND_AND_WALES;
import static dev.rightsflow.deadline.UkDivision.NORTHERN_IRELAND;
import static dev.rightsflow.deadline.UkDivision.SCOTLAND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The statutory time limit, one test per rule (Art 12(3), Art 12A UK GDPR; ICO guidance on
 * the right of access, "time limits").
 */
class DeadlineEngineTest {

    private static final DeadlineEngine ENGINE = DeadlineEngine.withBundledHolidays();

    private static LocalDate due(UkDivision division, String received) {
        return ENGINE.statutory(ClockFacts.received(division, LocalDate.parse(received))).due();
    }

    private static LocalDate d(String iso) {
        return LocalDate.parse(iso);
    }

    @Nested
    class TheIcoMethod {

        @Test
        void dayOfReceiptIsDayOne() {
            // ICO worked example: received 3 September, due 3 October.
            assertThat(due(ENGLAND_AND_WALES, "2024-09-03")).isEqualTo(d("2024-10-03"));
        }

        @Test
        void deadlineIsTheCorrespondingDateNextMonth() {
            StatutoryDeadline deadline = ENGINE.statutory(ClockFacts.received(ENGLAND_AND_WALES, d("2025-06-11")));

            assertThat(deadline.due()).isEqualTo(d("2025-07-11"));
            assertThat(deadline.steps()).extracting(DeadlineStep::rule)
                    .containsExactly(DeadlineRules.RECEIVED, DeadlineRules.CORRESPONDING_DATE, DeadlineRules.DUE);
        }

        @Test
        void receivedThirtiethJanuaryIsDueTwentyEighthFebruary() {
            // ICO worked example: received 30 January, due 28 February.
            assertThat(due(ENGLAND_AND_WALES, "2025-01-30")).isEqualTo(d("2025-02-28"));
        }

        @Test
        void receivedThirtiethJanuaryInALeapYearIsDueTwentyNinthFebruary() {
            assertThat(due(ENGLAND_AND_WALES, "2024-01-30")).isEqualTo(d("2024-02-29"));
        }

        @Test
        void monthEndWhenNextMonthHasNoCorrespondingDate() {
            // ICO worked example: received 31 March, due 30 April.
            StatutoryDeadline deadline = ENGINE.statutory(ClockFacts.received(ENGLAND_AND_WALES, d("2025-03-31")));

            assertThat(deadline.due()).isEqualTo(d("2025-04-30"));
            assertThat(deadline.steps()).anySatisfy(step -> {
                assertThat(step.rule()).isEqualTo(DeadlineRules.MONTH_END);
                assertThat(step.explanation()).contains("April 2025 has no day 31");
            });
        }

        @Test
        void deadlineMovesToNextWorkingDayAfterWeekend() {
            // 4 October 2025 is a Saturday.
            StatutoryDeadline deadline = ENGINE.statutory(ClockFacts.received(ENGLAND_AND_WALES, d("2025-09-04")));

            assertThat(deadline.due()).isEqualTo(d("2025-10-06"));
            assertThat(deadline.steps()).anySatisfy(step -> {
                assertThat(step.rule()).isEqualTo(DeadlineRules.WEEKEND);
                assertThat(step.explanation()).contains("Saturday 4 October 2025");
            });
        }

        @Test
        void monthEndOnAWeekendMovesToTheNextWorkingDay() {
            // November has no 31st; 30 November 2025 is a Sunday.
            assertThat(due(ENGLAND_AND_WALES, "2025-10-31")).isEqualTo(d("2025-12-01"));
        }

        @Test
        void deadlineMovesToNextWorkingDayAfterBankHoliday() {
            // 26 August 2024: summer bank holiday in England and Wales.
            StatutoryDeadline deadline = ENGINE.statutory(ClockFacts.received(ENGLAND_AND_WALES, d("2024-07-26")));

            assertThat(deadline.due()).isEqualTo(d("2024-08-27"));
            assertThat(deadline.steps()).anySatisfy(step -> {
                assertThat(step.rule()).isEqualTo(DeadlineRules.BANK_HOLIDAY);
                assertThat(step.explanation()).contains("Monday 26 August 2024", "England and Wales", "Summer bank holiday");
            });
        }

        @Test
        void deadlineMovesPastConsecutiveWeekendAndSubstituteHolidays() {
            // 25 and 26 December 2021 fell on a weekend; 27 and 28 were substitute days.
            assertThat(due(ENGLAND_AND_WALES, "2021-11-25")).isEqualTo(d("2021-12-29"));
        }
    }

    @Nested
    class BankHolidaysOfTheControllersDivision {

        @Test
        void englishSummerBankHolidayIsAWorkingDayInScotland() {
            assertThat(due(SCOTLAND, "2024-07-26")).isEqualTo(d("2024-08-26"));
        }

        @Test
        void scottishSummerBankHolidayIsTheFirstMondayOfAugust() {
            assertThat(due(SCOTLAND, "2024-07-05")).isEqualTo(d("2024-08-06"));
            assertThat(due(ENGLAND_AND_WALES, "2024-07-05")).isEqualTo(d("2024-08-05"));
        }

        @Test
        void scottishSecondOfJanuaryMovesTheDeadline() {
            assertThat(due(SCOTLAND, "2025-12-02")).isEqualTo(d("2026-01-05"));
            assertThat(due(ENGLAND_AND_WALES, "2025-12-02")).isEqualTo(d("2026-01-02"));
        }

        @Test
        void stAndrewsDaySubstituteMovesAScottishDeadline() {
            // 30 November 2024 was a Saturday; Scotland's substitute was Monday 2 December.
            assertThat(due(SCOTLAND, "2024-10-30")).isEqualTo(d("2024-12-03"));
            assertThat(due(ENGLAND_AND_WALES, "2024-10-30")).isEqualTo(d("2024-12-02"));
        }

        @Test
        void stPatricksDayMovesANorthernIrishDeadline() {
            assertThat(due(NORTHERN_IRELAND, "2026-02-17")).isEqualTo(d("2026-03-18"));
            assertThat(due(ENGLAND_AND_WALES, "2026-02-17")).isEqualTo(d("2026-03-17"));
        }

        @Test
        void twelfthOfJulyMovesANorthernIrishDeadline() {
            assertThat(due(NORTHERN_IRELAND, "2023-06-12")).isEqualTo(d("2023-07-13"));
            assertThat(due(ENGLAND_AND_WALES, "2023-06-12")).isEqualTo(d("2023-07-12"));
        }

        @Test
        void stateFuneralOfQueenElizabethMovesTheDeadlineEverywhere() {
            for (UkDivision division : UkDivision.values()) {
                assertThat(due(division, "2022-08-19")).as(division.name()).isEqualTo(d("2022-09-20"));
            }
        }

        @Test
        void coronationOfKingCharlesMovesTheDeadlineEverywhere() {
            for (UkDivision division : UkDivision.values()) {
                assertThat(due(division, "2023-04-08")).as(division.name()).isEqualTo(d("2023-05-09"));
            }
        }

        @Test
        void movedSpringBankHolidayAndPlatinumJubileeMoveTheDeadlineOverTheWeekend() {
            // 2 June 2022 (moved spring bank holiday), 3 June (Platinum Jubilee), then the weekend.
            StatutoryDeadline deadline = ENGINE.statutory(ClockFacts.received(ENGLAND_AND_WALES, d("2022-05-02")));

            assertThat(deadline.due()).isEqualTo(d("2022-06-06"));
            assertThat(deadline.steps()).extracting(DeadlineStep::rule).containsSequence(
                    DeadlineRules.BANK_HOLIDAY, DeadlineRules.BANK_HOLIDAY, DeadlineRules.WEEKEND, DeadlineRules.DUE);
            assertThat(deadline.steps()).anySatisfy(s -> assertThat(s.explanation()).contains("Platinum Jubilee"));
        }
    }

    @Nested
    class TheClockStart {

        @Test
        void clockStartsWhenTheIdentityInformationAskedForArrives() {
            StatutoryDeadline deadline = ENGINE.statutory(
                    ClockFacts.received(ENGLAND_AND_WALES, d("2024-09-03")).withIdentityVerified(d("2024-09-10")));

            assertThat(deadline.clockStart()).isEqualTo(d("2024-09-10"));
            assertThat(deadline.due()).isEqualTo(d("2024-10-10"));
            assertThat(deadline.steps()).anySatisfy(s -> {
                assertThat(s.rule()).isEqualTo(DeadlineRules.CLOCK_START);
                assertThat(s.explanation()).contains("identity", "Art 12A");
            });
        }

        @Test
        void clockStartsAtTheLatestOfReceiptIdentityAndFee() {
            ClockFacts facts = ClockFacts.received(ENGLAND_AND_WALES, d("2024-09-03"))
                    .withIdentityVerified(d("2024-09-10"))
                    .withFeeReceived(d("2024-09-12"));

            assertThat(ENGINE.statutory(facts).clockStart()).isEqualTo(d("2024-09-12"));
            assertThat(ENGINE.statutory(facts).due()).isEqualTo(d("2024-10-14"));
        }

        @Test
        void clockStartGivenAsADateStartsTheClockThere() {
            StatutoryDeadline deadline = ENGINE.statutoryFrom(ClockFacts.received(SCOTLAND, d("2025-10-20")), d("2025-10-31"));

            // 31 October + one month: November has no 31st, so 30 November, a Sunday and St Andrew's Day.
            assertThat(deadline.clockStart()).isEqualTo(d("2025-10-31"));
            assertThat(deadline.due()).isEqualTo(d("2025-12-02"));
            assertThat(deadline.steps()).extracting(DeadlineStep::rule).containsExactly(DeadlineRules.RECEIVED,
                    DeadlineRules.CLOCK_START, DeadlineRules.MONTH_END, DeadlineRules.WEEKEND, DeadlineRules.BANK_HOLIDAY,
                    DeadlineRules.DUE);
        }

        @Test
        void clockCannotStartBeforeReceipt() {
            assertThat(ENGINE.statutoryFrom(ClockFacts.received(SCOTLAND, d("2025-10-20")), d("2025-10-01")).clockStart())
                    .isEqualTo(d("2025-10-20"));
        }

        @Test
        void identityVerifiedBeforeReceiptDoesNotMoveTheClockStart() {
            ClockFacts facts = ClockFacts.received(ENGLAND_AND_WALES, d("2024-09-03")).withIdentityVerified(d("2024-09-01"));

            assertThat(ENGINE.statutory(facts).clockStart()).isEqualTo(d("2024-09-03"));
        }
    }

    @Nested
    class StoppingTheClock {

        @Test
        void clarificationPauseAddsThePausedDays() {
            ClockFacts facts = ClockFacts.received(ENGLAND_AND_WALES, d("2024-09-03"))
                    .withPause(new Pause(d("2024-09-05"), d("2024-09-10")));

            StatutoryDeadline deadline = ENGINE.statutory(facts);

            assertThat(deadline.pausedDays()).isEqualTo(5);
            assertThat(deadline.due()).isEqualTo(d("2024-10-08"));
            assertThat(deadline.steps()).anySatisfy(s -> {
                assertThat(s.rule()).isEqualTo(DeadlineRules.PAUSED_DAYS_ADDED);
                assertThat(s.explanation()).startsWith("5 days added");
            });
        }

        @Test
        void pausedDaysAreAddedBeforeMovingOffAWeekend() {
            // 3 October 2024 + 2 paused days = Saturday 5 October, so Monday 7 October.
            ClockFacts facts = ClockFacts.received(ENGLAND_AND_WALES, d("2024-09-03"))
                    .withPause(new Pause(d("2024-09-05"), d("2024-09-07")));

            assertThat(ENGINE.statutory(facts).due()).isEqualTo(d("2024-10-07"));
        }

        @Test
        void overlappingPausesCountEachDayOnce() {
            ClockFacts facts = ClockFacts.received(ENGLAND_AND_WALES, d("2024-09-03"))
                    .withPause(new Pause(d("2024-09-05"), d("2024-09-10")))
                    .withPause(new Pause(d("2024-09-08"), d("2024-09-12")));

            assertThat(ENGINE.statutory(facts).pausedDays()).isEqualTo(7);
        }

        @Test
        void ongoingClarificationPauseLeavesTheDueDateUnknown() {
            ClockFacts facts = ClockFacts.received(ENGLAND_AND_WALES, d("2024-09-03"))
                    .withPause(Pause.ongoing(d("2024-09-05")));

            StatutoryDeadline deadline = ENGINE.statutory(facts);

            assertThat(deadline.paused()).isTrue();
            assertThat(deadline.dueDate()).isEmpty();
            assertThat(deadline.steps()).last().satisfies(s -> assertThat(s.rule()).isEqualTo(DeadlineRules.PAUSE_ONGOING));
        }

        @Test
        void clarificationAskedAfterTheDeadlineDoesNotStopTheClock() {
            ClockFacts facts = ClockFacts.received(ENGLAND_AND_WALES, d("2024-09-03"))
                    .withPause(new Pause(d("2024-10-10"), d("2024-10-20")));

            assertThat(ENGINE.statutory(facts).due()).isEqualTo(d("2024-10-03"));
        }
    }

    @Nested
    class Extension {

        @Test
        void extensionIsThreeMonthsFromTheClockStart() {
            StatutoryDeadline deadline = ENGINE.statutory(
                    ClockFacts.received(ENGLAND_AND_WALES, d("2024-09-03")).withExtended(true));

            assertThat(deadline.due()).isEqualTo(d("2024-12-03"));
            assertThat(deadline.extended()).isTrue();
            assertThat(deadline.steps()).extracting(DeadlineStep::rule).contains(DeadlineRules.EXTENSION);
        }

        @Test
        void extendedDeadlineUsesTheMonthEndRule() {
            // 30 November + 3 months: February 2025 has no 30th.
            assertThat(ENGINE.statutory(ClockFacts.received(ENGLAND_AND_WALES, d("2024-11-30")).withExtended(true)).due())
                    .isEqualTo(d("2025-02-28"));
        }

        @Test
        void extensionAllowedOnlyInsideTheFirstMonth() {
            ClockFacts facts = ClockFacts.received(ENGLAND_AND_WALES, d("2024-09-03"));

            assertThat(ENGINE.extensionAllowed(facts, d("2024-09-20"))).isTrue();
            assertThat(ENGINE.extensionAllowed(facts, d("2024-10-03"))).isTrue();
            assertThat(ENGINE.extensionAllowed(facts, d("2024-10-04"))).isFalse();
        }

        @Test
        void extensionStaysAllowedWhileTheClockIsStopped() {
            ClockFacts facts = ClockFacts.received(ENGLAND_AND_WALES, d("2024-09-03")).withPause(Pause.ongoing(d("2024-09-05")));

            assertThat(ENGINE.extensionAllowed(facts, d("2024-10-20"))).isTrue();
        }
    }

    @Nested
    class UnknownHolidays {

        @Test
        void refusesToComputeADeadlineInAYearWithoutKnownHolidays() {
            assertThatThrownBy(() -> due(ENGLAND_AND_WALES, "2027-12-15"))
                    .isInstanceOf(HolidaysUnknownException.class)
                    .hasMessageContaining("2028");
        }

        @Test
        void refusesAYearBeforeTheList() {
            assertThatThrownBy(() -> ENGINE.isWorkingDay(SCOTLAND, d("2017-06-03")))
                    .isInstanceOf(HolidaysUnknownException.class);
        }
    }

    @Nested
    class WorkingDaysAndTargets {

        @Test
        void workingDaysSkipWeekendsAndBankHolidays() {
            // Friday 20 December 2024: 23, 24, 27, 30, 31 December are the five working days.
            assertThat(ENGINE.addWorkingDays(ENGLAND_AND_WALES, d("2024-12-20"), 5)).isEqualTo(d("2024-12-31"));
        }

        @Test
        void workingDaysBackwardsSkipWeekendsAndBankHolidays() {
            // Three working days before Tuesday 27 August 2024 (after the summer bank holiday, E&W).
            assertThat(ENGINE.minusWorkingDays(ENGLAND_AND_WALES, d("2024-08-27"), 3)).isEqualTo(d("2024-08-21"));
            assertThat(ENGINE.minusWorkingDays(SCOTLAND, d("2024-08-27"), 3)).isEqualTo(d("2024-08-22"));
        }

        @Test
        void organisationTargetCountsWorkingDaysAfterTheClockStart() {
            // Empower CIC: answer within 20 working days.
            assertThat(ENGINE.dueDateOfOrganisationTarget(ENGLAND_AND_WALES, d("2025-09-01"), 20)).isEqualTo(d("2025-09-29"));
        }

        @Test
        void empowerAcknowledgesWithinFiveAndAnswersWithinTwentyWorkingDays() {
            List<TargetDeadline> targets = ENGINE.targets(ENGLAND_AND_WALES, d("2025-09-01"), d("2025-09-01"),
                    List.of(ResponseTargetSpec.organisation(5, 20)));

            assertThat(targets).extracting(TargetDeadline::kind, TargetDeadline::due).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(TargetDeadline.ACKNOWLEDGE, d("2025-09-08")),
                    org.assertj.core.groups.Tuple.tuple(TargetDeadline.RESPOND, d("2025-09-29")));
        }

        @Test
        void organisationAnswerTargetMovesByTheWorkingDaysTheClockWasStopped() {
            // Clock stopped Wednesday 3 to Monday 8 September 2025: 3, 4 and 5 September are working days.
            ClockFacts facts = ClockFacts.received(ENGLAND_AND_WALES, d("2025-09-01"))
                    .withPause(new Pause(d("2025-09-03"), d("2025-09-08")));

            List<TargetDeadline> targets = ENGINE.targets(facts, List.of(ResponseTargetSpec.organisation(5, 20)));

            assertThat(targets).extracting(TargetDeadline::kind, TargetDeadline::due).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(TargetDeadline.ACKNOWLEDGE, d("2025-09-08")),
                    org.assertj.core.groups.Tuple.tuple(TargetDeadline.RESPOND, d("2025-10-02")));
            assertThat(targets.get(1).steps().get(0).explanation()).contains("plus 3 working days", "Art 12A");
        }

        @Test
        void organisationAnswerTargetIsUnknownWhileClarificationIsAwaitedButAcknowledgementIsNot() {
            ClockFacts facts = ClockFacts.received(ENGLAND_AND_WALES, d("2025-09-01")).withPause(Pause.ongoing(d("2025-09-03")));

            List<TargetDeadline> targets = ENGINE.targets(facts, List.of(ResponseTargetSpec.organisation(5, 20)));

            assertThat(targets.get(0).due()).isEqualTo(d("2025-09-08"));
            assertThat(targets.get(1).due()).isNull();
            assertThat(targets.get(1).steps().get(0).rule()).isEqualTo(DeadlineRules.PAUSE_ONGOING);
        }

        @Test
        void calendarDayRegimesDoNotStopForUkClarification() {
            ClockFacts facts = ClockFacts.received(ENGLAND_AND_WALES, d("2025-09-01"))
                    .withPause(new Pause(d("2025-09-03"), d("2025-09-08")));

            assertThat(ENGINE.targets(facts, List.of(ResponseTargetSpec.LGPD))).singleElement()
                    .satisfies(t -> assertThat(t.due()).isEqualTo(d("2025-09-16")));
        }

        @Test
        void ccpaAcknowledgesInTenBusinessDaysAndAnswersInFortyFivePlusFortyFiveCalendarDays() {
            List<TargetDeadline> targets = ENGINE.targets(ENGLAND_AND_WALES, d("2025-09-01"), d("2025-09-03"),
                    List.of(ResponseTargetSpec.CCPA));

            assertThat(targets).extracting(TargetDeadline::kind, TargetDeadline::due).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(TargetDeadline.ACKNOWLEDGE, d("2025-09-15")),
                    org.assertj.core.groups.Tuple.tuple(TargetDeadline.RESPOND, d("2025-10-16")),
                    org.assertj.core.groups.Tuple.tuple(TargetDeadline.RESPOND_EXTENDED, d("2025-11-30")));
        }

        @Test
        void lgpdAnswersInFifteenDays() {
            assertThat(ENGINE.targets(ENGLAND_AND_WALES, d("2025-09-01"), d("2025-09-01"), List.of(ResponseTargetSpec.LGPD)))
                    .singleElement().satisfies(t -> assertThat(t.due()).isEqualTo(d("2025-09-16")));
        }
    }

    @Test
    void divisionIsReadFromGovUkKeysAndEnumNames() {
        assertThat(UkDivision.parse("england-and-wales")).contains(ENGLAND_AND_WALES);
        assertThat(UkDivision.parse("NORTHERN_IRELAND")).contains(NORTHERN_IRELAND);
        assertThat(UkDivision.parse("Scotland")).contains(SCOTLAND);
        assertThat(UkDivision.parse("UNKNOWN")).isEmpty();
        assertThat(UkDivision.parse(null)).isEmpty();
    }
}
