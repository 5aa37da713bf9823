package dev.rightsflow.router.cases.model;

import java.time.Instant;

import dev.rightsflow.router.cases.model.CaseState.Status;

/**
 * Where the case stands in its lifecycle, as one value: a sealed set of phases, each carrying the data of that phase
 * (and a refused or closed case the phase it left, so "already accepted" is told from "not open yet" after the case
 * moved on), so no combination of facts can describe an impossible case (opened and never received, planned and
 * closed at once, accepted while waiting for staff).
 *
 * <p>Two kinds of transition, one per fact:
 * <ul>
 *   <li>the commands' transitions ({@link #accept}, {@link #refuse}, {@link #pauseClock}, {@link #resumeClock},
 *       {@link #extend}, {@link #close}) return the next phase or the reason in words the command is not allowed
 *       ({@link Step}): the case model ({@link CaseDecisions}) answers with the fact or {@code CommandRejected};</li>
 *   <li>the facts' transitions ({@link #onForwarding}, {@link #onForwarded}, {@link #onOpened}, {@link #onAccepted},
 *       {@link #onPlanned}, {@link #onReady}, {@link #onRefused}, {@link #onClosed}) fold a fact that happened
 *       ({@link CaseFold}): a fact is never refused, and one the lifecycle does not foresee (a rebuild folds the
 *       topics in the order they are read) takes effect all the same and is reported by the fold.</li>
 * </ul>
 * Before the case forwards or opens ({@link Pending}) its status depends on facts beside the lifecycle (triage,
 * resolution, identity): {@link CaseState#status()}. Clock pauses and the extension are the deadline's facts
 * ({@link CaseState#pauses}, {@link CaseState#extended}), held beside the phase.
 */
public sealed interface CasePhase {

    /** What a command's transition leads to: the next phase, or why the command is not allowed. */
    sealed interface Step {
    }

    /** The command is allowed; the case moves to {@code phase}. */
    record Next(CasePhase phase) implements Step {
    }

    /** The command is not allowed; {@code reason} says why, in words. */
    record NotAllowed(String reason) implements Step {
    }

    /** Received, in triage, or resolved and waiting for identity: not forwarded, not opened. */
    record Pending() implements CasePhase {
    }

    /** A signed forwarding call to the controller is under way (not an event: made again after a crash). */
    record Forwarding() implements CasePhase {
    }

    /** Forwarded to a controller outside the platform at {@code at}: its case lives there. */
    record ForwardedOut(Instant at) implements CasePhase {
    }

    /**
     * Open at the controller.
     *
     * @param clockStartsAt    when the clock started: receipt, or identity verification when later
     * @param stage            how far the case has come since it opened
     * @param acceptancePolicy who or what accepted it; null until accepted
     */
    record Open(Instant clockStartsAt, Stage stage, String acceptancePolicy) implements CasePhase {
    }

    /** How far an open case has come. */
    enum Stage {
        /** Opened; the controller's policy (or the law) accepts it next, no staff decision is needed. */
        AWAITING_POLICY,
        /** Opened; staff (or the controller's pre-approval webhook) decide. */
        AWAITING_STAFF,
        ACCEPTED,
        /** Accepted and planned: its tasks are under way. */
        PLANNED,
        /** Every task has completed: the controller can answer. */
        READY
    }

    /** Refused on {@code ground} at {@code at}, from phase {@code from}. */
    record Refused(String ground, Instant at, CasePhase from) implements CasePhase {
    }

    /** Closed with {@code outcome} at {@code at}, from phase {@code from} (a refused case may still be closed). */
    record Closed(String outcome, Instant at, CasePhase from) implements CasePhase {
    }

    /** The phase of a new case. */
    static CasePhase received() {
        return new Pending();
    }

    /**
     * The status this phase shows; a {@link Pending} case shows RECEIVED here (its status in full depends on the
     * case's triage and identity facts: {@link CaseState#status()}).
     */
    default Status status() {
        if (this instanceof Forwarding) {
            return Status.FORWARDING;
        } else if (this instanceof ForwardedOut) {
            return Status.FORWARDED_EXTERNALLY;
        } else if (this instanceof Open o) {
            return switch (o.stage()) {
                case AWAITING_POLICY, AWAITING_STAFF -> Status.AWAITING_DECISION;
                case ACCEPTED, PLANNED -> Status.IN_PROGRESS;
                case READY -> Status.READY_TO_ANSWER;
            };
        } else if (this instanceof Refused) {
            return Status.REFUSED;
        } else if (this instanceof Closed) {
            return Status.CLOSED;
        }
        return Status.RECEIVED;
    }

    /** Refused or closed. */
    default boolean finished() {
        return this instanceof Refused || this instanceof Closed;
    }

    /** The phase before the case was refused or closed (this one otherwise). */
    default CasePhase beforeFinishing() {
        if (this instanceof Refused r) {
            return r.from().beforeFinishing();
        } else if (this instanceof Closed c) {
            return c.from().beforeFinishing();
        }
        return this;
    }

    /** The case opened at its controller (and may since have been refused or closed). */
    default boolean opened() {
        return beforeFinishing() instanceof Open;
    }

    /** The request was accepted (and the case may since have been refused or closed). */
    default boolean accepted() {
        return beforeFinishing() instanceof Open o && o.stage().compareTo(Stage.ACCEPTED) >= 0;
    }

    /** The case was planned (and may since have been answered, refused or closed). */
    default boolean planned() {
        return beforeFinishing() instanceof Open o && o.stage().compareTo(Stage.PLANNED) >= 0;
    }

    /** Every task completed and the case was announced ready (it may since have been closed). */
    default boolean ready() {
        return beforeFinishing() instanceof Open o && o.stage() == Stage.READY;
    }

    /** Open, waiting for staff (or the pre-approval webhook) to decide. */
    default boolean awaitingStaff() {
        return this instanceof Open o && o.stage() == Stage.AWAITING_STAFF;
    }

    /** Planned and under way, not answered, refused or closed: its tasks may fall behind. */
    default boolean underWay() {
        return this instanceof Open o && o.stage() == Stage.PLANNED;
    }

    /** Opened and not yet answered, refused or closed: the clock runs (or is stopped) for it. */
    default boolean open() {
        return this instanceof Open o && o.stage() != Stage.READY;
    }

    // ---- the commands' transitions: the next phase, or why not

    /** Accepting: only a case waiting for a decision. */
    default Step accept(String policy) {
        if (status() == Status.AWAITING_DECISION) {
            return new Next(onAccepted(policy));
        }
        return new NotAllowed(accepted() ? "the request is already accepted"
                : finished() ? "the case is refused or closed" : "the case is not open yet");
    }

    /**
     * Refusing: once the controller is resolved ({@code resolved}), in any phase but triage, answered, refused or
     * closed.
     */
    default Step refuse(boolean resolved, String ground, Instant at) {
        if (resolved && !finished() && !ready()) {
            return new Next(onRefused(ground, at));
        }
        return new NotAllowed(finished() ? "the case is already refused or closed"
                : ready() ? "every task is done: the request has been fulfilled" : "the controller is not resolved yet");
    }

    /** Stopping the clock for clarification (Art 12A): an open case, not answered, whose clock runs. */
    default Step pauseClock(boolean paused) {
        if (open() && !paused) {
            return new Next(this);
        }
        return new NotAllowed(paused ? "the clock is already stopped for clarification"
                : "the case is not open, or already answered, refused or closed");
    }

    /** Restarting the clock: only while it is stopped, the case not refused or closed. */
    default Step resumeClock(boolean paused) {
        if (paused && !finished()) {
            return new Next(this);
        }
        return new NotAllowed("the clock is not stopped: no clarification was asked for");
    }

    /** Extending (Art 12(3)): an opened case, once, not refused or closed (the first month is judged by the model). */
    default Step extend(boolean extended) {
        if (opened() && !extended && !finished()) {
            return new Next(this);
        }
        return new NotAllowed(!opened() ? "the case is not open yet"
                : extended ? "the deadline is already extended" : "the case is refused or closed");
    }

    /** Closing, once, from any phase. */
    default Step close(String outcome, Instant at) {
        if (this instanceof Closed) {
            return new NotAllowed("the case is already closed");
        }
        return new Next(onClosed(outcome, at));
    }

    // ---- the facts' transitions: a fact that happened always takes effect

    /** A signed forwarding call was started. */
    default CasePhase onForwarding() {
        return this instanceof Pending ? new Forwarding() : this;
    }

    /**
     * The request was forwarded at {@code at}: to a tenant controller (its case then opens here) or outside the
     * platform ({@code external}).
     */
    default CasePhase onForwarded(boolean external, Instant at) {
        if (this instanceof Pending || this instanceof Forwarding) {
            return external ? new ForwardedOut(at) : new Pending();
        }
        return this;
    }

    /** The case opened; {@code awaitingStaff}: staff (or the pre-approval webhook) decide. */
    default CasePhase onOpened(Instant clockStartsAt, boolean awaitingStaff) {
        return within(p -> p instanceof Open o ? new Open(clockStartsAt, o.stage(), o.acceptancePolicy())
                : new Open(clockStartsAt, awaitingStaff ? Stage.AWAITING_STAFF : Stage.AWAITING_POLICY, null));
    }

    /** The request was accepted under {@code policy}. */
    default CasePhase onAccepted(String policy) {
        return within(p -> p instanceof Open o
                ? new Open(o.clockStartsAt(), o.stage().compareTo(Stage.ACCEPTED) > 0 ? o.stage() : Stage.ACCEPTED,
                        policy)
                : new Open(null, Stage.ACCEPTED, policy));
    }

    /** The case was planned. */
    default CasePhase onPlanned() {
        return within(p -> p instanceof Open o
                ? new Open(o.clockStartsAt(), o.stage() == Stage.READY ? Stage.READY : Stage.PLANNED,
                        o.acceptancePolicy())
                : new Open(null, Stage.PLANNED, null));
    }

    /** Every task completed: the case was announced ready to answer. */
    default CasePhase onReady() {
        return within(p -> p instanceof Open o ? new Open(o.clockStartsAt(), Stage.READY, o.acceptancePolicy())
                : new Open(null, Stage.READY, null));
    }

    /** Refused on {@code ground} at {@code at} (a closed case read back out of order keeps its close). */
    default CasePhase onRefused(String ground, Instant at) {
        if (this instanceof Closed c) {
            return new Closed(c.outcome(), c.at(), c.from().onRefused(ground, at));
        }
        return new Refused(ground, at, this instanceof Refused r ? r.from() : this);
    }

    /** Closed with {@code outcome} at {@code at}. */
    default CasePhase onClosed(String outcome, Instant at) {
        return new Closed(outcome, at, this instanceof Closed c ? c.from() : this);
    }

    /**
     * A fact about the phase before the case finished, applied there (a rebuild may read it after the close): the
     * refused or closed case keeps its ending.
     */
    private CasePhase within(java.util.function.UnaryOperator<CasePhase> change) {
        if (this instanceof Refused r) {
            return new Refused(r.ground(), r.at(), r.from().within(change));
        } else if (this instanceof Closed c) {
            return new Closed(c.outcome(), c.at(), c.from().within(change));
        }
        return change.apply(this);
    }
}
