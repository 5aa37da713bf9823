package dev.rightsflow.router.cases.model;

import dev.rightsflow.router.registry.model.Division;
import dev.rightsflow.router.registry.model.ForwardingMode;
import dev.rightsflow.router.registry.model.Right;
import dev.rightsflow.router.registry.model.Verification;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.rightsflow.schemas.model.Action;

/**
 * The router's view of one request, folded from its events (the request's own events on the
 * requests topic, the router's on the cases topic, the connectors' results). It holds no personal
 * data: the subject stays in the request event, which the store keeps beside it.
 *
 * <p>Mutable on purpose: it is a projection, changed only by the fold ({@link CaseFold}). Its lifecycle is one
 * value, {@link #phase}; the other fields are facts about the request (resolution, forwarding hop, the clock's pauses
 * and extension, the tasks), none of which says where the case stands.
 */
public final class CaseState {

    /**
     * The case's status as shown (on the case view, on the clock the router publishes): one at a time, and the
     * statuses each may move to ({@link #mayMoveTo}), which the fold checks each move against. The lifecycle itself
     * is the case's {@link CasePhase}, whose transitions state the commands' rules.
     */
    public enum Status {
        /** Received, not yet resolved (or resolved and about to open: no identity check is needed). */
        RECEIVED,
        /** Nobody could tell the controller: staff resolve it. */
        TRIAGE,
        /** A signed call to an external controller is under way (retried with back-off). */
        FORWARDING,
        /** Sent to an external controller; the processor follows it here. */
        FORWARDED_EXTERNALLY,
        /** Resolved; waiting for identity verification before the case opens (Art 12(6)). */
        AWAITING_IDENTITY,
        /** Open; waiting for staff to accept or refuse. */
        AWAITING_DECISION,
        /** Accepted and planned; tasks under way. */
        IN_PROGRESS,
        /** Every task has an outcome: the controller can answer. */
        READY_TO_ANSWER,
        REFUSED,
        CLOSED;

        /** The statuses this one may move to (staying is always allowed). A case may be closed at any stage but once. */
        public Set<Status> next() {
            return switch (this) {
                case RECEIVED -> EnumSet.of(TRIAGE, AWAITING_IDENTITY, FORWARDING, FORWARDED_EXTERNALLY,
                        AWAITING_DECISION, IN_PROGRESS, REFUSED, CLOSED);
                case TRIAGE -> EnumSet.of(RECEIVED, AWAITING_IDENTITY, FORWARDING, FORWARDED_EXTERNALLY,
                        AWAITING_DECISION, IN_PROGRESS, CLOSED);
                case AWAITING_IDENTITY -> EnumSet.of(RECEIVED, AWAITING_DECISION, IN_PROGRESS, REFUSED, CLOSED);
                case FORWARDING -> EnumSet.of(RECEIVED, AWAITING_IDENTITY, FORWARDED_EXTERNALLY, AWAITING_DECISION,
                        IN_PROGRESS, REFUSED, CLOSED);
                case FORWARDED_EXTERNALLY -> EnumSet.of(REFUSED, CLOSED);
                case AWAITING_DECISION -> EnumSet.of(IN_PROGRESS, REFUSED, CLOSED);
                case IN_PROGRESS -> EnumSet.of(READY_TO_ANSWER, REFUSED, CLOSED);
                case READY_TO_ANSWER, REFUSED -> EnumSet.of(CLOSED);
                case CLOSED -> EnumSet.noneOf(Status.class);
            };
        }

        public boolean mayMoveTo(Status status) {
            return status == this || next().contains(status);
        }

        /** Refused or closed: no command but closing (a refused case) changes it any more. */
        public boolean finished() {
            return this == REFUSED || this == CLOSED;
        }

        /** Opened at the controller and not yet answered, refused or closed: the clock runs (or is stopped) for it. */
        public boolean open() {
            return this == AWAITING_DECISION || this == IN_PROGRESS;
        }
    }

    /** What became of a task; CANCELLED when its request was withdrawn before it was done. */
    public enum Outcome { PENDING, COMPLETED, FAILED, NEEDS_PERSON, CANCELLED }

    public String requestId;
    /** Where the case stands in its lifecycle, with the data of that phase: one value ({@link CasePhase}). */
    public CasePhase phase = CasePhase.received();
    public Right right;
    public String receivingOrganisationId;
    public String serviceId;
    public String relationship;
    public Instant receivedAt;
    public Verification verification = Verification.NONE;
    public Instant identityVerifiedAt;
    /** The processor that forwarded the request into the platform, from the request itself. */
    public String forwardedInBy;

    public String controllerId;
    public Division division;
    public boolean receiverIsProcessor;
    public String rule;
    public String triageReason;
    /**
     * The controller's consent purposes staff mapped a free-words withdrawal to in triage
     * ({@code ControllerResolved.consentPurposes}); null when the request's own purpose ids stand.
     */
    public List<String> mappedConsentPurposes;
    public List<String> triageCandidates = new ArrayList<>();

    /** The hop the router recorded when it forwarded the request to its controller. */
    public String forwardedFrom;
    public ForwardingMode forwardingMode;
    public String controllerReference;
    /**
     * The request this one repeats, as intake saw it ({@code duplicateOf}): the cases stay separate
     * and linked, and staff decide (accept, or refuse as manifestly unfounded or excessive, Art 12(5)).
     */
    public String duplicateOf;
    /** The last staff command the router rejected, and why (also published as {@code CommandRejected}). */
    public String lastRejection;
    /**
     * For a case forwarded over OpenDSR and closed as withdrawn: whether the external controller
     * confirmed the cancellation (OpenDSR 2.0 §9), or why not: folded from the router's
     * {@code ExternalCancellationRecorded}, so a rebuild keeps it. Null while the cancellation is owed.
     */
    public String externalCancellation;

    public LocalDate statutoryDeadline;
    public LocalDate targetDeadline;
    public List<PauseSpan> pauses = new ArrayList<>();
    public boolean extended;
    public LocalDate extendedDeadline;
    public Map<String, TaskState> tasks = new LinkedHashMap<>();
    public int exemptions;
    public int signposts;
    /**
     * When the request was last forwarded to a controller outside the platform ({@code RequestForwarded}, any mode
     * but TENANT): such a case never closes here, so the forwarding organisation's retention period counts from here.
     */
    public Instant forwardedOutAt;
    /**
     * The statutory due date the router stated on the clock of its {@code RequestForwarded} (the deadline counted as
     * the forwarding found the case: from the first receipt in the chain, or from identity verification when that came
     * first, in the controller's division): what {@code /api/v1/router/forwarded} shows, so it answers what the event
     * said. Null before the forwarding, and in history whose {@code RequestForwarded} carried no clock (v1).
     */
    public LocalDate forwardedDeadline;
    /** The requester's personal data was erased after retention ({@code PersonalDataErased}). */
    public boolean personalDataErased;
    public long version;
    /** Ids of the input events already handled (the most recent ones), so a redelivery changes nothing. */
    public List<String> processedEventIds = new ArrayList<>();
    /**
     * Rebuild only: ids of the router's own events found on the output topics, and the staff
     * commands found on the commands topic (event id to encoded command). After the replay, a
     * command none of whose possible outcomes was found is decided again (see the application's
     * reconciliation); both are emptied then.
     */
    public List<String> seenOutputIds = new ArrayList<>();
    public Map<String, String> replayedCommands = new LinkedHashMap<>();
    /**
     * Folded while catching up and not reconciled since: saved with the fold, so a process that stops between the
     * catch-up and the reconciliation (which decides what was folded without a decision) has the next start reconcile
     * this case too, not only the cases that start folds again. Cleared by the reconciliation.
     */
    public boolean awaitingReconciliation;

    public CaseState() {
    }

    public CaseState(String requestId) {
        this.requestId = requestId;
    }

    public boolean resolved() {
        return controllerId != null;
    }

    public boolean paused() {
        return pauses.stream().anyMatch(p -> p.to() == null);
    }

    public boolean finished() {
        return phase.finished();
    }

    /**
     * The case's status: its phase's ({@link CasePhase#status()}); before it forwards or opens, the facts beside
     * the lifecycle tell which: in triage while nobody could tell the controller, awaiting identity once resolved
     * while the identity check is pending, else received.
     */
    public Status status() {
        if (!(phase instanceof CasePhase.Pending)) {
            return phase.status();
        }
        if (resolved()) {
            return verification != Verification.NONE && identityVerifiedAt == null ? Status.AWAITING_IDENTITY
                    : Status.RECEIVED;
        }
        return triageReason != null ? Status.TRIAGE : Status.RECEIVED;
    }

    /** A signed forwarding call is under way (not an event: after a crash or a rebuild it is made again). */
    public boolean forwardInFlight() {
        return phase instanceof CasePhase.Forwarding;
    }

    /** The case opened at its controller (and may since have moved on). */
    public boolean opened() {
        return phase.opened();
    }

    /** The request was accepted (and may since have been refused or closed). */
    public boolean accepted() {
        return phase.accepted();
    }

    /** The case was planned. */
    public boolean planned() {
        return phase.planned();
    }

    /** The case was announced ready to answer. */
    public boolean readyAnnounced() {
        return phase.ready();
    }

    /** When the clock started (receipt, or identity verification when later); null before the case opened. */
    public Instant clockStartsAt() {
        return phase.beforeFinishing() instanceof CasePhase.Open o ? o.clockStartsAt() : null;
    }

    /** The refusal's ground; null unless refused (a refused case closed since keeps it). */
    public String refusalGround() {
        return refusal() == null ? null : refusal().ground();
    }

    /** The close's outcome; null unless closed. */
    public String closedOutcome() {
        return phase instanceof CasePhase.Closed c ? c.outcome() : null;
    }

    /** When the case was closed (or refused): its organisation's retention period for request records counts from here. */
    public Instant finishedAt() {
        return phase instanceof CasePhase.Closed c ? c.at() : phase instanceof CasePhase.Refused r ? r.at() : null;
    }

    private CasePhase.Refused refusal() {
        CasePhase p = phase instanceof CasePhase.Closed c ? c.from() : phase;
        return p instanceof CasePhase.Refused r ? r : null;
    }

    /** Every planned task has an outcome that answers it (completed); failures and waiting tasks keep it open. */
    public boolean allTasksCompleted() {
        return tasks.values().stream().allMatch(t -> t.outcome == Outcome.COMPLETED);
    }

    /**
     * The deadline the controller works to: the earlier of the statutory and its own target; once
     * lawfully extended (Art 12(3)), the extended statutory deadline, which the subject was told.
     */
    public LocalDate workingDeadline() {
        if (extendedDeadline != null) {
            return extendedDeadline;
        }
        LocalDate statutory = statutoryDeadline;
        if (targetDeadline != null && (statutory == null || targetDeadline.isBefore(statutory))) {
            return targetDeadline;
        }
        return statutory;
    }

    /** A clarification pause (Art 12A stop the clock); {@code to} null while awaited. */
    public record PauseSpan(Instant from, Instant to) {
    }

    /** One planned task and what became of it. */
    public static final class TaskState {
        public String taskId;
        public String systemId;
        public Action action;
        public String connector;
        public LocalDate lastSafeDispatch;
        public boolean atRisk;
        /** The last safe dispatch date a TASK_AT_RISK alert was raised for (each alert once). */
        public LocalDate alertedFor;
        public Outcome outcome = Outcome.PENDING;
        public String detail;

        public TaskState() {
        }

        public TaskState(String taskId, String systemId, Action action, String connector, LocalDate lastSafeDispatch,
                boolean atRisk) {
            this.taskId = taskId;
            this.systemId = systemId;
            this.action = action;
            this.connector = connector;
            this.lastSafeDispatch = lastSafeDispatch;
            this.atRisk = atRisk;
        }
    }
}
