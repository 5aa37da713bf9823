package dev.rightsflow.intake.status.model;

import dev.rightsflow.intake.request.model.Channel;
import dev.rightsflow.intake.request.model.RightType;
import dev.rightsflow.intake.request.model.Verification;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import dev.rightsflow.deadline.UkDivision;

/**
 * What intake learns about a request from the topics (REQUESTS, CASES, TASK_RESULTS), as plain
 * facts: the Kafka adapter translates each event into one of these, and {@link RequestStatus}
 * folds them into what the citizen's status page shows.
 */
public sealed interface CaseFact {

    /** The event's id: a fact already applied is skipped, so redelivery changes nothing. */
    String eventId();

    Instant at();

    /**
     * A router case event's fact with the case's status and deadline as they stand after it, as the router
     * stated them ({@code clock} on the event).
     */
    record Stated(CaseFact fact, RouterDeadline deadline) implements CaseFact {
        @Override
        public String eventId() {
            return fact.eventId();
        }

        @Override
        public Instant at() {
            return fact.at();
        }
    }

    record Received(String eventId, Instant at, String requestId, String statusTokenHash, String organisationId,
            String serviceId, RightType right, Channel channel, Instant receivedAt, Verification verification,
            LocalDate provisionalDeadline, String duplicateOf, String fingerprint, UkDivision division,
            String forwardedByOrganisationId) implements CaseFact {
    }

    record VerificationRequested(String eventId, Instant at, Verification method) implements CaseFact {
    }

    record IdentityVerified(String eventId, Instant at, Instant verifiedAt) implements CaseFact {
    }

    /** @param right the right staff chose in triage for a request that arrived without one; null otherwise */
    record ControllerResolved(String eventId, Instant at, String controllerId, UkDivision division, RightType right)
            implements CaseFact {
    }

    record TriageRequired(String eventId, Instant at) implements CaseFact {
    }

    record Forwarded(String eventId, Instant at, String toOrganisationId, String mode) implements CaseFact {
    }

    record CaseOpened(String eventId, Instant at, String controllerId, UkDivision division, Instant clockStartsAt,
            LocalDate statutoryDeadline, boolean awaitingDecision) implements CaseFact {
    }

    record Accepted(String eventId, Instant at) implements CaseFact {
    }

    record Refused(String eventId, Instant at, String ground, String reason) implements CaseFact {
    }

    record ClockPaused(String eventId, Instant at, Instant pausedAt, String reason) implements CaseFact {
    }

    record ClockResumed(String eventId, Instant at, Instant resumedAt) implements CaseFact {
    }

    record DeadlineExtended(String eventId, Instant at, LocalDate newDeadline, String reason) implements CaseFact {
    }

    record Planned(String eventId, Instant at, List<RequestStatus.Task> tasks, List<String> exemptions,
            List<RequestStatus.Signpost> signposts) implements CaseFact {
    }

    record TaskRetrying(String eventId, Instant at, String taskId, String systemId, int attempt) implements CaseFact {
    }

    record TaskDone(String eventId, Instant at, String taskId, String systemId, String action, boolean subjectFound,
            String summary) implements CaseFact {
    }

    record TaskFailed(String eventId, Instant at, String taskId, String systemId, String action) implements CaseFact {
    }

    record TaskWaiting(String eventId, Instant at, String taskId, String systemId, String action) implements CaseFact {
    }

    /** A task of a withdrawn request: stopped, or already sent or done ({@code TaskCancellationRecorded}). */
    record TaskCancelled(String eventId, Instant at, String taskId, String systemId, String action, boolean stopped,
            String outcome) implements CaseFact {
    }

    record ReadyToAnswer(String eventId, Instant at, String summary) implements CaseFact {
    }

    record Closed(String eventId, Instant at, String outcome, String summary) implements CaseFact {
    }

    record PackageReady(String eventId, Instant at, String packageId, Instant expiresAt) implements CaseFact {
    }
}
