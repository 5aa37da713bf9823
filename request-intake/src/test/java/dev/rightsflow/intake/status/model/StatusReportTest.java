package dev.rightsflow.intake.status.model;

import dev.rightsflow.intake.request.model.Channel;
import dev.rightsflow.intake.registry.model.Organisation;
import dev.rightsflow.intake.registry.model.OwnTarget;
import dev.rightsflow.intake.registry.model.ProcessorAuthMethod;
import dev.rightsflow.intake.request.model.RightType;
import dev.rightsflow.intake.request.model.Verification;

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

    /** The router's deadline as its case events state it (steps in the router's words). */
    static RouterDeadline stated(LocalDate due, boolean paused, boolean extended, LocalDate respondTarget, String step) {
        return new RouterDeadline("IN_PROGRESS", LocalDate.parse("2026-01-31"), due, extended ? LocalDate.parse("2026-03-02") : due,
                paused, extended, List.of("router: " + step), null,
                List.of(new RouterDeadline.Target("UK_GDPR_ORGANISATION_TARGET", "respond", respondTarget)));
    }

    static final Organisation EMPOWER = new Organisation("empower", "Empower CIC", 1, UkDivision.ENGLAND_AND_WALES,
            List.of(), Map.of(RightType.ACCESS, Verification.NONE), ProcessorAuthMethod.NONE,
            List.of(new OwnTarget("ORGANISATION", 5, 20)));

    @Test
    void anExtendedCaseShowsTheRoutersDeadlineStepsAndTargetAsItsEventsStateThem() {
        RequestStatus status = received(Verification.NONE)
                .apply(new CaseFact.Stated(new CaseFact.CaseOpened("e2", received, "empower", UkDivision.ENGLAND_AND_WALES,
                        received, LocalDate.parse("2026-03-02"), false),
                        stated(LocalDate.parse("2026-03-02"), false, false, LocalDate.parse("2026-02-27"), "due 2 March")))
                .apply(new CaseFact.Stated(new CaseFact.DeadlineExtended("e3", received, LocalDate.parse("2026-05-01"),
                        "many systems"), stated(LocalDate.parse("2026-05-01"), false, true, LocalDate.parse("2026-02-27"),
                                "extended: due 1 May")));
        StatusReport report = StatusReport.of(status, EMPOWER, engine, null);
        assertThat(report.deadline()).isEqualTo(LocalDate.parse("2026-05-01"));
        assertThat(report.extended()).isTrue();
        assertThat(report.deadlineSteps()).containsExactly("router: extended: due 1 May");
        assertThat(report.deadlineWords()).startsWith("Extended to Friday 1 May 2026 (UK GDPR Art 12(3)): many systems");
        assertThat(report.ownTarget()).isEqualTo(LocalDate.parse("2026-02-27"));
    }

    @Test
    void aPausedThenResumedCaseShowsTheRoutersDeadlineAndTheTargetMovedByThePause() {
        RequestStatus paused = received(Verification.NONE).apply(new CaseFact.Stated(new CaseFact.ClockPaused("e2",
                Instant.parse("2026-02-02T09:00:00Z"), Instant.parse("2026-02-02T09:00:00Z"), "which account?"),
                stated(null, true, false, null, "the clock is stopped")));
        StatusReport whilePaused = StatusReport.of(paused, EMPOWER, engine, null);
        assertThat(whilePaused.state()).isEqualTo("PAUSED");
        assertThat(whilePaused.deadline()).isNull();
        assertThat(whilePaused.ownTarget()).isNull();
        RequestStatus resumed = paused.apply(new CaseFact.Stated(new CaseFact.ClockResumed("e3",
                Instant.parse("2026-02-09T09:00:00Z"), Instant.parse("2026-02-09T09:00:00Z")),
                stated(LocalDate.parse("2026-03-09"), false, false, LocalDate.parse("2026-03-06"), "7 days added: due 9 March")));
        StatusReport report = StatusReport.of(resumed, EMPOWER, engine, null);
        assertThat(report.deadline()).isEqualTo(LocalDate.parse("2026-03-09"));
        assertThat(report.deadlineSteps()).containsExactly("router: 7 days added: due 9 March");
        // the organisation's 20 working days move by the working days the clock was stopped, as the router counts them
        assertThat(report.ownTarget()).isEqualTo(LocalDate.parse("2026-03-06"));
        assertThat(resumed.apply(new CaseFact.Stated(new CaseFact.ClockResumed("e3", Instant.parse("2026-02-09T09:00:00Z"),
                Instant.parse("2026-02-09T09:00:00Z")), stated(null, false, false, null, "x")))).isSameAs(resumed);
    }

    @Test
    void pausedClockHasNoDueDateAndResumedClockAddsThePausedDays() {
        RequestStatus paused = received(Verification.NONE).apply(new CaseFact.Stated(new CaseFact.ClockPaused("e2",
                Instant.parse("2026-02-02T09:00:00Z"), Instant.parse("2026-02-02T09:00:00Z"), "which account?"),
                stated(null, true, false, null, "the clock is stopped")));
        StatusReport whilePaused = StatusReport.of(paused, null, engine, null);
        assertThat(whilePaused.state()).isEqualTo("PAUSED");
        assertThat(whilePaused.deadline()).isNull();
        // 28 February (no 31st) + 7 stopped days = Saturday 7 March, so Monday 9 March: as the router states it
        RequestStatus resumed = paused.apply(new CaseFact.Stated(new CaseFact.ClockResumed("e3",
                Instant.parse("2026-02-09T09:00:00Z"), Instant.parse("2026-02-09T09:00:00Z")),
                stated(LocalDate.parse("2026-03-09"), false, false, null, "7 days added: due 9 March")));
        assertThat(StatusReport.of(resumed, null, engine, null).deadline()).isEqualTo(LocalDate.parse("2026-03-09"));
    }

    @Test
    void extensionReplacesTheDeadlineAndTasksAreToldInPlainWords() {
        RouterDeadline extended = stated(LocalDate.parse("2026-04-30"), false, true, null, "extended: due 30 April");
        RequestStatus status = received(Verification.NONE)
                .apply(new CaseFact.Stated(new CaseFact.DeadlineExtended("e2", received, LocalDate.parse("2026-04-30"),
                        "many systems"), extended))
                .apply(new CaseFact.Stated(new CaseFact.Planned("e3", received, List.of(new RequestStatus.Task("t1",
                        "mailchimp", "SUPPRESS", RequestStatus.TaskState.PLANNED, null)), List.of(), List.of()), extended))
                .apply(new CaseFact.TaskWaiting("e4", received, "t1", "mailchimp", "SUPPRESS"));
        StatusReport report = StatusReport.of(status, null, engine, null);
        assertThat(report.deadline()).isEqualTo(LocalDate.parse("2026-04-30"));
        assertThat(report.extended()).isTrue();
        assertThat(report.tasks()).containsExactly(new StatusReport.TaskLine("mailchimp",
                "Stop marketing to you, keeping only what is needed never to contact you again",
                "Waiting for a member of staff to do it by hand"));
    }

    /**
     * Cases opened by events written before the router stated its deadline (an upgrade): intake no longer works the
     * date out itself, it says plainly that the deadline is being worked out, and shows the router's date with its next
     * case event. A date the router stated as provisional is shown as stated, with its reason.
     */
    @Test
    void aCaseOpenedWithoutTheRoutersDeadlineSaysItIsBeingWorkedOutAndAProvisionalDateIsShownAsStated() {
        RequestStatus opened = received(Verification.NONE).apply(new CaseFact.CaseOpened("e2", received, "empower",
                UkDivision.ENGLAND_AND_WALES, received, LocalDate.parse("2026-03-02"), false));
        StatusReport old = StatusReport.of(opened, EMPOWER, engine, null);
        assertThat(old.state()).isEqualTo("RECEIVED");
        assertThat(old.deadline()).isNull();
        assertThat(old.ownTarget()).isNull();
        assertThat(old.deadlineWords()).isEqualTo(StatusReport.BEING_WORKED_OUT).contains("being worked out");

        RouterDeadline provisional = new RouterDeadline("IN_PROGRESS", LocalDate.parse("2028-12-01"),
                LocalDate.parse("2029-01-02"), LocalDate.parse("2029-01-02"), false, false, List.of("router: due 2 January"),
                "the bank holidays for 2029 are not yet published by gov.uk", List.of());
        StatusReport stated = StatusReport.of(opened.apply(new CaseFact.Stated(new CaseFact.Accepted("e3", received),
                provisional)), EMPOWER, engine, null);
        assertThat(stated.deadline()).isEqualTo(LocalDate.parse("2029-01-02"));
        assertThat(stated.deadlineProvisionalReason()).isEqualTo("the bank holidays for 2029 are not yet published by gov.uk");
        assertThat(stated.deadlineWords()).contains("This date is provisional");
        assertThat(stated.deadlineSteps()).containsExactly("router: due 2 January");
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
