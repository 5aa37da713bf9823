package dev.rightsflow.router.cases.model;

import dev.rightsflow.router.events.model.Actor;
import dev.rightsflow.router.planning.model.ConsentWithdrawal;
import dev.rightsflow.router.planning.model.IdDeriver;
import dev.rightsflow.router.registry.model.ForwardingMode;
import dev.rightsflow.router.registry.model.Organisation;
import dev.rightsflow.router.registry.model.Registry;
import dev.rightsflow.router.registry.model.Right;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The case's decisions on staff commands and on the outcome of an OpenDSR cancellation: pure
 * functions of the case as folded so far and the command (or fact) that arrived, returning the
 * facts that follow ({@link CaseDecision.Decided}) or a rejection with its reason in words
 * ({@link CaseDecision.Rejected}). Nothing here publishes, stores or reads a clock: the
 * application passes the time and folds and publishes what comes back. Every fact's id is derived
 * from its cause ({@link IdDeriver}), so deciding a redelivered command again yields the same ids.
 */
public final class CaseDecisions {

    /** The outcomes of {@code CloseCase} that mean the subject withdrew the request (the dashboard's "withdrawn"). */
    private static final List<String> WITHDRAWN = List.of("withdrawn", "cancelled");

    private final IdDeriver ids;
    private final CaseDeadlines deadlines;

    public CaseDecisions(IdDeriver ids, CaseDeadlines deadlines) {
        this.ids = ids;
        this.deadlines = deadlines;
    }

    /**
     * The command's outcome on case {@code c}; {@code now} is when it is decided (the facts' {@code occurredAt}). A
     * command the case does not take now ({@link #whyNot}, judged on the command's own day) is rejected with that
     * reason before anything else is looked at.
     */
    public CaseDecision decide(CaseState c, CaseCommand command, Instant now) {
        if (command instanceof CaseCommand.ResolveTriage) {
            throw new IllegalArgumentException(command.type() + " is decided with the registry: resolveTriage");
        }
        Optional<String> no = whyNot(c, CaseAction.of(command), deadlines.ukDay(command.occurredAt()));
        if (no.isPresent()) {
            return reject(c, command, now, no.get());
        }
        if (command instanceof CaseCommand.AcceptRequest cmd) {
            return accept(c, cmd, now);
        } else if (command instanceof CaseCommand.RefuseRequest cmd) {
            return decided(new CaseEvent.RequestRefused(id(cmd, "RequestRefused"), c.requestId, now, cmd.actor(),
                    cmd.ground(), cmd.reason()));
        } else if (command instanceof CaseCommand.AskClarification cmd) {
            return decided(new CaseEvent.ClockPaused(id(cmd, "ClockPaused"), c.requestId, now, cmd.actor(),
                    "clarification asked (Art 12A): " + cmd.question(), cmd.occurredAt()));
        } else if (command instanceof CaseCommand.RecordClarificationReceived cmd) {
            return decided(new CaseEvent.ClockResumed(id(cmd, "ClockResumed"), c.requestId, now, cmd.actor(),
                    cmd.occurredAt()));
        } else if (command instanceof CaseCommand.ExtendDeadline cmd) {
            return decided(new CaseEvent.DeadlineExtended(id(cmd, "DeadlineExtended"), c.requestId, now, cmd.actor(),
                    cmd.reason(), deadlines.extendedDeadline(c)));
        }
        return close(c, (CaseCommand.CloseCase) command, now);
    }

    /**
     * The staff commands case {@code c} takes on {@code day}: the router states them on its clock
     * ({@code CaseClock.allowedActions}) for the dashboard to offer, and they are exactly those {@link #decide} and
     * {@link #resolveTriage} do not reject for the case's state (what a command carries, such as the controller
     * chosen in triage, is judged when it arrives).
     */
    public List<CaseAction> allowed(CaseState c, LocalDate day) {
        return Arrays.stream(CaseAction.values()).filter(a -> whyNot(c, a, day).isEmpty()).toList();
    }

    /**
     * Why case {@code c} does not take {@code action} on {@code day}, in words; empty when it does. The case's
     * lifecycle says which commands its phase allows ({@link CasePhase}); an extension is also only possible inside
     * the first month (Art 12(3)), judged on {@code day}; a triage is resolved only once.
     */
    public Optional<String> whyNot(CaseState c, CaseAction action, LocalDate day) {
        CasePhase.Step step = switch (action) {
            case ACCEPT -> c.phase.accept(null);
            case REFUSE -> c.phase.refuse(c.resolved(), null, null);
            case ASK_CLARIFICATION -> c.phase.pauseClock(c.paused());
            case RECORD_CLARIFICATION -> c.phase.resumeClock(c.paused());
            case EXTEND -> c.phase.extend(c.extended);
            case CLOSE -> c.phase.close(null, null);
            case RESOLVE_TRIAGE -> c.resolved() || c.finished() ? new CasePhase.NotAllowed(c.finished()
                    ? "the case is refused or closed" : "the request is already resolved") : new CasePhase.Next(c.phase);
        };
        if (step instanceof CasePhase.NotAllowed no) {
            return Optional.of(no.reason());
        }
        if (action == CaseAction.EXTEND && !deadlines.extensionAllowed(c, day)) {
            return Optional.of("an extension is only possible inside the first month (Art 12(3)); it ended before "
                    + day);
        }
        return Optional.empty();
    }

    /**
     * Resolving a triage: only a case not yet resolved, refused or closed, to a controller in the
     * registry; a request that arrived without a right needs the right staff chose (one of the
     * seven); consent purposes are chosen only for a consent withdrawal and must be the controller's,
     * and a withdrawal planned here (a tenant controller, or the receiver itself) whose own words
     * name none of the controller's purposes needs them chosen.
     *
     * @param namedPurposes the purposes the request itself names; null when the request has not arrived
     */
    public CaseDecision resolveTriage(CaseState c, CaseCommand.ResolveTriage cmd, Registry registry,
            List<String> namedPurposes, Instant now) {
        Optional<String> no = whyNot(c, CaseAction.RESOLVE_TRIAGE, deadlines.ukDay(cmd.occurredAt()));
        if (no.isPresent()) {
            return reject(c, cmd, now, no.get());
        }
        Organisation controller = registry.organisation(cmd.controllerId()).orElse(null);
        if (controller == null) {
            return reject(c, cmd, now, "the chosen controller " + cmd.controllerId() + " is not in the registry");
        }
        if (c.right == null && cmd.right() == null && !cmd.rightUnknown()) {
            return reject(c, cmd, now, "the request does not say which right it exercises: choose the right");
        }
        if (cmd.rightUnknown()) {
            return reject(c, cmd, now, "choose one of the seven rights");
        }
        String serviceId = cmd.serviceId() != null ? cmd.serviceId() : c.serviceId;
        boolean receiverIsProcessor = c.receivingOrganisationId != null
                && !c.receivingOrganisationId.equals(cmd.controllerId());
        List<String> chosen = cmd.consentPurposes();
        // a request that arrived without a right (a mail) takes the one staff chose here
        Right effectiveRight = c.right != null ? c.right : cmd.right();
        if (chosen != null && effectiveRight != Right.CONSENT_WITHDRAWAL) {
            return reject(c, cmd, now, "consent purposes are chosen only for a consent withdrawal");
        }
        boolean plannedHere = controller.tenant() || !receiverIsProcessor;
        if (effectiveRight == Right.CONSENT_WITHDRAWAL && plannedHere && namedPurposes != null) {
            var problem = chosen != null ? ConsentWithdrawal.invalidChoice(controller, chosen)
                    : ConsentWithdrawal.needsMapping(controller, namedPurposes)
                            .map(why -> "choose the consent purposes the subject withdraws: " + why);
            if (problem.isPresent()) {
                return reject(c, cmd, now, problem.get());
            }
        }
        return decided(new CaseEvent.ControllerResolved(id(cmd, "ControllerResolved"), c.requestId, now, cmd.actor(),
                cmd.controllerId(), serviceId, c.receivingOrganisationId, receiverIsProcessor,
                "resolved in triage by " + cmd.actor().id() + ": " + cmd.note()
                        + (chosen == null ? "" : "; consent purposes withdrawn: " + chosen) + duplicateNote(c),
                controller.division(), c.right == null ? cmd.right() : null, chosen));
    }

    /**
     * A repeated request stays a case of its own, linked to the first: staff decide whether to
     * answer it again or refuse it as manifestly unfounded or excessive because repetitive
     * (Art 12(5); ICO guidance). It is never merged silently nor auto-accepted.
     */
    public static String duplicateNote(CaseState c) {
        return c.duplicateOf == null ? "" : "; repeats request " + c.duplicateOf
                + " (linked, not merged): staff decide whether to answer it again or refuse it as repetitive (Art 12(5))";
    }

    /** Accepting (a case waiting for a decision), by staff or the controller's pre-approval webhook. */
    private CaseDecision accept(CaseState c, CaseCommand.AcceptRequest cmd, Instant now) {
        String policy = (cmd.actor().kind() == Actor.Kind.SYSTEM ? "approved by its pre-approval webhook ("
                : "accepted by staff (") + cmd.actor().id() + ")";
        return decided(new CaseEvent.RequestAccepted(id(cmd, "RequestAccepted"), c.requestId, now, cmd.actor(), policy));
    }

    /**
     * Closing, once. A withdrawal (outcome {@code withdrawn} or {@code cancelled}: by the subject, by staff
     * with a reason, or by an OpenDSR submitter's §9 DELETE) cancels every task not yet done: one
     * {@code TaskCancelled} each, before {@code CaseClosed} (a close on CASES means its cancellations were
     * acknowledged, which the reconciliation relies on). Tasks already done stay done: a completed erasure
     * is not undone, and the close's summary says so, for the case history.
     */
    private CaseDecision close(CaseState c, CaseCommand.CloseCase cmd, Instant now) {
        List<CaseEvent> events = new ArrayList<>();
        String summary = cmd.summary();
        if (withdrawn(cmd.outcome())) {
            String reason = "the request was withdrawn (" + cmd.actor().who() + ")";
            List<String> done = new ArrayList<>();
            for (CaseState.TaskState t : c.tasks.values()) {
                if (t.outcome == CaseState.Outcome.COMPLETED) {
                    done.add(t.action.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " in " + t.systemId);
                } else if (t.outcome != CaseState.Outcome.CANCELLED) {
                    events.add(new CaseEvent.TaskCancelled(ids.derive(t.taskId, "TaskCancelled"), c.requestId, now,
                            cmd.actor(), t.taskId, t.systemId, t.action, reason));
                }
            }
            if (!done.isEmpty()) {
                summary = summary + " Already done before the withdrawal, and not undone: " + String.join("; ", done)
                        + (done.stream().anyMatch(d -> d.startsWith("erase")) ? " (a completed erasure cannot be undone)."
                                : ".");
            }
        }
        events.add(new CaseEvent.CaseClosed(id(cmd, "CaseClosed"), c.requestId, now, cmd.actor(), cmd.outcome(),
                summary));
        return new CaseDecision.Decided(events);
    }

    /**
     * The outcome of the §9 cancellation call as {@code ExternalCancellationRecorded} (id derived from
     * the request: one per request); nothing when an outcome is already recorded. It names no person:
     * when the controller did not confirm, staff find its contact in the registry.
     *
     * @param failure why the call did not confirm it; ignored when {@code confirmed}
     */
    public List<CaseEvent> cancellationOutcome(CaseState c, boolean confirmed, String failure, Instant now) {
        if (c.externalCancellation != null) {
            return List.of();
        }
        String outcome = confirmed ? "the controller confirmed the cancellation (OpenDSR 2.0 §9)"
                : "the cancellation was not confirmed (" + failure
                        + "): tell the controller by hand (its contact is in the registry)";
        return List.of(new CaseEvent.ExternalCancellationRecorded(ids.derive("external-cancellation", c.requestId),
                c.requestId, now, Actor.ROUTER, c.controllerId, confirmed, outcome));
    }

    /** The alert kind of a task whose last safe dispatch date has passed while it is still open. */
    public static final String TASK_AT_RISK = "TASK_AT_RISK";

    /** Whether any task can be at risk: the case is planned and under way, and its clock runs. */
    public static boolean tasksMayBeAtRisk(CaseState c) {
        return c.phase.underWay() && !c.paused();
    }

    /**
     * The step that depends on the date: {@code DeadlineAlertRaised} kind TASK_AT_RISK for every task
     * still without a completed outcome whose last safe dispatch date is before {@code today} (the
     * holder's turnaround no longer fits before the deadline). Nothing while the clock is stopped
     * ({@link #tasksMayBeAtRisk}). Each alert once per last safe dispatch date; its id is the one
     * audit-log derives for the same fact.
     */
    public List<CaseEvent> tasksAtRisk(CaseState c, java.time.LocalDate today, Instant now) {
        List<CaseEvent> alerts = new ArrayList<>();
        if (!tasksMayBeAtRisk(c)) {
            return alerts;
        }
        for (CaseState.TaskState t : c.tasks.values()) {
            if (t.outcome != CaseState.Outcome.COMPLETED && t.lastSafeDispatch != null
                    && today.isAfter(t.lastSafeDispatch) && !t.lastSafeDispatch.equals(t.alertedFor)) {
                alerts.add(new CaseEvent.DeadlineAlertRaised(ids.derive("deadline-alert", c.requestId, TASK_AT_RISK,
                        String.valueOf(t.lastSafeDispatch), t.taskId), c.requestId, now, Actor.ROUTER, TASK_AT_RISK,
                        c.controllerId, t.lastSafeDispatch, t.taskId));
            }
        }
        return alerts;
    }

    /** Whether a {@code CloseCase} outcome means the subject withdrew the request. */
    public static boolean withdrawn(String outcome) {
        return outcome != null && WITHDRAWN.contains(outcome.trim().toLowerCase(Locale.ROOT));
    }

    /**
     * Whether the case was closed as withdrawn after it was forwarded over OpenDSR and the outcome
     * of telling the controller is not recorded yet: the §9 cancellation is (still) to be sent.
     */
    public static boolean owesExternalCancellation(CaseState c) {
        return c.phase instanceof CasePhase.Closed closed && withdrawn(closed.outcome())
                && c.forwardingMode == ForwardingMode.OPENDSR
                && c.externalCancellation == null;
    }

    /**
     * A command the case's state does not allow: {@code CommandRejected} (id derived from the
     * command's) says why, so no command is silently dropped.
     */
    public CaseDecision.Rejected reject(CaseState c, CaseCommand cmd, Instant now, String why) {
        return rejection(c, cmd.type(), cmd.eventId(), cmd.actor(), now, why);
    }

    /** {@link #reject} for a command the model does not decide itself (resolving a triage). */
    public CaseDecision.Rejected rejection(CaseState c, String commandType, String commandEventId, Actor actor,
            Instant now, String why) {
        return new CaseDecision.Rejected(new CaseEvent.CommandRejected(ids.derive(commandEventId, "CommandRejected"),
                c.requestId, now, actor, commandType, commandEventId, why));
    }

    private static CaseDecision decided(CaseEvent event) {
        return new CaseDecision.Decided(List.of(event));
    }

    private String id(CaseCommand cmd, String type) {
        return ids.derive(cmd.eventId(), type);
    }
}
