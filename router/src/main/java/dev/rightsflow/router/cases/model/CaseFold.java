package dev.rightsflow.router.cases.model;

import static dev.rightsflow.deadline.UkTime.UK;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import dev.rightsflow.schemas.model.Action;
import dev.rightsflow.router.cases.model.CaseState.Outcome;
import dev.rightsflow.router.cases.model.CaseState.Status;
import dev.rightsflow.router.registry.model.ForwardingMode;
import dev.rightsflow.router.requests.model.Request;

/**
 * Folds a request's events into its {@link CaseState}: the request's own (REQUESTS), the
 * router's decisions (CASES) and the connectors' results (TASK_RESULTS), each as the model's
 * {@link CaseInput} (the Kafka adapter maps the contract's events to them). The live workflow and the
 * rebuild from topics use the same fold, so a rebuilt case equals the live one; the case's own steps
 * ({@link CaseSteps}) fold each fact they decide before deciding the next. Pure state
 * changes: no publishing, no calls out. Commands change nothing here: their effects are the
 * router's events.
 */
public final class CaseFold {

    private static final System.Logger log = System.getLogger(CaseFold.class.getName());
    private static final int REMEMBERED_EVENT_IDS = 500;
    /** The alert kind of a task whose last safe dispatch date has passed while it is still open. */
    public static final String TASK_AT_RISK = CaseDecisions.TASK_AT_RISK;

    private CaseFold() {
    }

    /**
     * Folds one input: the request's own events, the connectors' results, and the facts the case model decided
     * ({@link CaseEvent}: live, as soon as they are decided, and in a rebuild, read back from their topics).
     * Commands and events the case does not fold change nothing but the status's check.
     */
    public static void apply(CaseState c, CaseInput input) {
        Status from = c.status();
        if (input instanceof CaseEvent fact) {
            apply(c, fact);
        } else if (input instanceof CaseInput.RequestReceived e) {
            Request r = e.request();
            if (c.right == null) {
                c.right = r.right();
            }
            c.receivingOrganisationId = r.organisationId();
            if (c.serviceId == null) {
                c.serviceId = r.serviceId();
            }
            c.relationship = r.relationship();
            c.receivedAt = r.receivedAt();
            if (r.forwardedBy() != null) {
                c.forwardedInBy = r.forwardedBy().fromOrganisationId();
                if (r.forwardedBy().receivedAt().isBefore(c.receivedAt)) {
                    c.receivedAt = r.forwardedBy().receivedAt();
                }
            }
            c.verification = r.verification();
            c.duplicateOf = r.duplicateOf();
        } else if (input instanceof CaseInput.IdentityVerified e) {
            c.identityVerifiedAt = e.verifiedAt();
        } else if (input instanceof CaseInput.TaskCompleted e) {
            outcome(c, e.taskId(), e.systemId(), e.action(), Outcome.COMPLETED,
                    e.subjectFound() ? "done" : "subject not found");
        } else if (input instanceof CaseInput.TaskFailed e) {
            outcome(c, e.taskId(), e.systemId(), e.action(), Outcome.FAILED, "failed after " + e.attempts() + " attempts");
        } else if (input instanceof CaseInput.TaskNeedsPerson e) {
            outcome(c, e.taskId(), e.systemId(), e.action(), Outcome.NEEDS_PERSON, "waiting for a person");
        } else if (input instanceof CaseInput.TaskCancellationRecorded e) {
            outcome(c, e.taskId(), e.systemId(), e.action(), Outcome.CANCELLED, e.outcome());
        } else if (input instanceof CaseInput.TaskAttemptFailed e) {
            CaseState.TaskState task = c.tasks.get(e.taskId());
            if (task != null && task.outcome == Outcome.PENDING) {
                task.detail = "attempt " + e.attempt() + " failed; retrying";
            }
        }
        report(c, from);
    }

    /** Folds a fact the case model decided. */
    private static void apply(CaseState c, CaseEvent event) {
        if (event instanceof CaseEvent.RequestForwarded e) {
            c.forwardedFrom = e.hop().fromOrganisationId();
            c.forwardingMode = mode(e.mode());
            c.controllerReference = e.controllerReference();
            if (e.statedDue() != null) {
                c.forwardedDeadline = e.statedDue(); // read back from the topic (rebuild): the date its clock stated
            }
            boolean external = c.forwardingMode != ForwardingMode.TENANT;
            if (external) {
                c.forwardedOutAt = e.occurredAt();
            }
            c.phase = c.phase.onForwarded(external, e.occurredAt());
        } else if (event instanceof CaseEvent.CasePlanned e) {
            c.phase = c.phase.onPlanned();
            LocalDate planDay = LocalDate.ofInstant(e.occurredAt(), UK);
            for (CaseEvent.CasePlanned.PlannedTask t : e.tasks()) {
                CaseState.TaskState known = c.tasks.get(t.taskId());
                CaseState.TaskState task = new CaseState.TaskState(t.taskId(), t.systemId(), t.action(),
                        t.connector(), t.lastSafeDispatch(),
                        t.lastSafeDispatch() != null && planDay.isAfter(t.lastSafeDispatch()));
                if (known != null) {
                    task.outcome = known.outcome;
                    task.detail = known.detail;
                    task.alertedFor = known.alertedFor;
                }
                c.tasks.put(t.taskId(), task);
            }
            c.exemptions = e.exemptions().size();
            c.signposts = e.signposts().size();
        } else if (event instanceof CaseEvent.PersonalDataErased) {
            c.personalDataErased = true;
        } else if (event instanceof CaseEvent.RequestAccepted e) {
            c.phase = c.phase.onAccepted(e.policy());
        } else if (event instanceof CaseEvent.RequestRefused e) {
            c.phase = c.phase.onRefused(e.ground(), e.occurredAt());
        } else if (event instanceof CaseEvent.ClockPaused e) {
            if (!c.paused()) {
                c.pauses.add(new CaseState.PauseSpan(e.pausedAt(), null));
            }
        } else if (event instanceof CaseEvent.ClockResumed e) {
            List<CaseState.PauseSpan> pauses = c.pauses;
            for (int i = 0; i < pauses.size(); i++) {
                if (pauses.get(i).to() == null) {
                    pauses.set(i, new CaseState.PauseSpan(pauses.get(i).from(), e.resumedAt()));
                }
            }
        } else if (event instanceof CaseEvent.DeadlineExtended e) {
            c.extended = true;
            c.extendedDeadline = e.newDeadline();
        } else if (event instanceof CaseEvent.TaskCancelled e) {
            outcome(c, e.taskId(), e.systemId(), e.action(), Outcome.CANCELLED, "cancelled: " + e.reason());
        } else if (event instanceof CaseEvent.CommandRejected e) {
            c.lastRejection = e.command() + ": " + e.reason();
        } else if (event instanceof CaseEvent.CaseClosed e) {
            c.phase = c.phase.onClosed(e.outcome(), e.occurredAt());
        } else if (event instanceof CaseEvent.ExternalCancellationRecorded e) {
            c.externalCancellation = e.outcome();
        } else if (event instanceof CaseEvent.ControllerResolved e) {
            c.controllerId = e.controllerId();
            if (e.right() != null) {
                c.right = e.right();
            }
            c.serviceId = e.serviceId() != null ? e.serviceId() : c.serviceId;
            c.receiverIsProcessor = e.receiverIsProcessor();
            c.rule = e.rule();
            c.division = e.division();
            if (e.consentPurposes() != null) {
                c.mappedConsentPurposes = List.copyOf(e.consentPurposes());
            }
        } else if (event instanceof CaseEvent.TriageRequired e) {
            c.triageReason = e.reason();
            c.triageCandidates = new ArrayList<>(e.candidateControllerIds());
        } else if (event instanceof CaseEvent.CaseOpened e) {
            c.controllerId = e.controllerId();
            c.division = e.division();
            c.statutoryDeadline = e.statutoryDeadline();
            c.phase = c.phase.onOpened(e.clockStartsAt(), e.awaitingDecision());
        } else if (event instanceof CaseEvent.CaseReadyToAnswer) {
            c.phase = c.phase.onReady();
        } else if (event instanceof CaseEvent.DeadlineAlertRaised e) {
            CaseState.TaskState task = e.taskId() == null ? null : c.tasks.get(e.taskId());
            if (task != null && TASK_AT_RISK.equals(e.kind())) {
                task.alertedFor = e.dueDate();
            }
        }
    }

    /**
     * A signed forwarding call was handed to the forwarding pool (not an event: after a crash or a rebuild the case
     * is forwarded again, with the same idempotency key).
     */
    public static void forwarding(CaseState c) {
        Status from = c.status();
        c.phase = c.phase.onForwarding();
        report(c, from);
    }

    /** A move the lifecycle does not foresee (a rebuild folds the topics in the order they are read) is reported. */
    private static void report(CaseState c, Status from) {
        Status to = c.status();
        if (!from.mayMoveTo(to)) {
            log.log(System.Logger.Level.WARNING, "request {0}: moved from {1} to {2}, which the case lifecycle does"
                    + " not foresee", c.requestId, from, to);
        }
    }

    /** Remembers that an input event was handled, so a redelivery changes nothing. */
    public static void remember(CaseState c, String eventId) {
        c.processedEventIds.add(eventId);
        if (c.processedEventIds.size() > REMEMBERED_EVENT_IDS) {
            c.processedEventIds.remove(0);
        }
    }

    private static void outcome(CaseState c, String taskId, String systemId, Action action, Outcome outcome,
            String detail) {
        CaseState.TaskState task = c.tasks.computeIfAbsent(taskId,
                id -> new CaseState.TaskState(id, systemId, action, null, null, false));
        if (task.outcome == Outcome.COMPLETED && outcome != Outcome.COMPLETED) {
            return;
        }
        if (task.outcome == Outcome.CANCELLED && outcome != Outcome.CANCELLED && outcome != Outcome.COMPLETED) {
            return;
        }
        task.outcome = outcome;
        task.detail = detail;
    }

    private static ForwardingMode mode(String mode) {
        try {
            return ForwardingMode.valueOf(mode);
        } catch (IllegalArgumentException | NullPointerException e) {
            return ForwardingMode.MANUAL;
        }
    }
}
