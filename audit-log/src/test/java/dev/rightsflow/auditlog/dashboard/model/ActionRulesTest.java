package dev.rightsflow.auditlog.dashboard.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.rightsflow.auditlog.cases.model.CaseFile;
import dev.rightsflow.auditlog.cases.model.CaseStatus;
import dev.rightsflow.auditlog.cases.model.DeadlinePosition;
import dev.rightsflow.auditlog.cases.model.RouterDeadline;
import dev.rightsflow.auditlog.cases.model.Viewer;

class ActionRulesTest {

    private static final Viewer ECS = new Viewer("demo-ecs", "ecs", false);
    private static final LocalDate TODAY = LocalDate.parse("2026-09-07");

    private static CaseFile ecsCase(CaseStatus status) {
        CaseFile f = CaseFile.of("r-1");
        f.controllerId = "ecs";
        f.receivingOrganisationId = "ecs";
        f.status = status;
        f.receivedAt = Instant.parse("2026-09-03T10:15:00Z");
        return f;
    }

    private static DeadlinePosition deadline(boolean extensionAllowed) {
        return new DeadlinePosition("ENGLAND_AND_WALES", LocalDate.parse("2026-09-03"), LocalDate.parse("2026-10-05"),
                LocalDate.parse("2026-10-05"), List.of(), false, false, extensionAllowed, 10L, 8, false, List.of(), null);
    }

    private static ActionInput reason(String reason) {
        return new ActionInput(reason, null, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void anExtensionNeedsReasons() {
        ActionCheck check = ActionRules.check(StaffAction.EXTEND, reason(""), ecsCase(CaseStatus.IN_PROGRESS),
                deadline(true), ECS, Set.of(), TODAY);
        assertThat(check.kind()).isEqualTo(ActionCheck.Kind.INVALID);
        assertThat(check.fields()).extracting(ActionCheck.FieldProblem::field).containsExactly("reason");
    }

    @Test
    void anExtensionIsOnlyPossibleInsideTheFirstMonth() {
        assertThat(ActionRules.check(StaffAction.EXTEND, reason("complex"), ecsCase(CaseStatus.IN_PROGRESS),
                deadline(false), ECS, Set.of(), TODAY).kind()).isEqualTo(ActionCheck.Kind.CONFLICT);
        assertThat(ActionRules.check(StaffAction.EXTEND, reason("complex"), ecsCase(CaseStatus.IN_PROGRESS),
                deadline(true), ECS, Set.of(), TODAY).passed()).isTrue();
    }

    @Test
    void aRefusalNeedsBothAGroundAndReasonsAndAllMissingFieldsAreListedAtOnce() {
        ActionCheck check = ActionRules.check(StaffAction.REFUSE, ActionInput.empty(), ecsCase(CaseStatus.AWAITING_DECISION),
                deadline(true), ECS, Set.of(), TODAY);
        assertThat(check.fields()).extracting(ActionCheck.FieldProblem::field).containsExactly("ground", "reason");
    }

    @Test
    void onlyTheControllersStaffDecide() {
        Viewer processor = new Viewer("demo-mes", "mes", false);
        CaseFile f = ecsCase(CaseStatus.AWAITING_DECISION);
        f.processorIds.add("mes");
        assertThat(ActionRules.check(StaffAction.ACCEPT, ActionInput.empty(), f, deadline(true), processor, Set.of(), TODAY)
                .kind()).isEqualTo(ActionCheck.Kind.FORBIDDEN);
        assertThat(ActionRules.check(StaffAction.ACCEPT, ActionInput.empty(), f, deadline(true), ECS, Set.of(), TODAY).passed())
                .isTrue();
    }

    @Test
    void aClosedCaseTakesNoMoreDecisions() {
        assertThat(ActionRules.check(StaffAction.ACCEPT, ActionInput.empty(), ecsCase(CaseStatus.CLOSED), deadline(true),
                ECS, Set.of(), TODAY).kind()).isEqualTo(ActionCheck.Kind.CONFLICT);
    }

    @Test
    void triageCanOnlyNameAnOrganisationInTheRegistry() {
        ActionInput unknown = new ActionInput(null, null, null, "their site", null, null, null, "nobody", null, null, null);
        ActionCheck check = ActionRules.check(StaffAction.RESOLVE_TRIAGE, unknown, ecsCase(CaseStatus.TRIAGE),
                deadline(true), ECS, Set.of("ecs", "mes"), TODAY);
        assertThat(check.fields()).extracting(ActionCheck.FieldProblem::field).containsExactly("controllerId");
    }

    @Test
    void triageOfAMailThatNamedNoRightNeedsTheRightChosen() {
        CaseFile mailed = ecsCase(CaseStatus.TRIAGE);
        mailed.right = "UNKNOWN";
        ActionInput withoutRight = new ActionInput(null, null, null, "a member", null, null, null, "ecs", null, null, null);
        assertThat(ActionRules.check(StaffAction.RESOLVE_TRIAGE, withoutRight, mailed, deadline(true), ECS, Set.of("ecs"), TODAY)
                .fields()).extracting(ActionCheck.FieldProblem::field).containsExactly("right");

        ActionInput erasure = new ActionInput(null, null, null, "a member", null, null, null, "ecs", null, null, null,
                "erasure");
        assertThat(ActionRules.check(StaffAction.RESOLVE_TRIAGE, erasure, mailed, deadline(true), ECS, Set.of("ecs"), TODAY)
                .passed()).isTrue();
        ActionInput nonsense = new ActionInput(null, null, null, "a member", null, null, null, "ecs", null, null, null,
                "everything");
        assertThat(ActionRules.check(StaffAction.RESOLVE_TRIAGE, nonsense, mailed, deadline(true), ECS, Set.of("ecs"), TODAY)
                .fields()).extracting(ActionCheck.FieldProblem::field).containsExactly("right");
    }

    // The router's commands, as the router states its case takes them (CaseClock.allowedActions)

    private static final List<String> IN_PROGRESS = List.of("RefuseRequest", "AskClarification", "ExtendDeadline",
            "CloseCase");

    /** A case whose router's last event stated its status, its first month ending on 5 October, and these commands. */
    private static CaseFile stated(CaseStatus status, boolean paused, List<String> allowedActions) {
        CaseFile f = ecsCase(status);
        f.onRouterClock(new RouterDeadline(status == CaseStatus.PAUSED ? "IN_PROGRESS" : status.name(),
                LocalDate.parse("2026-09-03"), paused ? null : LocalDate.parse("2026-10-05"),
                paused ? null : LocalDate.parse("2026-10-05"), paused, false, List.of(), null, List.of(),
                allowedActions));
        return f;
    }

    private static ActionCheck check(StaffAction action, ActionInput in, CaseFile f, LocalDate today) {
        return ActionRules.check(action, in, f, deadline(true), ECS, Set.of("ecs"), today);
    }

    @Test
    void aCommandTheRouterStatesItsCaseTakesPassesAndOneItDoesNotIsRefusedSayingSo() {
        CaseFile inProgress = stated(CaseStatus.IN_PROGRESS, false, IN_PROGRESS);
        assertThat(check(StaffAction.REFUSE, new ActionInput("repetitive", "manifestly excessive", null, null, null,
                null, null, null, null, null, null), inProgress, TODAY).passed()).isTrue();
        ActionCheck accept = check(StaffAction.ACCEPT, ActionInput.empty(), inProgress, TODAY);
        assertThat(accept.kind()).isEqualTo(ActionCheck.Kind.CONFLICT);
        assertThat(accept.detail()).isEqualTo(
                "Accept the request is not possible on this case as it stands (in progress): the router would reject it.");
    }

    /** The router's list decides, not audit-log's reading of its status (which would let a clarification through). */
    @Test
    void theRoutersListDecidesWhereAuditLogsOwnReadingOfTheStatusWouldDiffer() {
        ActionInput question = new ActionInput(null, null, "which account?", null, null, null, null, null, null, null,
                null);
        assertThat(check(StaffAction.ASK_CLARIFICATION, question, ecsCase(CaseStatus.IN_PROGRESS), TODAY).passed())
                .as("no router list: the fallback").isTrue();
        assertThat(check(StaffAction.ASK_CLARIFICATION, question,
                stated(CaseStatus.IN_PROGRESS, false, List.of("RefuseRequest", "CloseCase")), TODAY).kind())
                .isEqualTo(ActionCheck.Kind.CONFLICT);
    }

    /**
     * The router stated on an earlier day that the deadline may be extended; it judges the extension on the day it is
     * asked, so the dashboard offers it up to the last day of the first month the router stated, and not after.
     */
    @Test
    void anExtensionTheRouterListedIsPossibleUntilTheLastDayOfTheFirstMonthItStated() {
        CaseFile inProgress = stated(CaseStatus.IN_PROGRESS, false, IN_PROGRESS);
        assertThat(check(StaffAction.EXTEND, reason("complex"), inProgress, LocalDate.parse("2026-10-05")).passed())
                .isTrue();
        ActionCheck late = check(StaffAction.EXTEND, reason("complex"), inProgress, LocalDate.parse("2026-10-06"));
        assertThat(late.kind()).isEqualTo(ActionCheck.Kind.CONFLICT);
        assertThat(late.detail()).contains("first month", "2026-10-05");
        // while the clock is stopped no month runs out (the router states no month-one date then)
        assertThat(check(StaffAction.EXTEND, reason("complex"), stated(CaseStatus.PAUSED, true, List.of(
                "RefuseRequest", "RecordClarificationReceived", "ExtendDeadline", "CloseCase")),
                LocalDate.parse("2026-11-20")).passed()).isTrue();
        // stated after the first month: not listed, not offered
        assertThat(check(StaffAction.EXTEND, reason("complex"), stated(CaseStatus.IN_PROGRESS, false,
                List.of("RefuseRequest", "AskClarification", "CloseCase")), LocalDate.parse("2026-10-01")).kind())
                .isEqualTo(ActionCheck.Kind.CONFLICT);
    }

    /** Kept on purpose: the router would still close a refused case, the dashboard takes no more actions on it. */
    @Test
    void aRefusedCaseTakesNoMoreActionsHereThoughTheRouterWouldCloseIt() {
        CaseFile refused = stated(CaseStatus.REFUSED, false, List.of("CloseCase"));
        assertThat(check(StaffAction.CLOSE, new ActionInput(null, null, null, null, null, null, null, null, null,
                "refused", "the refusal was sent"), refused, TODAY).detail())
                .isEqualTo("The case is refused: nothing more can be done.");
    }

    /** Who may act stays audit-log's: a processor on the case may not accept, though the router's case would. */
    @Test
    void whoMayActIsCheckedBeforeWhatTheRouterAllows() {
        CaseFile awaiting = stated(CaseStatus.AWAITING_DECISION, false, List.of("AcceptRequest", "CloseCase"));
        awaiting.processorIds.add("mes");
        assertThat(ActionRules.check(StaffAction.ACCEPT, ActionInput.empty(), awaiting, deadline(true),
                new Viewer("demo-mes", "mes", false), Set.of(), TODAY).kind()).isEqualTo(ActionCheck.Kind.FORBIDDEN);
    }
}
