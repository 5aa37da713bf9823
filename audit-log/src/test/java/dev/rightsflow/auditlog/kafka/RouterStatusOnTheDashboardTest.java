package dev.rightsflow.auditlog.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import dev.rightsflow.auditlog.cases.model.CaseFile;
import dev.rightsflow.auditlog.cases.model.CaseStatus;
import dev.rightsflow.auditlog.cases.model.DeadlinePosition;
import dev.rightsflow.auditlog.cases.model.RouterDeadline;
import dev.rightsflow.auditlog.cases.model.Viewer;
import dev.rightsflow.auditlog.dashboard.model.ActionCheck;
import dev.rightsflow.auditlog.dashboard.model.ActionInput;
import dev.rightsflow.auditlog.dashboard.model.ActionRules;
import dev.rightsflow.auditlog.dashboard.model.StaffAction;
import dev.rightsflow.schemas.testing.RouterStatusSequences;
import dev.rightsflow.schemas.testing.RouterStatusSequences.Sequence;
import dev.rightsflow.schemas.testing.RouterStatusSequences.Step;

/**
 * The dashboard shows the case's status as the router states it: the same event sequences intake's status page is
 * tested with ({@code RouterStatusOnTheStatusPageTest}), folded as audit-log folds them ({@link CaseEvents} into a
 * {@link CaseFile}), give the router's status at every step, and the staff actions the dashboard lets through are
 * those the router then takes.
 */
class RouterStatusOnTheDashboardTest {

    private static final Viewer ECS = new Viewer("dpo", "ecs", false);
    /** The day of the sequences (inside the first month, which ends on 5 October). */
    private static final LocalDate TODAY = LocalDate.parse("2026-09-03");

    private static CaseFile fold(Sequence sequence, boolean withClock, int steps) {
        CaseFile file = CaseFile.of(sequence.requestId());
        for (Step step : sequence.steps().subList(0, steps)) {
            SpecificRecord event = withClock ? step.event() : step.withoutClock();
            CaseEvents.effect(event).ifPresent(effect -> effect.accept(file));
        }
        return file;
    }

    /** The dashboard's words for the router's status: paused while the router states the clock stopped. */
    private static CaseStatus shown(Step step) {
        return step.paused() ? CaseStatus.PAUSED : CaseStatus.valueOf(step.routerStatus());
    }

    private static DeadlinePosition deadline() {
        return new DeadlinePosition("ENGLAND_AND_WALES", LocalDate.parse("2026-09-03"), LocalDate.parse("2026-10-05"),
                LocalDate.parse("2026-10-05"), List.of(), false, false, true, 10L, 8, false, List.of(), null);
    }

    @Test
    void everyStepShowsTheRoutersStatus() {
        for (Sequence sequence : RouterStatusSequences.all()) {
            CaseStatus expected = CaseStatus.RECEIVED; // before the router states a status, audit-log's own fold
            for (int i = 0; i < sequence.steps().size(); i++) {
                Step step = sequence.steps().get(i);
                if (step.routerStatus() != null) {
                    expected = shown(step);
                }
                assertThat(fold(sequence, true, i + 1).status).as("%s, step %d (%s)", sequence, i + 1,
                        step.event().getSchema().getName()).isEqualTo(expected);
            }
        }
    }

    /** Older history (router events without the clock) still ends where the router's does, by audit-log's own fold. */
    @Test
    void historyWithoutTheRoutersStatusEndsAtTheSameStatusByAuditLogsOwnFold() {
        for (Sequence sequence : RouterStatusSequences.all()) {
            CaseFile file = fold(sequence, false, sequence.steps().size());
            Step last = sequence.steps().get(sequence.steps().size() - 1);
            assertThat(file.routerClock).isNull();
            assertThat(file.status).as(sequence.name()).isEqualTo(shown(last));
        }
    }

    /**
     * The differences audit-log's own fold had with the router, each a bug of the fold: a case opened with its
     * acceptance to follow showed in progress before it was accepted; a case accepted while a clarification was
     * awaited went back to "waiting for a decision" when the clarification arrived (and offered to accept it again).
     */
    @Test
    void theFoldsOldDifferencesAreTheRoutersStatusNow() {
        Sequence auto = RouterStatusSequences.autoAccepted();
        assertThat(fold(auto, true, 3).status).isEqualTo(CaseStatus.AWAITING_DECISION);
        assertThat(fold(auto, false, 3).status).as("older history: the fold, as before").isEqualTo(CaseStatus.IN_PROGRESS);

        Sequence paused = RouterStatusSequences.acceptedWhileClarificationAwaited();
        int all = paused.steps().size();
        assertThat(fold(paused, true, all).status).isEqualTo(CaseStatus.IN_PROGRESS);
        assertThat(fold(paused, false, all).status).as("the fold's own fix").isEqualTo(CaseStatus.IN_PROGRESS);
        assertThat(ActionRules.check(StaffAction.ACCEPT, ActionInput.empty(), fold(paused, true, all), deadline(), ECS,
                Set.of(), TODAY).kind()).isEqualTo(ActionCheck.Kind.CONFLICT);
    }

    /** A status a newer router states that this version does not know leaves the status to audit-log's own fold. */
    @Test
    void aStatusThisVersionDoesNotKnowLeavesTheFoldsStatus() {
        CaseFile file = fold(RouterStatusSequences.autoAccepted(), true, 4);
        file.onRouterClock(new RouterDeadline("SOMETHING_NEWER", null, null, null, false, false, List.of(), null,
                List.of(), null));
        assertThat(file.status).isEqualTo(CaseStatus.IN_PROGRESS);
    }

    /** The staff actions the dashboard lets through are the router's rules over its status ({@code CaseDecisions}). */
    @Test
    void staffActionsFollowTheRoutersRules() {
        Sequence paused = RouterStatusSequences.acceptedWhileClarificationAwaited();
        // awaiting a decision with the clock stopped for clarification: the router accepts it
        CaseFile awaitingAndPaused = fold(paused, true, 4);
        assertThat(awaitingAndPaused.status).isEqualTo(CaseStatus.PAUSED);
        assertThat(ActionRules.check(StaffAction.ACCEPT, ActionInput.empty(), awaitingAndPaused, deadline(), ECS,
                Set.of(), TODAY).passed()).isTrue();

        // ready to answer: the router refuses no such case and asks no clarification on it
        Sequence auto = RouterStatusSequences.autoAccepted();
        CaseFile ready = fold(auto, true, 7);
        assertThat(ready.status).isEqualTo(CaseStatus.READY_TO_ANSWER);
        ActionInput refusal = new ActionInput("the same request every day", "MANIFESTLY_EXCESSIVE", null, null, null,
                null, null, null, null, null, null);
        ActionCheck refuse = ActionRules.check(StaffAction.REFUSE, refusal, ready, deadline(), ECS, Set.of(), TODAY);
        assertThat(refuse.kind()).isEqualTo(ActionCheck.Kind.CONFLICT);
        assertThat(refuse.detail()).contains("ready to answer");
        assertThat(ActionRules.check(StaffAction.REFUSE, refusal, fold(auto, true, 5), deadline(), ECS, Set.of(), TODAY)
                .passed()).as("in progress, the router refuses it").isTrue();
        ActionCheck ask = ActionRules.check(StaffAction.ASK_CLARIFICATION, new ActionInput(null, null, "which account?",
                null, null, null, null, null, null, null, null), ready, deadline(), ECS, Set.of(), TODAY);
        assertThat(ask.kind()).isEqualTo(ActionCheck.Kind.CONFLICT);
        // in progress: both go through
        CaseFile inProgress = fold(auto, true, 5);
        assertThat(ActionRules.check(StaffAction.ASK_CLARIFICATION, new ActionInput(null, null, "which account?",
                null, null, null, null, null, null, null, null), inProgress, deadline(), ECS, Set.of(), TODAY).passed()).isTrue();
    }
}
