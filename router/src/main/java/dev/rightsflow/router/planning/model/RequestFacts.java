package dev.rightsflow.router.planning.model;

import dev.rightsflow.router.registry.model.Right;
import java.util.List;

/**
 * What planning needs to know about a request, free of personal data.
 *
 * @param requestId               the request
 * @param right                   the right exercised
 * @param objectionDirectMarketing for an objection: it is to direct marketing (absolute, Art 21(3))
 * @param consentPurposes         for a consent withdrawal: the purposes named (empty = every purpose)
 * @param unmatchedIdentity       why the controller cannot match the subject to its records (only identities it
 *                                holds no record of, {@link SubjectIdentities}); null when it can. Every task is
 *                                then done by a person, who matched the subject in triage
 */
public record RequestFacts(String requestId, Right right, boolean objectionDirectMarketing,
        List<String> consentPurposes, String unmatchedIdentity) {
    public RequestFacts {
        consentPurposes = consentPurposes == null ? List.of() : List.copyOf(consentPurposes);
    }

    /** A request whose subject the controller can match. */
    public RequestFacts(String requestId, Right right, boolean objectionDirectMarketing, List<String> consentPurposes) {
        this(requestId, right, objectionDirectMarketing, consentPurposes, null);
    }
}
