package dev.rightsflow.router.cases.model;

import java.util.List;

/**
 * The outcome of a command on a case: the facts decided, in publishing order, or a rejection with
 * its reason in words (which the application publishes as {@code CommandRejected}).
 */
public sealed interface CaseDecision {

    /** The command is lawful in the case's state: these facts follow from it. */
    record Decided(List<CaseEvent> events) implements CaseDecision {
        public Decided {
            events = List.copyOf(events);
        }
    }

    /** The command is not lawful in the case's state; nothing changes but the recorded rejection. */
    record Rejected(CaseEvent.CommandRejected rejection) implements CaseDecision {
        public String reason() {
            return rejection.reason();
        }
    }
}
