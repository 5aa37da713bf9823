package dev.rightsflow.deadline;

import static dev.rightsflow.deadline.UkDivision.ENGLAND_AND_WALES;
import static dev.rightsflow.deadline.UkDivision.NORTHERN_IRELAND;
import static dev.rightsflow.deadline.UkDivision.SCOTLAND;
import static org.assertj.core.api.Assertions.assertThat;

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
    class PublishedTwentyTwentyEightAndScotlandsWorldCupHoliday {

        @Test
        void substituteNewYearsDayTwentyTwentyEightMovesTheDeadline() {
            // 1 January 2028 is a Saturday: gov.uk's substitute is Monday 3 January (and 4 January in Scotland).
            StatutoryDeadline deadline = ENGINE.statutory(ClockFacts.received(ENGLAND_AND_WALES, d("2027-12-03")));

            assertThat(deadline.due()).isEqualTo(d("2028-01-04"));
            assertThat(deadline.provisional()).isFalse();
            assertThat(due(SCOTLAND, "2027-12-03")).isEqualTo(d("2028-01-05"));
        }

        @Test
        void easterTwentyTwentyEightMovesTheDeadlineByDivision() {
            // Good Friday 14 April 2028, Easter Monday 17 April (not a bank holiday in Scotland).
            assertThat(due(ENGLAND_AND_WALES, "2028-03-14")).isEqualTo(d("2028-04-18"));
            assertThat(due(SCOTLAND, "2028-03-14")).isEqualTo(d("2028-04-17"));
        }

        @Test
        void receiptsFromOctoberTwentyTwentySevenHaveAPublishedDeadline() {
            // Up to 29 November 2028: received 30 November, the date (Saturday 30 December) moves
            // into 2029, which gov.uk has not published.
            for (LocalDate received = d("2027-10-01"); received.isBefore(d("2028-11-30")); received = received.plusDays(1)) {
                for (UkDivision division : UkDivision.values()) {
                    StatutoryDeadline deadline = ENGINE.statutory(ClockFacts.received(division, received));
                    assertThat(deadline.provisional()).as(division + " " + received).isFalse();
                }
            }
        }

        @Test
        void scotlandsWorldCupBankHolidayMovesAScottishDeadlineOnly() {
            // gov.uk, February 2026: Monday 15 June 2026 is a bank holiday in Scotland.
            StatutoryDeadline scottish = ENGINE.statutory(ClockFacts.received(SCOTLAND, d("2026-05-15")));

            assertThat(scottish.due()).isEqualTo(d("2026-06-16"));
            assertThat(scottish.steps()).anySatisfy(s -> assertThat(s.explanation()).contains("World Cup bank holiday"));
            assertThat(due(ENGLAND_AND_WALES, "2026-05-15")).isEqualTo(d("2026-06-15"));
            assertThat(due(NORTHERN_IRELAND, "2026-05-15")).isEqualTo(d("2026-06-15"));
        }
    }

    @Nested
    class ProvisionalDeadlines {

        @Test
        void aDeadlineInAYearGovUkHasNotPublishedIsComputedFromTheRulesAndMarkedProvisional() {
            // Good Friday 19 April 2030 and Easter Monday 22 April by the rules.
            StatutoryDeadline deadline = ENGINE.statutory(ClockFacts.received(ENGLAND_AND_WALES, d("2030-03-19")));

            assertThat(deadline.due()).isEqualTo(d("2030-04-23"));
            assertThat(deadline.provisional()).isTrue();
            assertThat(deadline.provisionalReason())
                    .contains("bank holidays for 2030 are not yet published by gov.uk")
                    .contains("computed from the rules");
            assertThat(deadline.steps()).extracting(DeadlineStep::rule).endsWith(DeadlineRules.PROVISIONAL, DeadlineRules.DUE);
            assertThat(deadline.steps()).anySatisfy(s -> assertThat(s.explanation()).contains("Good Friday, from the rules"));
        }

        @Test
        void aDeadlineOnAnOrdinaryDayOfAnUnpublishedYearIsStillProvisional() {
            // A one-off bank holiday could still be proclaimed for Wednesday 10 July 2030.
            StatutoryDeadline deadline = ENGINE.statutory(ClockFacts.received(ENGLAND_AND_WALES, d("2030-06-10")));

            assertThat(deadline.due()).isEqualTo(d("2030-07-10"));
            assertThat(deadline.provisionalReason()).contains("2030");
        }

        @Test
        void onlyTheDaysThatDecideTheDateMakeItProvisional() {
            StatutoryDeadline december = ENGINE.statutory(ClockFacts.received(ENGLAND_AND_WALES, d("2028-11-15")));
            StatutoryDeadline extended = ENGINE.statutory(ClockFacts.received(ENGLAND_AND_WALES, d("2028-11-15")).withExtended(true));

            assertThat(december.due()).isEqualTo(d("2028-12-15"));
            assertThat(december.provisional()).isFalse();
            assertThat(extended.due()).isEqualTo(d("2029-02-15"));
            assertThat(extended.provisionalReason()).contains("2029");
        }

        @Test
        void targetsInWorkingDaysOfAnUnpublishedYearAreProvisionalAndCalendarDayOnesAreNot() {
            List<TargetDeadline> targets = ENGINE.targets(ENGLAND_AND_WALES, d("2030-06-03"), d("2030-06-03"),
                    List.of(ResponseTargetSpec.organisation(5, 20), ResponseTargetSpec.LGPD));

            assertThat(targets).extracting(TargetDeadline::kind, TargetDeadline::due, TargetDeadline::provisional).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(TargetDeadline.ACKNOWLEDGE, d("2030-06-10"), true),
                    org.assertj.core.groups.Tuple.tuple(TargetDeadline.RESPOND, d("2030-07-01"), true),
                    org.assertj.core.groups.Tuple.tuple(TargetDeadline.RESPOND, d("2030-06-18"), false));
            assertThat(targets.get(0).steps()).extracting(DeadlineStep::rule).contains(DeadlineRules.PROVISIONAL);
        }

        @Test
        void noYearIsRefusedBeforeOrAfterTheList() {
            // Monday 2 January 2017 was a Scottish bank holiday; gov.uk's list starts in 2018, so the rules answer.
            assertThat(ENGINE.isWorkingDay(SCOTLAND, d("2017-06-03"))).isFalse();
            assertThat(ENGINE.isWorkingDay(SCOTLAND, d("2017-01-02"))).isFalse();
            assertThat(ENGINE.isWorkingDay(SCOTLAND, d("2017-01-04"))).isTrue();
            assertThat(ENGINE.addWorkingDays(ENGLAND_AND_WALES, d("2040-12-21"), 3)).isEqualTo(d("2040-12-28"));
            assertThat(ENGINE.provisionalReason(ENGLAND_AND_WALES, d("2040-12-21"), d("2040-12-28"))).isPresent();
            assertThat(ENGINE.provisionalReason(ENGLAND_AND_WALES, d("2028-12-21"), d("2028-12-28"))).isEmpty();
            assertThat(ENGINE.extensionAllowed(ClockFacts.received(NORTHERN_IRELAND, d("2031-03-01")), d("2031-03-05"))).isTrue();
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
