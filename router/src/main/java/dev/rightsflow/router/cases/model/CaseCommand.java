package dev.rightsflow.router.cases.model;

import dev.rightsflow.router.events.model.Actor;
import dev.rightsflow.router.registry.model.Right;
import java.time.Instant;
import java.util.List;

/**
 * A staff command on one case (or an organisation's pre-approval answer, which arrives as one),
 * as the case model reads it: who asked, when, and what. Each has exactly one outcome:
 * {@link CaseDecision.Decided} or {@link CaseDecision.Rejected} ({@link CaseDecisions#decide}).
 * {@link #type()} is the command's name in the event contract, which {@code CommandRejected} repeats.
 */
public sealed interface CaseCommand extends CaseInput {

    String eventId();

    String requestId();

    Instant occurredAt();

    Actor actor();

    /** Accept the request (staff, or the controller's pre-approval webhook). */
    record AcceptRequest(String eventId, String requestId, Instant occurredAt, Actor actor) implements CaseCommand {
    }

    /** Refuse it, on a ground (e.g. manifestly unfounded or excessive, Art 12(5)). */
    record RefuseRequest(String eventId, String requestId, Instant occurredAt, Actor actor, String ground,
            String reason) implements CaseCommand {
    }

    /** Ask the subject a question; the clock stops (Art 12A). */
    record AskClarification(String eventId, String requestId, Instant occurredAt, Actor actor, String question)
            implements CaseCommand {
    }

    /** The subject answered; the clock restarts. */
    record RecordClarificationReceived(String eventId, String requestId, Instant occurredAt, Actor actor)
            implements CaseCommand {
    }

    /** Extend the deadline by up to two further months (Art 12(3)). */
    record ExtendDeadline(String eventId, String requestId, Instant occurredAt, Actor actor, String reason)
            implements CaseCommand {
    }

    /** Close the case; outcome {@code withdrawn} or {@code cancelled} means the subject withdrew the request. */
    record CloseCase(String eventId, String requestId, Instant occurredAt, Actor actor, String outcome,
            String summary) implements CaseCommand {
    }

    /**
     * Staff resolve a triage: the controller (and service) they chose, why, and for a request that
     * arrived without a right the right they chose ({@code rightUnknown}: they chose "unknown", which
     * is not a right); for a free-words consent withdrawal, the purposes withdrawn.
     */
    record ResolveTriage(String eventId, String requestId, Instant occurredAt, Actor actor, String controllerId,
            String serviceId, String note, Right right, boolean rightUnknown, List<String> consentPurposes)
            implements CaseCommand {
    }
}
