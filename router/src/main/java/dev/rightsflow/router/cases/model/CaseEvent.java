package dev.rightsflow.router.cases.model;

import dev.rightsflow.router.events.model.Actor;
import dev.rightsflow.router.registry.model.Division;
import dev.rightsflow.router.registry.model.Right;
import dev.rightsflow.router.requests.model.Request;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import dev.rightsflow.schemas.model.Action;

/**
 * What the case model decided, in the past tense: plain records, one per fact, with the ids
 * derived from what caused them (so deciding the same input again yields the same facts). The
 * Kafka adapter maps each to its event in the contract ({@code kafka.CaseEventAvro}), field for
 * field; the application folds them into the {@link CaseState} and publishes them.
 */
public sealed interface CaseEvent extends CaseInput {

    String eventId();

    String requestId();

    Instant occurredAt();

    Actor actor();

    /** Where a fact is recorded: on the case (with the case's clock), with a task, or as an alert. */
    enum Channel { CASE, TASK, ALERT }

    /**
     * Where this fact is recorded: a task's dispatch and cancellation with the task (same key as the dispatch, so
     * read after it), a deadline alert as an alert, every other fact on the case; only the facts on the case carry
     * the case's status and deadline as they stand after them.
     */
    default Channel channel() {
        return this instanceof TaskDispatched || this instanceof TaskCancelled ? Channel.TASK
                : this instanceof DeadlineAlertRaised ? Channel.ALERT : Channel.CASE;
    }

    /** The request is accepted: by policy, by law, by staff or by the pre-approval webhook. */
    record RequestAccepted(String eventId, String requestId, Instant occurredAt, Actor actor, String policy)
            implements CaseEvent {
    }

    /** The request is refused on a ground. */
    record RequestRefused(String eventId, String requestId, Instant occurredAt, Actor actor, String ground,
            String reason) implements CaseEvent {
    }

    /** The clock stopped at {@code pausedAt} while the subject is asked to clarify (Art 12A). */
    record ClockPaused(String eventId, String requestId, Instant occurredAt, Actor actor, String reason,
            Instant pausedAt) implements CaseEvent {
    }

    /** The clock restarted at {@code resumedAt}. */
    record ClockResumed(String eventId, String requestId, Instant occurredAt, Actor actor, Instant resumedAt)
            implements CaseEvent {
    }

    /** The deadline was extended to {@code newDeadline} (Art 12(3)). */
    record DeadlineExtended(String eventId, String requestId, Instant occurredAt, Actor actor, String reason,
            LocalDate newDeadline) implements CaseEvent {
    }

    /** The case is closed; a withdrawal's summary says what was already done and not undone. */
    record CaseClosed(String eventId, String requestId, Instant occurredAt, Actor actor, String outcome,
            String summary) implements CaseEvent {
    }

    /** A task not yet done was cancelled because the request was withdrawn (published on the tasks topic). */
    record TaskCancelled(String eventId, String requestId, Instant occurredAt, Actor actor, String taskId,
            String systemId, Action action, String reason) implements CaseEvent {
    }

    /** A command the case's state does not allow, and why. */
    record CommandRejected(String eventId, String requestId, Instant occurredAt, Actor actor, String command,
            String commandEventId, String reason) implements CaseEvent {
    }

    /** The outcome of the OpenDSR 2.0 §9 cancellation at the external controller. */
    record ExternalCancellationRecorded(String eventId, String requestId, Instant occurredAt, Actor actor,
            String controllerId, boolean confirmed, String outcome) implements CaseEvent {
    }

    /** Nobody could tell the controller (or the request cannot be planned as it stands): staff resolve it. */
    record TriageRequired(String eventId, String requestId, Instant occurredAt, Actor actor, String reason,
            List<String> candidateControllerIds) implements CaseEvent {
    }

    /** The case opened at its controller with its statutory deadline; {@code awaitingDecision}: staff (or a webhook) decide. */
    record CaseOpened(String eventId, String requestId, Instant occurredAt, Actor actor, String controllerId,
            Division division, Instant receivedAt, Instant clockStartsAt, LocalDate statutoryDeadline,
            boolean awaitingDecision) implements CaseEvent {
    }

    /** Every task has completed: the controller can answer. */
    record CaseReadyToAnswer(String eventId, String requestId, Instant occurredAt, Actor actor, String summary)
            implements CaseEvent {
    }

    /**
     * A deadline alert on the alerts topic; the router raises kind {@code TASK_AT_RISK} (a task past its
     * last safe dispatch date, {@code dueDate}), other services other kinds.
     */
    record DeadlineAlertRaised(String eventId, String requestId, Instant occurredAt, Actor actor, String kind,
            String controllerId, LocalDate dueDate, String taskId) implements CaseEvent {
    }

    /**
     * The controller is resolved (by the registry's rules, or by staff in triage).
     *
     * @param right           the right staff chose in triage for a request that arrived without one; null otherwise
     * @param consentPurposes the purposes staff mapped a free-words consent withdrawal to; null otherwise
     */
    record ControllerResolved(String eventId, String requestId, Instant occurredAt, Actor actor, String controllerId,
            String serviceId, String receivingOrganisationId, boolean receiverIsProcessor, String rule,
            Division division, Right right, List<String> consentPurposes) implements CaseEvent {
    }

    /**
     * The router forwarded the request to its controller: inside the platform ({@code TENANT}), by a signed call
     * ({@code SIGNED_HTTP}, {@code OPENDSR}) or by a person ({@code MANUAL}); the hop keeps the first receipt.
     *
     * @param mode                the {@code ForwardingMode}'s name
     * @param controllerReference the controller's reference for the request, when it gave one
     * @param statedDue           the statutory due date the event's clock stated, as read back from the topic (a
     *                            rebuild folds it into {@link CaseState#forwardedDeadline}); null in a fact decided
     *                            now, whose clock is worked out once it is folded ({@code CaseSteps.emit} sets the
     *                            case's date from that clock), and in events written before the clock was carried
     */
    record RequestForwarded(String eventId, String requestId, Instant occurredAt, Actor actor, Request.Hop hop,
            String mode, String controllerReference, LocalDate statedDue) implements CaseEvent {

        /** A forwarding decided now: its clock, and so its due date, is stated once it is folded. */
        public RequestForwarded(String eventId, String requestId, Instant occurredAt, Actor actor, Request.Hop hop,
                String mode, String controllerReference) {
            this(eventId, requestId, occurredAt, actor, hop, mode, controllerReference, null);
        }
    }

    /** The plan: one task per system per action, the exemptions recorded instead, the controllers signposted to. */
    record CasePlanned(String eventId, String requestId, Instant occurredAt, Actor actor, List<PlannedTask> tasks,
            List<Exemption> exemptions, List<Signpost> signposts) implements CaseEvent {

        /** @param systemName the name people read for the system; null when unknown */
        public record PlannedTask(String taskId, String systemId, Action action, String connector,
                LocalDate lastSafeDispatch, String systemName) {
        }

        /** Data kept instead of acted on, with the law that allows it. */
        public record Exemption(String systemId, String dataCategory, String legalBasis, String explanation) {
        }

        /** An independent controller the subject is told about. */
        public record Signpost(String organisationName, String explanation, String contact) {
        }
    }

    /**
     * One task sent to its system (published on the tasks topic, before the plan that names it): what the
     * connector needs, and only what finding the subject and carrying out the action needs of the request.
     */
    record TaskDispatched(String eventId, String requestId, Instant occurredAt, Actor actor, String taskId,
            String controllerId, String systemId, String connector, Map<String, String> connectorConfig,
            Action action, Right right, Request.Subject subject, Request.Details details, List<String> dataCategories,
            LocalDate deadline, LocalDate lastSafeDispatch) implements CaseEvent {
    }

    /**
     * The requester's personal data was erased after the organisation's retention period, counted from
     * {@code closedAt} (closure, or forwarding outside the platform).
     */
    record PersonalDataErased(String eventId, String requestId, Instant occurredAt, Actor actor,
            String organisationId, int retentionDays, Instant closedAt, String reason) implements CaseEvent {
    }
}
