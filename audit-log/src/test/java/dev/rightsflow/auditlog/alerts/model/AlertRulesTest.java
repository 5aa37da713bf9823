package dev.rightsflow.auditlog.alerts.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.rightsflow.auditlog.cases.model.CaseFile;
import dev.rightsflow.auditlog.cases.model.CaseStatus;
import dev.rightsflow.auditlog.cases.model.CaseTask;
import dev.rightsflow.auditlog.cases.model.DeadlinePosition;

class AlertRulesTest {

    private static CaseFile open(CaseStatus status) {
        CaseFile f = CaseFile.of("r-1");
        f.controllerId = "ecs";
        f.status = status;
        return f;
    }

    private static DeadlinePosition left(int workingDays, boolean overdue) {
        return new DeadlinePosition("ENGLAND_AND_WALES", LocalDate.parse("2026-09-03"), LocalDate.parse("2026-10-05"),
                LocalDate.parse("2026-10-05"), List.of(), false, false, !overdue, (long) workingDays, workingDays, overdue,
                List.of(), null);
    }

    @Test
    void onlyTheTightestDueInWindowApplies() {
        assertThat(AlertRules.due(open(CaseStatus.READY_TO_ANSWER), left(2, false), 3, 10))
                .extracting(AlertDue::kind).containsExactly(AlertKind.DUE_IN_3_WORKING_DAYS);
        assertThat(AlertRules.due(open(CaseStatus.READY_TO_ANSWER), left(8, false), 3, 10)).isEmpty();
    }

    @Test
    void anOverdueCaseIsOverdueRatherThanDueIn() {
        assertThat(AlertRules.due(open(CaseStatus.READY_TO_ANSWER), left(-1, true), 3, -1))
                .extracting(AlertDue::kind).containsExactly(AlertKind.OVERDUE);
    }

    @Test
    void anExtensionNoticeIsOwedNearTheEndOfMonthOneWhileWorkIsOpen() {
        assertThat(AlertRules.due(open(CaseStatus.IN_PROGRESS), left(3, false), 3, 3))
                .extracting(AlertDue::kind).contains(AlertKind.EXTENSION_NOTICE_OWED);
        assertThat(AlertRules.due(open(CaseStatus.READY_TO_ANSWER), left(3, false), 3, 3))
                .extracting(AlertDue::kind).doesNotContain(AlertKind.EXTENSION_NOTICE_OWED);
    }

    @Test
    void closedAndRefusedCasesRaiseNothing() {
        CaseTask t = new CaseTask();
        t.taskId = "t-1";
        t.lastSafeDispatch = LocalDate.parse("2026-09-25");
        assertThat(AlertRules.due(open(CaseStatus.CLOSED), left(-3, true), 3, -3)).isEmpty();
        assertThat(AlertRules.due(open(CaseStatus.REFUSED), left(1, false), 3, 1)).isEmpty();
    }

    @Test
    void aTaskPastItsLastSafeDispatchDateIsLeftToTheRouter() {
        CaseFile file = open(CaseStatus.IN_PROGRESS);
        CaseTask t = new CaseTask();
        t.taskId = "t-1";
        t.lastSafeDispatch = LocalDate.parse("2026-09-25");
        file.tasks.add(t);
        assertThat(AlertRules.due(file, left(20, false), 3, 20)).extracting(AlertDue::kind)
                .doesNotContain(AlertKind.TASK_AT_RISK);
    }
}
