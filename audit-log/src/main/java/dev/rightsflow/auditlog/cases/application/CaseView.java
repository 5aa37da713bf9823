package dev.rightsflow.auditlog.cases.application;

import java.util.List;

import dev.rightsflow.auditlog.cases.model.CaseFile;
import dev.rightsflow.auditlog.cases.model.CaseTask;
import dev.rightsflow.auditlog.cases.model.DeadlinePosition;

/** A case with its deadline as it stands today and the names of the organisations involved. */
public record CaseView(CaseFile file, DeadlinePosition deadline, List<CaseTask> tasksAtRisk, String controllerName,
        List<String> processorNames) {

    public boolean atRisk() {
        return !tasksAtRisk.isEmpty() || (deadline.workingDaysLeft() != null && deadline.workingDaysLeft() <= 3
                && file.status.open());
    }

    /** Sort key: overdue first, then at risk, then fewest days left; cases without a date last. */
    public int urgency() {
        if (deadline.overdue()) {
            return 0;
        }
        return atRisk() ? 1 : 2;
    }
}
