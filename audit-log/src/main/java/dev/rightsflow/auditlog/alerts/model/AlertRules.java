package dev.rightsflow.auditlog.alerts.model;

import java.util.ArrayList;
import java.util.List;

import dev.rightsflow.auditlog.cases.model.CaseFile;
import dev.rightsflow.auditlog.cases.model.CaseStatus;
import dev.rightsflow.auditlog.cases.model.DeadlinePosition;

/**
 * Which alerts apply to a case on a day. Only the tightest of the due-in windows applies (a case
 * first seen with two working days left gets the 3-day alert, not the 7-day one too). Closed and
 * refused cases, and cases whose clock is stopped, get no deadline alerts. {@link AlertKind#TASK_AT_RISK} is not
 * decided here: the router raises it (its one owner), and audit-log records, shows and sends it on.
 */
public final class AlertRules {

    private AlertRules() {
    }

    /**
     * @param extensionNoticeWorkingDays how many working days before the end of month one the
     *                                   extension notice alert is raised
     * @param workingDaysToMonthOneEnd   working days from today to the un-extended due date
     */
    public static List<AlertDue> due(CaseFile file, DeadlinePosition deadline, int extensionNoticeWorkingDays, Integer workingDaysToMonthOneEnd) {
        List<AlertDue> out = new ArrayList<>();
        if (!file.status.open() || file.controllerId == null) {
            return out;
        }
        if (deadline.statutoryDue() != null && !deadline.paused()) {
            Integer left = deadline.workingDaysLeft();
            AlertKind window = null;
            if (deadline.overdue()) {
                window = AlertKind.OVERDUE;
            } else if (left != null && left <= 1) {
                window = AlertKind.DUE_IN_1_WORKING_DAY;
            } else if (left != null && left <= 3) {
                window = AlertKind.DUE_IN_3_WORKING_DAYS;
            } else if (left != null && left <= 7) {
                window = AlertKind.DUE_IN_7_WORKING_DAYS;
            }
            if (window != null) {
                out.add(new AlertDue(file.requestId, window, deadline.statutoryDue(), null));
            }
            boolean workStillOpen = file.status == CaseStatus.AWAITING_DECISION || file.status == CaseStatus.IN_PROGRESS;
            if (!file.extended && deadline.extensionAllowed() && workStillOpen && workingDaysToMonthOneEnd != null
                    && workingDaysToMonthOneEnd >= 0 && workingDaysToMonthOneEnd <= extensionNoticeWorkingDays) {
                out.add(new AlertDue(file.requestId, AlertKind.EXTENSION_NOTICE_OWED, deadline.monthOneDue(), null));
            }
        }
        return out;
    }
}
