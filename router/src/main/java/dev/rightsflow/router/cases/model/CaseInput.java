package dev.rightsflow.router.cases.model;

import java.time.Instant;

import dev.rightsflow.router.requests.model.Request;
import dev.rightsflow.schemas.model.Action;

/**
 * Everything the case reads, in the model's terms: the request's own events, the connectors' results, the staff
 * commands ({@link CaseCommand}) and the facts the router decided earlier ({@link CaseEvent}, read again from their
 * topics). The Kafka adapter maps each event of the contract to one input, one for one ({@link Other} for an event
 * the case does not fold), so that a batch's positions stay those of its records.
 */
public sealed interface CaseInput permits CaseEvent, CaseCommand, CaseInput.RequestReceived,
        CaseInput.IdentityVerified, CaseInput.TaskCompleted, CaseInput.TaskFailed, CaseInput.TaskNeedsPerson,
        CaseInput.TaskCancellationRecorded, CaseInput.TaskAttemptFailed, CaseInput.Other {

    String eventId();

    /** The request the input belongs to; null for an event that names none (it cannot be handled). */
    String requestId();

    Instant occurredAt();

    /** The input's type name, as in the contract. */
    default String type() {
        return getClass().getSimpleName();
    }

    /**
     * The request arrived (or arrived again, forwarded in by a processor).
     *
     * @param stored the request's event as the contract encodes it, kept beside the case (opaque here)
     */
    record RequestReceived(String eventId, String requestId, Instant occurredAt, Request request, byte[] stored)
            implements CaseInput {
    }

    /** The subject's identity was verified at {@code verifiedAt}. */
    record IdentityVerified(String eventId, String requestId, Instant occurredAt, Instant verifiedAt)
            implements CaseInput {
    }

    /** A connector carried a task out; {@code subjectFound}: the system held the subject. */
    record TaskCompleted(String eventId, String requestId, Instant occurredAt, String taskId, String systemId,
            Action action, boolean subjectFound) implements CaseInput {
    }

    /** A task failed after {@code attempts} attempts. */
    record TaskFailed(String eventId, String requestId, Instant occurredAt, String taskId, String systemId,
            Action action, int attempts) implements CaseInput {
    }

    /** A task waits for a person. */
    record TaskNeedsPerson(String eventId, String requestId, Instant occurredAt, String taskId, String systemId,
            Action action) implements CaseInput {
    }

    /** A connector recorded the cancellation of a task, with what became of it. */
    record TaskCancellationRecorded(String eventId, String requestId, Instant occurredAt, String taskId,
            String systemId, Action action, String outcome) implements CaseInput {
    }

    /** One attempt at a task failed; it is retried. */
    record TaskAttemptFailed(String eventId, String requestId, Instant occurredAt, String taskId, int attempt)
            implements CaseInput {
    }

    /** An event the case does not fold (it is remembered as handled all the same). */
    record Other(String eventId, String requestId, Instant occurredAt, String type) implements CaseInput {
    }
}
