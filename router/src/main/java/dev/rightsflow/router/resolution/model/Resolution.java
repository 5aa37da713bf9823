package dev.rightsflow.router.resolution.model;

import java.util.List;

/** The outcome of resolving who the controller is for a request: a controller, or triage. Never nothing. */
public sealed interface Resolution {

    /**
     * @param controllerId        the organisation that decides and answers
     * @param serviceId           the service the request concerns, if any
     * @param receiverIsProcessor the receiving organisation is only a processor here, so the request is forwarded
     * @param rule                the rule that matched, in words, for the audit trail
     */
    record Resolved(String controllerId, String serviceId, boolean receiverIsProcessor, String rule)
            implements Resolution {
    }

    /** Staff must decide; {@code candidates} are the controllers the registry makes plausible. */
    record NeedsTriage(String reason, List<String> candidates) implements Resolution {
        public NeedsTriage {
            candidates = List.copyOf(candidates);
        }
    }
}
