package dev.rightsflow.router.cases.model;

import dev.rightsflow.router.events.model.Actor;
import dev.rightsflow.router.planning.model.IdDeriver;
import dev.rightsflow.router.registry.model.Division;
import dev.rightsflow.router.registry.model.ForwardingMode;
import dev.rightsflow.router.registry.model.Organisation;
import dev.rightsflow.router.registry.model.Registry;
import dev.rightsflow.router.registry.model.Right;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.rightsflow.router.registry.application.RegistryCodec;
import dev.rightsflow.schemas.model.Action;

/**
 * The case's decisions on staff commands, as specifications: for each command, when it is
 * accepted (and the facts that follow) and when it is rejected (and the reason given). Plain
 * Java: no Spring, no Kafka, no Avro.
 */
class CaseDecisionsTest {

    static final Instant NOW = Instant.parse("2026-10-05T09:00:00Z");
    static final Instant ASKED = Instant.parse("2026-10-05T08:30:00Z");
    static final Actor STAFF = new Actor(Actor.Kind.STAFF, "alex", "me-group-25");
    static final Actor WEBHOOK = new Actor(Actor.Kind.SYSTEM, "pre-approval", "me-group-25");
    static final LocalDate FIRST_MONTH_ENDS = LocalDate.of(2026, 11, 2);
    static final LocalDate EXTENDED = LocalDate.of(2027, 1, 4);

    /** Ids joined from their parts, so a test can see what each id was derived from. */
    static final IdDeriver IDS = parts -> String.join("/", parts);

    /** The first month ends on {@link #FIRST_MONTH_ENDS}; days are UTC days. */
    static final CaseDeadlines DEADLINES = new CaseDeadlines() {
        @Override
        public LocalDate ukDay(Instant instant) {
            return LocalDate.ofInstant(instant, ZoneOffset.UTC);
        }

        @Override
        public boolean extensionAllowed(CaseState c, LocalDate day) {
            return !day.isAfter(FIRST_MONTH_ENDS);
        }

        @Override
        public LocalDate extendedDeadline(CaseState c) {
            return EXTENDED;
        }

        @Override
        public CaseClock clock(CaseState c, Organisation.Targets targets) {
            throw new UnsupportedOperationException("the decisions never ask for the clock");
        }
    };

    final CaseDecisions decisions = new CaseDecisions(IDS, DEADLINES);

    /** The seed registry (25% M.E. Group: a tenant in Scotland with a catalogue of consent purposes). */
    static Registry registry;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = CaseDecisionsTest.class.getResourceAsStream("/registry/seed-registry.yml")) {
            registry = new Registry(new RegistryCodec().readSeed(in));
        }
    }

    static CaseState received() {
        return new CaseState("req-1");
    }

    static CaseState resolved() {
        CaseState c = received();
        c.controllerId = "me-group-25";
        return c;
    }

    static CaseState awaitingDecision() {
        CaseState c = resolved();
        c.phase = c.phase.onOpened(null, true);
        return c;
    }

    static CaseState inProgress() {
        CaseState c = awaitingDecision();
        c.phase = c.phase.onAccepted("accepted by staff (alex)").onPlanned();
        return c;
    }

    static CaseState refused() {
        CaseState c = awaitingDecision();
        c.phase = c.phase.onRefused("manifestly excessive", NOW);
        return c;
    }

    static CaseState closed() {
        CaseState c = inProgress();
        c.phase = c.phase.onClosed(null, NOW);
        return c;
    }

    static CaseState paused() {
        CaseState c = inProgress();
        c.pauses.add(new CaseState.PauseSpan(ASKED, null));
        return c;
    }

    static CaseState.TaskState task(String id, String system, Action action, CaseState.Outcome outcome) {
        CaseState.TaskState t = new CaseState.TaskState(id, system, action, "manual", null, false);
        t.outcome = outcome;
        return t;
    }

    List<CaseEvent> decided(CaseState c, CaseCommand command) {
        CaseDecision decision = decisions.decide(c, command, NOW);
        assertThat(decision).isInstanceOf(CaseDecision.Decided.class);
        return ((CaseDecision.Decided) decision).events();
    }

    String rejected(CaseState c, CaseCommand command) {
        CaseDecision decision = decisions.decide(c, command, NOW);
        assertThat(decision).isInstanceOf(CaseDecision.Rejected.class);
        CaseEvent.CommandRejected r = ((CaseDecision.Rejected) decision).rejection();
        assertThat(r.eventId()).isEqualTo(command.eventId() + "/CommandRejected");
        assertThat(r.command()).isEqualTo(command.type());
        assertThat(r.commandEventId()).isEqualTo(command.eventId());
        assertThat(r.actor()).isEqualTo(command.actor());
        return r.reason();
    }

    // AcceptRequest: only an open case waiting for a decision
    final CaseCommand accept = new CaseCommand.AcceptRequest("cmd-1", "req-1", ASKED, STAFF);

    @Test
    void anOpenCaseWaitingForADecisionIsAcceptedByStaff() {
        assertThat(decided(awaitingDecision(), accept)).containsExactly(new CaseEvent.RequestAccepted(
                "cmd-1/RequestAccepted", "req-1", NOW, STAFF, "accepted by staff (alex)"));
    }

    @Test
    void thePreApprovalWebhooksAnswerSaysSo() {
        assertThat(decided(awaitingDecision(), new CaseCommand.AcceptRequest("cmd-1", "req-1", ASKED, WEBHOOK)))
                .extracting(e -> ((CaseEvent.RequestAccepted) e).policy())
                .containsExactly("approved by its pre-approval webhook (pre-approval)");
    }

    @Test
    void acceptIsRejectedWhenAlreadyAcceptedRefusedClosedOrNotOpen() {
        assertThat(rejected(inProgress(), accept)).isEqualTo("the request is already accepted");
        assertThat(rejected(refused(), accept)).isEqualTo("the case is refused or closed");
        CaseState closedUnaccepted = awaitingDecision();
        closedUnaccepted.phase = closedUnaccepted.phase.onClosed(null, NOW);
        assertThat(rejected(closedUnaccepted, accept)).isEqualTo("the case is refused or closed");
        assertThat(rejected(resolved(), accept)).isEqualTo("the case is not open yet");
    }

    // RefuseRequest: once resolved, until refused, closed or fulfilled
    final CaseCommand refuse = new CaseCommand.RefuseRequest("cmd-2", "req-1", ASKED, STAFF, "Art 12(5)",
            "repeats a request answered last month");

    @Test
    void aResolvedCaseNotYetAnsweredIsRefusedOnItsGround() {
        assertThat(decided(resolved(), refuse)).containsExactly(new CaseEvent.RequestRefused("cmd-2/RequestRefused",
                "req-1", NOW, STAFF, "Art 12(5)", "repeats a request answered last month"));
        assertThat(decided(inProgress(), refuse)).hasSize(1);
    }

    @Test
    void refusalIsRejectedWhenFinishedFulfilledOrNotResolved() {
        assertThat(rejected(refused(), refuse)).isEqualTo("the case is already refused or closed");
        assertThat(rejected(closed(), refuse)).isEqualTo("the case is already refused or closed");
        CaseState ready = inProgress();
        ready.phase = ready.phase.onReady();
        assertThat(rejected(ready, refuse)).isEqualTo("every task is done: the request has been fulfilled");
        assertThat(rejected(received(), refuse)).isEqualTo("the controller is not resolved yet");
    }

    // AskClarification / RecordClarificationReceived: the clock stops and restarts (Art 12A)
    final CaseCommand ask = new CaseCommand.AskClarification("cmd-3", "req-1", ASKED, STAFF, "Which account?");
    final CaseCommand answered = new CaseCommand.RecordClarificationReceived("cmd-4", "req-1", ASKED, STAFF);

    @Test
    void askingStopsTheClockWhenTheCommandWasGiven() {
        assertThat(decided(inProgress(), ask)).containsExactly(new CaseEvent.ClockPaused("cmd-3/ClockPaused",
                "req-1", NOW, STAFF, "clarification asked (Art 12A): Which account?", ASKED));
    }

    @Test
    void askingIsRejectedWhenPausedOrNotOpenOrAnsweredOrFinished() {
        assertThat(rejected(paused(), ask)).isEqualTo("the clock is already stopped for clarification");
        String notOpen = "the case is not open, or already answered, refused or closed";
        assertThat(rejected(resolved(), ask)).isEqualTo(notOpen);
        assertThat(rejected(closed(), ask)).isEqualTo(notOpen);
        CaseState ready = inProgress();
        ready.phase = ready.phase.onReady();
        assertThat(rejected(ready, ask)).isEqualTo(notOpen);
    }

    @Test
    void theAnswerRestartsAStoppedClock() {
        assertThat(decided(paused(), answered)).containsExactly(new CaseEvent.ClockResumed("cmd-4/ClockResumed",
                "req-1", NOW, STAFF, ASKED));
    }

    @Test
    void anAnswerNobodyAskedForIsRejected() {
        assertThat(rejected(inProgress(), answered)).isEqualTo("the clock is not stopped: no clarification was asked for");
        CaseState pausedThenClosed = paused();
        pausedThenClosed.phase = pausedThenClosed.phase.onClosed(null, NOW);
        assertThat(rejected(pausedThenClosed, answered))
                .isEqualTo("the clock is not stopped: no clarification was asked for");
    }

    // ExtendDeadline: once, inside the first month (Art 12(3))
    CaseCommand extendOn(LocalDate day) {
        return new CaseCommand.ExtendDeadline("cmd-5", "req-1", day.atTime(10, 0).toInstant(ZoneOffset.UTC), STAFF,
                "complex request");
    }

    @Test
    void insideTheFirstMonthTheDeadlineMovesOnce() {
        assertThat(decided(inProgress(), extendOn(FIRST_MONTH_ENDS))).containsExactly(new CaseEvent.DeadlineExtended(
                "cmd-5/DeadlineExtended", "req-1", NOW, STAFF, "complex request", EXTENDED));
    }

    @Test
    void afterTheFirstMonthItIsRejectedNamingTheDayAsked() {
        assertThat(rejected(inProgress(), extendOn(FIRST_MONTH_ENDS.plusDays(1)))).isEqualTo(
                "an extension is only possible inside the first month (Art 12(3)); it ended before 2026-11-03");
    }

    @Test
    void extensionIsRejectedWhenNotOpenAlreadyExtendedOrFinished() {
        CaseCommand extend = extendOn(FIRST_MONTH_ENDS);
        assertThat(rejected(resolved(), extend)).isEqualTo("the case is not open yet");
        CaseState extended = inProgress();
        extended.extended = true;
        assertThat(rejected(extended, extend)).isEqualTo("the deadline is already extended");
        assertThat(rejected(refused(), extend)).isEqualTo("the case is refused or closed");
    }

    // CloseCase: once; a withdrawal cancels the tasks not done
    @Test
    void closingRecordsTheOutcomeAndSummary() {
        assertThat(decided(inProgress(), new CaseCommand.CloseCase("cmd-6", "req-1", ASKED, STAFF, "answered",
                "sent the copy"))).containsExactly(new CaseEvent.CaseClosed("cmd-6/CaseClosed", "req-1", NOW, STAFF,
                        "answered", "sent the copy"));
    }

    @Test
    void aWithdrawalCancelsEveryTaskNotDoneFirstAndSaysWhatCannotBeUndone() {
        CaseState c = inProgress();
        c.tasks.put("t1", task("t1", "crm", Action.ERASE, CaseState.Outcome.COMPLETED));
        c.tasks.put("t2", task("t2", "mailing", Action.SUPPRESS, CaseState.Outcome.PENDING));
        c.tasks.put("t3", task("t3", "survey", Action.ERASE, CaseState.Outcome.CANCELLED));
        c.tasks.put("t4", task("t4", "recipient:examiner", Action.NOTIFY_RECIPIENT, CaseState.Outcome.FAILED));
        Actor subject = new Actor(Actor.Kind.CITIZEN, "intake", null);
        List<CaseEvent> events = decided(c, new CaseCommand.CloseCase("cmd-7", "req-1", ASKED, subject, " Withdrawn ",
                "The subject withdrew the request."));
        String reason = "the request was withdrawn (by the subject)";
        assertThat(events).containsExactly(
                new CaseEvent.TaskCancelled("t2/TaskCancelled", "req-1", NOW, subject, "t2", "mailing",
                        Action.SUPPRESS, reason),
                new CaseEvent.TaskCancelled("t4/TaskCancelled", "req-1", NOW, subject, "t4", "recipient:examiner",
                        Action.NOTIFY_RECIPIENT, reason),
                new CaseEvent.CaseClosed("cmd-7/CaseClosed", "req-1", NOW, subject, " Withdrawn ",
                        "The subject withdrew the request. Already done before the withdrawal, and not undone:"
                                + " erase in crm (a completed erasure cannot be undone)."));
    }

    @Test
    void aWithdrawalNamesWhoWithdrew() {
        CaseState c = inProgress();
        c.tasks.put("t2", task("t2", "mailing", Action.SUPPRESS, CaseState.Outcome.PENDING));
        Actor submitter = new Actor(Actor.Kind.PROCESSOR, "mes", null);
        assertThat(decided(c, new CaseCommand.CloseCase("cmd-8", "req-1", ASKED, submitter, "cancelled", "")).get(0))
                .extracting(e -> ((CaseEvent.TaskCancelled) e).reason())
                .isEqualTo("the request was withdrawn (by the submitting organisation mes)");
        assertThat(decided(c, new CaseCommand.CloseCase("cmd-8", "req-1", ASKED, STAFF, "withdrawn", "")).get(0))
                .extracting(e -> ((CaseEvent.TaskCancelled) e).reason())
                .isEqualTo("the request was withdrawn (by staff (alex))");
    }

    @Test
    void aClosedCaseIsNotClosedAgain() {
        assertThat(rejected(closed(), new CaseCommand.CloseCase("cmd-9", "req-1", ASKED, STAFF, "withdrawn", "")))
                .isEqualTo("the case is already closed");
    }

    @Test
    void aRefusedCaseMayStillBeClosed() {
        assertThat(decided(refused(), new CaseCommand.CloseCase("cmd-9", "req-1", ASKED, STAFF, "refused", "")))
                .hasSize(1);
    }

    // The OpenDSR §9 cancellation of a withdrawn forwarded request
    CaseState closedAfterOpenDsr() {
        CaseState c = resolved();
        c.forwardingMode = ForwardingMode.OPENDSR;
        c.phase = c.phase.onClosed("withdrawn", NOW);
        return c;
    }

    @Test
    void aWithdrawalOfARequestForwardedOverOpenDsrOwesTheCancellationUntilItsOutcomeIsRecorded() {
        CaseState c = closedAfterOpenDsr();
        assertThat(CaseDecisions.owesExternalCancellation(c)).isTrue();
        c.externalCancellation = "confirmed";
        assertThat(CaseDecisions.owesExternalCancellation(c)).isFalse();
        CaseState answered = closedAfterOpenDsr();
        answered.phase = resolved().phase.onClosed("answered", NOW);
        assertThat(CaseDecisions.owesExternalCancellation(answered)).isFalse();
        CaseState manual = closedAfterOpenDsr();
        manual.forwardingMode = ForwardingMode.MANUAL;
        assertThat(CaseDecisions.owesExternalCancellation(manual)).isFalse();
    }

    @Test
    void theOutcomeIsRecordedOncePerRequestNamingNoPerson() {
        CaseState c = closedAfterOpenDsr();
        assertThat(decisions.cancellationOutcome(c, true, null, NOW)).containsExactly(
                new CaseEvent.ExternalCancellationRecorded("external-cancellation/req-1", "req-1", NOW, Actor.ROUTER,
                        "me-group-25", true, "the controller confirmed the cancellation (OpenDSR 2.0 §9)"));
        assertThat(decisions.cancellationOutcome(c, false, "HTTP 409", NOW)).extracting(
                e -> ((CaseEvent.ExternalCancellationRecorded) e).outcome()).containsExactly(
                        "the cancellation was not confirmed (HTTP 409): tell the controller by hand (its contact is"
                                + " in the registry)");
        c.externalCancellation = "confirmed";
        assertThat(decisions.cancellationOutcome(c, false, "HTTP 409", NOW)).isEmpty();
    }

    // Tasks at risk: a task still not done past its last safe dispatch date, once per date, never while paused

    @Test
    void aTaskNotDonePastItsLastSafeDispatchDateIsAtRiskOncePerDate() {
        CaseState c = inProgress();
        CaseState.TaskState late = task("t1", "crm", Action.ERASE, CaseState.Outcome.PENDING);
        late.lastSafeDispatch = LocalDate.of(2026, 10, 9);
        CaseState.TaskState done = task("t2", "mailing", Action.ERASE, CaseState.Outcome.COMPLETED);
        done.lastSafeDispatch = LocalDate.of(2026, 10, 9);
        CaseState.TaskState inTime = task("t3", "survey", Action.ERASE, CaseState.Outcome.FAILED);
        inTime.lastSafeDispatch = LocalDate.of(2026, 10, 12);
        c.tasks.put("t1", late);
        c.tasks.put("t2", done);
        c.tasks.put("t3", inTime);
        LocalDate today = LocalDate.of(2026, 10, 12);
        assertThat(decisions.tasksAtRisk(c, today, NOW)).containsExactly(new CaseEvent.DeadlineAlertRaised(
                "deadline-alert/req-1/TASK_AT_RISK/2026-10-09/t1", "req-1", NOW, Actor.ROUTER, "TASK_AT_RISK",
                "me-group-25", LocalDate.of(2026, 10, 9), "t1"));
        late.alertedFor = late.lastSafeDispatch;
        assertThat(decisions.tasksAtRisk(c, today, NOW)).isEmpty();
        late.lastSafeDispatch = LocalDate.of(2026, 10, 10);
        assertThat(decisions.tasksAtRisk(c, today, NOW)).hasSize(1);
    }

    @Test
    void noTaskIsAtRiskWhileTheClockIsStoppedOrOnceTheCaseIsAnsweredOrFinished() {
        CaseState.TaskState late = task("t1", "crm", Action.ERASE, CaseState.Outcome.PENDING);
        late.lastSafeDispatch = LocalDate.of(2026, 10, 9);
        LocalDate today = LocalDate.of(2026, 10, 12);
        CaseState stopped = paused();
        stopped.tasks.put("t1", late);
        assertThat(decisions.tasksAtRisk(stopped, today, NOW)).isEmpty();
        CaseState refusedCase = refused();
        refusedCase.phase = refusedCase.phase.onPlanned();
        refusedCase.tasks.put("t1", late);
        assertThat(decisions.tasksAtRisk(refusedCase, today, NOW)).isEmpty();
        CaseState notPlanned = awaitingDecision();
        notPlanned.tasks.put("t1", late);
        assertThat(decisions.tasksAtRisk(notPlanned, today, NOW)).isEmpty();
    }

    // ResolveTriage: staff choose the controller of a request nobody could resolve, and what the request lacks

    static CaseState inTriage(Right right) {
        CaseState c = received();
        c.right = right;
        c.receivingOrganisationId = "me-group-25";
        c.serviceId = "site";
        c.triageReason = "no rule";
        return c;
    }

    static CaseCommand.ResolveTriage resolve(String controllerId, Right right, boolean unknown, List<String> purposes) {
        return new CaseCommand.ResolveTriage("cmd-10", "req-1", ASKED, STAFF, controllerId, null, "the subject is a member",
                right, unknown, purposes);
    }

    CaseDecision resolving(CaseState c, CaseCommand.ResolveTriage cmd, List<String> named) {
        return decisions.resolveTriage(c, cmd, registry, named, NOW);
    }

    @Test
    void staffResolveATriageToAControllerInTheRegistry() {
        CaseDecision d = resolving(inTriage(Right.ACCESS), resolve("me-group-25", null, false, null), List.of());
        assertThat(((CaseDecision.Decided) d).events()).containsExactly(new CaseEvent.ControllerResolved(
                "cmd-10/ControllerResolved", "req-1", NOW, STAFF, "me-group-25", "site", "me-group-25", false,
                "resolved in triage by alex: the subject is a member", Division.SCOTLAND, null, null));
    }

    @Test
    void aRequestThatArrivedWithoutARightTakesTheOneStaffChoseAndARepeatSaysSo() {
        CaseState c = inTriage(null);
        c.duplicateOf = "req-0";
        CaseEvent.ControllerResolved e = (CaseEvent.ControllerResolved) ((CaseDecision.Decided) resolving(c,
                resolve("me-group-25", Right.ERASURE, false, null), List.of())).events().get(0);
        assertThat(e.right()).isEqualTo(Right.ERASURE);
        assertThat(e.rule()).endsWith("; repeats request req-0 (linked, not merged): staff decide whether to answer it"
                + " again or refuse it as repetitive (Art 12(5))");
    }

    @Test
    void resolvingIsRejectedWhenResolvedFinishedOrTheControllerIsUnknown() {
        assertThat(((CaseDecision.Rejected) resolving(resolved(), resolve("me-group-25", null, false, null), null))
                .reason()).isEqualTo("the request is already resolved");
        CaseState closedInTriage = inTriage(Right.ACCESS);
        closedInTriage.phase = closedInTriage.phase.onClosed(null, NOW);
        assertThat(((CaseDecision.Rejected) resolving(closedInTriage, resolve("me-group-25", null, false, null), null))
                .reason()).isEqualTo("the case is refused or closed");
        assertThat(((CaseDecision.Rejected) resolving(inTriage(Right.ACCESS), resolve("nobody", null, false, null),
                null)).reason()).isEqualTo("the chosen controller nobody is not in the registry");
    }

    @Test
    void aRequestWithoutARightNeedsOneOfTheSeven() {
        assertThat(((CaseDecision.Rejected) resolving(inTriage(null), resolve("me-group-25", null, false, null), null))
                .reason()).isEqualTo("the request does not say which right it exercises: choose the right");
        assertThat(((CaseDecision.Rejected) resolving(inTriage(null), resolve("me-group-25", null, true, null), null))
                .reason()).isEqualTo("choose one of the seven rights");
    }

    @Test
    void consentPurposesAreChosenOnlyForAWithdrawalAndOnlyTheControllersOwn() {
        assertThat(((CaseDecision.Rejected) resolving(inTriage(Right.ACCESS), resolve("me-group-25", null, false,
                List.of("contact-list-email")), List.of())).reason())
                .isEqualTo("consent purposes are chosen only for a consent withdrawal");
        assertThat(((CaseDecision.Rejected) resolving(inTriage(Right.CONSENT_WITHDRAWAL), resolve("me-group-25", null,
                false, null), List.of())).reason()).startsWith("choose the consent purposes the subject withdraws: ");
        assertThat(((CaseDecision.Rejected) resolving(inTriage(Right.CONSENT_WITHDRAWAL), resolve("me-group-25", null,
                false, List.of("newsletter")), List.of())).reason())
                .contains("[newsletter] is not among 25% M.E. Group's consent purposes");
        CaseEvent.ControllerResolved e = (CaseEvent.ControllerResolved) ((CaseDecision.Decided) resolving(
                inTriage(Right.CONSENT_WITHDRAWAL), resolve("me-group-25", null, false, List.of("contact-list-email")),
                List.of())).events().get(0);
        assertThat(e.consentPurposes()).containsExactly("contact-list-email");
        assertThat(e.rule()).endsWith("; consent purposes withdrawn: [contact-list-email]");
    }

    // What the router states on its clock: the commands the case takes now

    /**
     * The commands the router states its case takes ({@link CaseDecisions#allowed}, published on its clock for the
     * dashboard) are exactly those it then decides rather than rejects, in every phase, on every day: the dashboard
     * offers what the router does.
     */
    @Test
    void theCommandsStatedAsAllowedAreExactlyThoseDecidedNotRejected() {
        CaseState ready = inProgress();
        ready.phase = ready.phase.onReady();
        CaseState extended = inProgress();
        extended.extended = true;
        CaseState inTriage = received();
        inTriage.triageReason = "no rule";
        List<CaseState> cases = List.of(received(), inTriage, resolved(), awaitingDecision(), inProgress(), paused(),
                ready, extended, refused(), closed());
        for (LocalDate day : List.of(FIRST_MONTH_ENDS, FIRST_MONTH_ENDS.plusDays(1))) {
            Instant asked = day.atTime(10, 0).toInstant(ZoneOffset.UTC);
            List<CaseCommand> commands = List.of(new CaseCommand.AcceptRequest("c", "req-1", asked, STAFF),
                    new CaseCommand.RefuseRequest("c", "req-1", asked, STAFF, "Art 12(5)", "repetitive"),
                    new CaseCommand.AskClarification("c", "req-1", asked, STAFF, "which account?"),
                    new CaseCommand.RecordClarificationReceived("c", "req-1", asked, STAFF),
                    new CaseCommand.ExtendDeadline("c", "req-1", asked, STAFF, "complex"),
                    new CaseCommand.CloseCase("c", "req-1", asked, STAFF, "answered", "sent"),
                    new CaseCommand.ResolveTriage("c", "req-1", asked, STAFF, "me-group-25", null, "theirs",
                            Right.ACCESS, false, null));
            for (CaseState c : cases) {
                List<CaseAction> allowed = decisions.allowed(c, day);
                for (CaseCommand command : commands) {
                    CaseDecision decision = command instanceof CaseCommand.ResolveTriage cmd
                            ? decisions.resolveTriage(c, cmd, registry, null, NOW) : decisions.decide(c, command, NOW);
                    assertThat(decision instanceof CaseDecision.Decided)
                            .as("%s on %s, %s (stated %s)", command.type(), c.status(), day, allowed)
                            .isEqualTo(allowed.contains(CaseAction.of(command)));
                }
            }
        }
        assertThat(decisions.allowed(awaitingDecision(), FIRST_MONTH_ENDS)).containsExactly(CaseAction.ACCEPT,
                CaseAction.REFUSE, CaseAction.ASK_CLARIFICATION, CaseAction.EXTEND, CaseAction.CLOSE);
        assertThat(decisions.allowed(inProgress(), FIRST_MONTH_ENDS.plusDays(1))).as("after the first month")
                .containsExactly(CaseAction.REFUSE, CaseAction.ASK_CLARIFICATION, CaseAction.CLOSE);
        assertThat(decisions.allowed(inTriage, FIRST_MONTH_ENDS)).containsExactly(CaseAction.CLOSE,
                CaseAction.RESOLVE_TRIAGE);
    }
}
