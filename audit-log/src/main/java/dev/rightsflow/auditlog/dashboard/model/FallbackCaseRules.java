package dev.rightsflow.auditlog.dashboard.model;

import dev.rightsflow.auditlog.cases.model.CaseFile;
import dev.rightsflow.auditlog.cases.model.CaseStatus;
import dev.rightsflow.auditlog.cases.model.DeadlinePosition;

/**
 * The fallback for the router's commands on a case whose router events state no allowed actions
 * ({@code CaseClock.allowedActions}): before the router opens the case (received, identity awaited, triage, forwarded
 * outside the platform: its events then carry no clock) and history written before the router stated them. These are
 * the dashboard's rules as they were, the router's rules ({@code CaseDecisions}) written out again over audit-log's
 * projection; once the router states its actions, {@link ActionRules} offers exactly those, and these are not asked.
 * The router judges every command it receives either way, and shows a rejection with its reason.
 */
final class FallbackCaseRules {

    private FallbackCaseRules() {
    }

    /** Why the case does not take the router's command {@code action} (by audit-log's own reading); null when it does. */
    static String conflict(StaffAction action, CaseFile file, DeadlinePosition deadline) {
        switch (action) {
            case ACCEPT:
                // the router accepts a case awaiting its decision, also while a clarification is awaited
                return file.awaitingItsDecision() ? null
                        : "Only a case awaiting a decision can be accepted; this one is " + label(file.status) + ".";
            case REFUSE:
                if (file.controllerId == null) {
                    return "The controller is not known yet: resolve the request first.";
                }
                // the router refuses no case that is ready to answer (its lifecycle moves it only to closed)
                return file.status == CaseStatus.READY_TO_ANSWER
                        ? "Every task has an outcome: the case is ready to answer, so it is closed with the answer, not"
                                + " refused." : null;
            case ASK_CLARIFICATION:
                if (file.paused()) {
                    return "Clarification has already been asked for and not yet received.";
                }
                if (file.controllerId == null) {
                    return "The controller is not known yet.";
                }
                // the router stops the clock only of an open case: awaiting a decision or in progress
                return file.status == CaseStatus.AWAITING_DECISION || file.status == CaseStatus.IN_PROGRESS ? null
                        : "Clarification can be asked for only once the case is open and before it is ready to"
                                + " answer; this one is " + label(file.status) + ".";
            case RECORD_CLARIFICATION:
                return file.paused() ? null : "No clarification is awaited on this case.";
            case EXTEND:
                if (file.extended) {
                    return "The deadline has already been extended; the law allows one extension of up to two months.";
                }
                return deadline.extensionAllowed() ? null : ActionRules.tooLateToExtend(deadline.monthOneDue());
            case RESOLVE_TRIAGE:
                return file.status == CaseStatus.TRIAGE ? null : "This request is not in the triage queue.";
            default:
                return null;
        }
    }

    static String label(CaseStatus status) {
        return status.name().toLowerCase().replace('_', ' ');
    }
}
