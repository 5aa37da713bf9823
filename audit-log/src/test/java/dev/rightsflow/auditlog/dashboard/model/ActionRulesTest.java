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
import dev.rightsflow.auditlog.cases.model.Viewer;

class ActionRulesTest {

    private static final Viewer ECS = new Viewer("demo-ecs", "ecs", false);

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
                deadline(true), ECS, Set.of());
        assertThat(check.kind()).isEqualTo(ActionCheck.Kind.INVALID);
        assertThat(check.fields()).extracting(ActionCheck.FieldProblem::field).containsExactly("reason");
    }

    @Test
    void anExtensionIsOnlyPossibleInsideTheFirstMonth() {
        assertThat(ActionRules.check(StaffAction.EXTEND, reason("complex"), ecsCase(CaseStatus.IN_PROGRESS),
                deadline(false), ECS, Set.of()).kind()).isEqualTo(ActionCheck.Kind.CONFLICT);
        assertThat(ActionRules.check(StaffAction.EXTEND, reason("complex"), ecsCase(CaseStatus.IN_PROGRESS),
                deadline(true), ECS, Set.of()).passed()).isTrue();
    }

    @Test
    void aRefusalNeedsBothAGroundAndReasonsAndAllMissingFieldsAreListedAtOnce() {
        ActionCheck check = ActionRules.check(StaffAction.REFUSE, ActionInput.empty(), ecsCase(CaseStatus.AWAITING_DECISION),
                deadline(true), ECS, Set.of());
        assertThat(check.fields()).extracting(ActionCheck.FieldProblem::field).containsExactly("ground", "reason");
    }

    @Test
    void onlyTheControllersStaffDecide() {
        Viewer processor = new Viewer("demo-mes", "mes", false);
        CaseFile f = ecsCase(CaseStatus.AWAITING_DECISION);
        f.processorIds.add("mes");
        assertThat(ActionRules.check(StaffAction.ACCEPT, ActionInput.empty(), f, deadline(true), processor, Set.of())
                .kind()).isEqualTo(ActionCheck.Kind.FORBIDDEN);
        assertThat(ActionRules.check(StaffAction.ACCEPT, ActionInput.empty(), f, deadline(true), ECS, Set.of()).passed())
                .isTrue();
    }

    @Test
    void aClosedCaseTakesNoMoreDecisions() {
        assertThat(ActionRules.check(StaffAction.ACCEPT, ActionInput.empty(), ecsCase(CaseStatus.CLOSED), deadline(true),
                ECS, Set.of()).kind()).isEqualTo(ActionCheck.Kind.CONFLICT);
    }

    @Test
    void triageCanOnlyNameAnOrganisationInTheRegistry() {
        ActionInput unknown = new ActionInput(null, null, null, "their site", null, null, null, "nobody", null, null, null);
        ActionCheck check = ActionRules.check(StaffAction.RESOLVE_TRIAGE, unknown, ecsCase(CaseStatus.TRIAGE),
                deadline(true), ECS, Set.of("ecs", "mes"));
        assertThat(check.fields()).extracting(ActionCheck.FieldProblem::field).containsExactly("controllerId");
    }

    @Test
    void triageOfAMailThatNamedNoRightNeedsTheRightChosen() {
        CaseFile mailed = ecsCase(CaseStatus.TRIAGE);
        mailed.right = "UNKNOWN";
        ActionInput withoutRight = new ActionInput(null, null, null, "a member", null, null, null, "ecs", null, null, null);
        assertThat(ActionRules.check(StaffAction.RESOLVE_TRIAGE, withoutRight, mailed, deadline(true), ECS, Set.of("ecs"))
                .fields()).extracting(ActionCheck.FieldProblem::field).containsExactly("right");

        ActionInput erasure = new ActionInput(null, null, null, "a member", null, null, null, "ecs", null, null, null,
                "erasure");
        assertThat(ActionRules.check(StaffAction.RESOLVE_TRIAGE, erasure, mailed, deadline(true), ECS, Set.of("ecs"))
                .passed()).isTrue();
        ActionInput nonsense = new ActionInput(null, null, null, "a member", null, null, null, "ecs", null, null, null,
                "everything");
        assertThat(ActionRules.check(StaffAction.RESOLVE_TRIAGE, nonsense, mailed, deadline(true), ECS, Set.of("ecs"))
                .fields()).extracting(ActionCheck.FieldProblem::field).containsExactly("right");
    }
}
