package dev.rightsflow.intake.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rightsflow.deadline.DeadlineEngine;
import dev.rightsflow.deadline.UkDivision;

class StatusReportTest {

    final DeadlineEngine engine = DeadlineEngine.withBundledHolidays();
    final Instant received = Instant.parse("2026-01-31T10:00:00Z");

    RequestStatus received(Verification verification) {
        return RequestStatus.empty("r1").apply(new CaseFact.Received("e1", received, "r1", "hash", "mes", null,
                RightType.ACCESS, Channel.API, received, verification, LocalDate.parse("2026-02-27"), null, "fp",
                UkDivision.ENGLAND_AND_WALES, null));
    }

    @Test
    void receivedOn31JanuaryIsDueOnTheLastDayOfFebruaryMovedOffTheWeekend() {
        // ICO method: no 31 February, so the last day of February, Saturday 28th, moves to Monday 2 March.
        StatusReport report = StatusReport.of(received(Verification.NONE), null, engine, null);
        assertThat(report.deadline()).isEqualTo(LocalDate.parse("2026-03-02"));
        assertThat(report.state()).isEqualTo("RECEIVED");
    }

    @Test
    void clockStartsAtIdentityVerificationWhenVerificationWasRequired() {
        RequestStatus waiting = received(Verification.EMAIL_CODE);
        assertThat(StatusReport.of(waiting, null, engine, null).deadline()).isNull();
        assertThat(StatusReport.of(waiting, null, engine, null).state()).isEqualTo("AWAITING_IDENTITY");
        RequestStatus verified = waiting.apply(new CaseFact.IdentityVerified("e2", Instant.parse("2026-02-10T09:00:00Z"),
                Instant.parse("2026-02-10T09:00:00Z")));
        assertThat(StatusReport.of(verified, null, engine, null).deadline()).isEqualTo(LocalDate.parse("2026-03-10"));
    }

    @Test
    void pausedClockHasNoDueDateAndResumedClockAddsThePausedDays() {
        RequestStatus paused = received(Verification.NONE).apply(new CaseFact.ClockPaused("e2", Instant.parse("2026-02-02T09:00:00Z"),
                Instant.parse("2026-02-02T09:00:00Z"), "which account?"));
        StatusReport whilePaused = StatusReport.of(paused, null, engine, null);
        assertThat(whilePaused.state()).isEqualTo("PAUSED");
        assertThat(whilePaused.deadline()).isNull();
        RequestStatus resumed = paused.apply(new CaseFact.ClockResumed("e3", Instant.parse("2026-02-09T09:00:00Z"),
                Instant.parse("2026-02-09T09:00:00Z")));
        assertThat(StatusReport.of(resumed, null, engine, null).deadline()).isAfter(LocalDate.parse("2026-03-02"));
    }

    @Test
    void extensionReplacesTheDeadlineAndTasksAreToldInPlainWords() {
        RequestStatus status = received(Verification.NONE)
                .apply(new CaseFact.DeadlineExtended("e2", received, LocalDate.parse("2026-04-30"), "many systems"))
                .apply(new CaseFact.Planned("e3", received, List.of(new RequestStatus.Task("t1", "mailchimp", "SUPPRESS",
                        RequestStatus.TaskState.PLANNED, null)), List.of(), List.of()))
                .apply(new CaseFact.TaskWaiting("e4", received, "t1", "mailchimp", "SUPPRESS"));
        StatusReport report = StatusReport.of(status, null, engine, null);
        assertThat(report.deadline()).isEqualTo(LocalDate.parse("2026-04-30"));
        assertThat(report.extended()).isTrue();
        assertThat(report.tasks()).containsExactly(new StatusReport.TaskLine("mailchimp",
                "Stop marketing to you, keeping only what is needed never to contact you again",
                "Waiting for a member of staff to do it by hand"));
    }

    @Test
    void redeliveredFactChangesNothing() {
        RequestStatus once = received(Verification.NONE).apply(new CaseFact.Accepted("e9", received));
        assertThat(once.apply(new CaseFact.Accepted("e9", received))).isSameAs(once);
    }

    @Test
    void organisationsOwnTargetIsShownBesideTheStatutoryDeadline() {
        Organisation empower = new Organisation("empower", "Empower CIC", 1, UkDivision.ENGLAND_AND_WALES, List.of(),
                Map.of(RightType.ACCESS, Verification.NONE), ProcessorAuthMethod.NONE, List.of(new OwnTarget("ORGANISATION", 5, 20)));
        StatusReport report = StatusReport.of(received(Verification.NONE), empower, engine, null);
        assertThat(report.ownTarget()).isBefore(report.deadline());
    }
}
