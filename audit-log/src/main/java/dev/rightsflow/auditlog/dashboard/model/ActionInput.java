package dev.rightsflow.auditlog.dashboard.model;

import java.util.List;

/**
 * What staff typed for an action; which fields are required depends on the action. Free text
 * here is staff's own (reasons, evidence), kept in the audit trail as the controller's record.
 *
 * @param right           for resolving the triage of a request that named no right (a mail): the right staff chose
 * @param consentPurposes for resolving the triage of a consent withdrawal written in free words: the
 *                        controller's purposes it withdraws (Art 7(3)); null when not mapping one
 */
public record ActionInput(String reason, String ground, String question, String note, String taskId,
        String evidence, Boolean subjectFound, String controllerId, String serviceId, String outcome, String summary,
        String right, List<String> consentPurposes) {

    /** Without a right chosen in triage (every action but resolving the triage of a request that named none). */
    public ActionInput(String reason, String ground, String question, String note, String taskId, String evidence,
            Boolean subjectFound, String controllerId, String serviceId, String outcome, String summary,
            List<String> consentPurposes) {
        this(reason, ground, question, note, taskId, evidence, subjectFound, controllerId, serviceId, outcome, summary,
                null, consentPurposes);
    }

    /** Mapping no consent purposes. */
    public ActionInput(String reason, String ground, String question, String note, String taskId, String evidence,
            Boolean subjectFound, String controllerId, String serviceId, String outcome, String summary, String right) {
        this(reason, ground, question, note, taskId, evidence, subjectFound, controllerId, serviceId, outcome, summary,
                right, null);
    }

    /** An input that chooses no right and maps no consent purposes. */
    public ActionInput(String reason, String ground, String question, String note, String taskId, String evidence,
            Boolean subjectFound, String controllerId, String serviceId, String outcome, String summary) {
        this(reason, ground, question, note, taskId, evidence, subjectFound, controllerId, serviceId, outcome, summary,
                (String) null, (List<String>) null);
    }

    public static ActionInput empty() {
        return new ActionInput(null, null, null, null, null, null, null, null, null, null, null);
    }
}
