package dev.rightsflow.auditlog.cases.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.rightsflow.auditlog.kafka.RouterClockStandIn;
import dev.rightsflow.deadline.DeadlineEngine;
import dev.rightsflow.deadline.ResponseTargetSpec;
import dev.rightsflow.deadline.TargetDeadline;

class CaseFileTest {

    private static final CaseDeadline DEADLINES = new CaseDeadline(DeadlineEngine.withBundledHolidays());

    /** The deadline shown once the router stated its clock for the case as it now stands. */
    private static DeadlinePosition position(CaseFile f, List<ResponseTargetSpec> targets, LocalDate today) {
        f.onRouterClock(RouterClockStandIn.stated(f, null, targets));
        return DEADLINES.position(f, null, targets, today);
    }

    private static CaseFile received(String on) {
        CaseFile f = CaseFile.of("r-1");
        f.onReceived("ACCESS", "API", "ecs", null, Instant.parse(on), "NONE", null, null, null);
        f.onControllerResolved("ecs", null, "ecs", false, "rule", "ENGLAND_AND_WALES");
        f.onCaseOpened("ecs", "ENGLAND_AND_WALES", Instant.parse(on), Instant.parse(on), null, true);
        return f;
    }

    @Test
    void aRedeliveredEventIsSeenAndNotAppliedTwice() {
        CaseFile f = CaseFile.of("r-1");
        assertThat(f.seen("e-1")).isFalse();
        assertThat(f.seen("e-1")).isTrue();
    }

    @Test
    void aDeadlineOnASaturdayMovesToMonday() {
        DeadlinePosition d = position(received("2026-09-03T10:15:00Z"), List.of(),
                LocalDate.parse("2026-09-07"));
        assertThat(d.statutoryDue()).isEqualTo("2026-10-05");
        assertThat(d.daysLeft()).isEqualTo(28);
    }

    @Test
    void theClockWaitsForIdentityEvidenceAndStartsOnTheDayItIsVerified() {
        CaseFile f = CaseFile.of("r-2");
        f.onReceived("ACCESS", "API", "empower", null, Instant.parse("2026-09-03T10:15:00Z"), "DOCUMENTARY", null, null,
                null);
        f.onIdentityVerificationRequested();
        f.onControllerResolved("empower", null, "empower", false, "rule", "ENGLAND_AND_WALES");

        DeadlinePosition waiting = position(f, List.of(), LocalDate.parse("2026-09-05"));
        assertThat(waiting.statutoryDue()).isNull();
        assertThat(waiting.clockStart()).isNull();
        assertThat(waiting.overdue()).isFalse();
        assertThat(waiting.steps()).singleElement().asString().contains("Art 12A");

        f.onIdentityVerified(Instant.parse("2026-09-08T11:00:00Z"));
        DeadlinePosition running = position(f, List.of(), LocalDate.parse("2026-09-09"));
        assertThat(running.clockStart()).isEqualTo("2026-09-08");
        assertThat(running.statutoryDue()).isEqualTo("2026-10-08");
    }

    @Test
    void whileIdentityIsAwaitedTheAcknowledgementTargetRunsFromReceiptAndTheAnswerTargetWaits() {
        CaseFile f = CaseFile.of("r-2b");
        f.onReceived("ACCESS", "API", "empower", null, Instant.parse("2026-09-03T10:15:00Z"), "DOCUMENTARY", null, null,
                null);
        f.onControllerResolved("empower", null, "empower", false, "rule", "ENGLAND_AND_WALES");
        List<ResponseTargetSpec> empower = List.of(new ResponseTargetSpec("ORGANISATION", 5, 20, null, null));

        DeadlinePosition waiting = position(f, empower, LocalDate.parse("2026-09-11"));
        assertThat(waiting.statutoryDue()).isNull();
        // Thursday 3 September + 5 working days = Thursday 10 September; missed by the 11th
        assertThat(waiting.targets()).singleElement().satisfies(t -> {
            assertThat(t.kind()).isEqualTo("acknowledge");
            assertThat(t.due()).isEqualTo("2026-09-10");
            assertThat(t.missed()).isTrue();
        });

        f.onIdentityVerified(Instant.parse("2026-09-08T11:00:00Z"));
        DeadlinePosition running = position(f, empower, LocalDate.parse("2026-09-09"));
        assertThat(running.targets()).extracting(DeadlinePosition.Target::kind).contains("acknowledge", "respond");
    }

    @Test
    void aRequestReceivedLateInTheEveningCountsFromTheUkDay() {
        DeadlinePosition d = position(received("2026-09-02T23:30:00Z"), List.of(),
                LocalDate.parse("2026-09-07"));
        assertThat(d.clockStart()).isEqualTo("2026-09-03");
    }

    @Test
    void whilePausedTheClockIsStoppedAndAfterwardsThePausedDaysAreAdded() {
        CaseFile f = received("2026-09-03T10:15:00Z");
        f.onAccepted(Instant.parse("2026-09-04T09:00:00Z"));
        f.onPaused(Instant.parse("2026-09-10T09:00:00Z"), "which records?");
        assertThat(f.status).isEqualTo(CaseStatus.PAUSED);
        assertThat(position(f, List.of(), LocalDate.parse("2026-09-12")).statutoryDue()).isNull();
        f.onResumed(Instant.parse("2026-09-15T09:00:00Z"));
        assertThat(f.status).isEqualTo(CaseStatus.IN_PROGRESS);
        assertThat(position(f, List.of(), LocalDate.parse("2026-09-16")).statutoryDue())
                .isEqualTo("2026-10-08");
    }

    @Test
    void aProcessorThatForwardedTheRequestCanSeeTheCase() {
        CaseFile f = CaseFile.of("r-1");
        f.onReceived("ERASURE", "API", "mes", null, Instant.parse("2026-09-02T14:00:00Z"), "NONE", null, null, null);
        f.onControllerResolved("northshire-nhs-ft", null, "mes", true, "rule", "ENGLAND_AND_WALES");
        assertThat(new Viewer("demo-mes", "mes", false).canSee(f)).isTrue();
        assertThat(new Viewer("demo-mes", "mes", false).canDecide(f)).isFalse();
        assertThat(new Viewer("demo-ecs", "ecs", false).canSee(f)).isFalse();
    }

    private static LocalDate ownAnswerTarget(DeadlinePosition d) {
        return d.targets().stream().filter(t -> TargetDeadline.RESPOND.equals(t.kind())).findFirst().orElseThrow().due();
    }

    @Test
    void theOrganisationsOwnAnswerTargetMovesByTheWorkingDaysTheClockWasStopped() {
        // Empower CIC: answer within 20 working days of the clock start
        List<ResponseTargetSpec> empower = List.of(ResponseTargetSpec.organisation(5, 20));
        CaseFile f = received("2026-09-03T10:15:00Z");
        f.onAccepted(Instant.parse("2026-09-04T09:00:00Z"));
        assertThat(ownAnswerTarget(position(f, empower, LocalDate.parse("2026-09-07"))))
                .isEqualTo("2026-10-01");

        f.onPaused(Instant.parse("2026-09-10T09:00:00Z"), "which records?");
        assertThat(ownAnswerTarget(position(f, empower, LocalDate.parse("2026-09-12")))).isNull();

        // stopped Thursday 10 to Tuesday 15 September: 3 working days (10, 11, 14) added
        f.onResumed(Instant.parse("2026-09-15T09:00:00Z"));
        DeadlinePosition after = position(f, empower, LocalDate.parse("2026-09-16"));
        assertThat(ownAnswerTarget(after)).isEqualTo("2026-10-06");
        assertThat(after.targets()).filteredOn(t -> TargetDeadline.ACKNOWLEDGE.equals(t.kind()))
                .singleElement().satisfies(t -> assertThat(t.due()).isEqualTo("2026-09-10"));
    }

    @Test
    void aTaskIsAtRiskOnlyOnceTheRouterRaisedItAndUntilItCompletes() {
        CaseFile f = received("2026-09-03T10:15:00Z");
        CaseTask crm = f.taskOrNew("t-1", "charitylog", "EXPORT");
        crm.lastSafeDispatch = LocalDate.parse("2026-09-25");
        // on the last safe day itself and the days after it: nothing here decides it
        assertThat(f.tasksAtRisk(LocalDate.parse("2026-09-25"))).isEmpty();
        assertThat(f.tasksAtRisk(LocalDate.parse("2026-09-28"))).isEmpty();

        assertThat(f.onAlertRaised(CaseFile.TASK_AT_RISK, LocalDate.parse("2026-09-25"), "t-1")).isTrue();
        assertThat(f.tasksAtRisk(LocalDate.parse("2026-09-28"))).containsExactly(crm);

        f.onTaskCompleted("t-1", "charitylog", "EXPORT", true, 2);
        assertThat(f.tasksAtRisk(LocalDate.parse("2026-09-28"))).isEmpty();
    }
}
