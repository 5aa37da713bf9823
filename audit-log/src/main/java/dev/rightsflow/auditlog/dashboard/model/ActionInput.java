package dev.rightsflow.auditlog.dashboard.model;

/**
 * What staff typed for an action; which fields are required depends on the action. Free text
 * here is staff's own (reasons, evidence), kept in the audit trail as the controller's record.
 */
public record ActionInput(String reason, String ground, String question, String note, String taskId,
        String evidence, Boolean subjectFound, String controllerId, String serviceId, String outcome, String summary,
        String right) {

    /** Without a right: every action but resolving the triage of a request that named none (a mail). */
    public ActionInput(String reason, String ground, String question, String note, String taskId, String evidence,
            Boolean subjectFound, String controllerId, String serviceId, String outcome, String summary) {
        this(reason, ground, question, note, taskId, evidence, subjectFound, controllerId, serviceId, outcome, summary,
                null);
    }

    public static ActionInput empty() {
        return new ActionInput(null, null, null, null, null, null, null, null, null, null, null);
    }
}
