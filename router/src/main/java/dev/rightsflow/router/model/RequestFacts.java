package dev.rightsflow.router.model;

import java.util.List;

/**
 * What planning needs to know about a request, free of personal data.
 *
 * @param requestId               the request
 * @param right                   the right exercised
 * @param objectionDirectMarketing for an objection: it is to direct marketing (absolute, Art 21(3))
 * @param consentPurposes         for a consent withdrawal: the purposes named (empty = every purpose)
 */
public record RequestFacts(String requestId, Right right, boolean objectionDirectMarketing,
        List<String> consentPurposes) {
    public RequestFacts {
        consentPurposes = consentPurposes == null ? List.of() : List.copyOf(consentPurposes);
    }
}
