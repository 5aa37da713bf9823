package dev.rightsflow.auditlog.cases.model;

import java.util.Optional;

/**
 * Where a request stands, as the dashboard shows it: the router's case status in audit-log's words. The router owns
 * the status and states it with each of its case events once the case is open (the {@code clock}'s {@code status},
 * {@link RouterDeadline#status}); {@link #ofRouter} reads it, and {@link CaseFile} shows it as stated. Audit-log's own
 * fold decides only where the router states none: before the case opens (received, awaiting identity, triage, a
 * request closed or refused before it opened) and for history written before the router stated it (a request
 * forwarded outside the platform by a v1 {@code RequestForwarded}, which carried no clock; from v2 it states
 * {@code FORWARDED_EXTERNALLY}). {@link #PAUSED} is presentation: an open case (awaiting a decision or in progress) whose clock the
 * router states as stopped for clarification.
 */
public enum CaseStatus {
    /** received, controller not yet known */
    RECEIVED,
    /** identity evidence asked for and not yet given (Art 12(6)) */
    AWAITING_IDENTITY,
    /** nobody could resolve the controller: staff must (triage queue) */
    TRIAGE,
    /** forwarded by a processor to the controller outside the platform */
    FORWARDED,
    /** case opened, waiting for the controller's decision to accept or refuse */
    AWAITING_DECISION,
    /** accepted, tasks running */
    IN_PROGRESS,
    /** the clock is stopped while clarification is awaited (Art 12A) */
    PAUSED,
    /** every task has an outcome: the controller can answer */
    READY_TO_ANSWER,
    /** refused as manifestly unfounded or excessive (Art 12(5)) */
    REFUSED,
    CLOSED;

    public boolean open() {
        return this != CLOSED && this != REFUSED;
    }

    /**
     * The router's stated status (its {@code CaseState.Status} by name) in the dashboard's words; empty for a status
     * this version does not know (a newer router's), which leaves the status to audit-log's own fold.
     *
     * @param paused the router states the clock as stopped for clarification (Art 12A): an open case shows as paused
     */
    public static Optional<CaseStatus> ofRouter(String routerStatus, boolean paused) {
        if (routerStatus == null) {
            return Optional.empty();
        }
        CaseStatus status = switch (routerStatus) {
            case "RECEIVED", "FORWARDING" -> RECEIVED;
            case "TRIAGE" -> TRIAGE;
            case "AWAITING_IDENTITY" -> AWAITING_IDENTITY;
            case "FORWARDED_EXTERNALLY" -> FORWARDED;
            case "AWAITING_DECISION" -> paused ? PAUSED : AWAITING_DECISION;
            case "IN_PROGRESS" -> paused ? PAUSED : IN_PROGRESS;
            case "READY_TO_ANSWER" -> READY_TO_ANSWER;
            case "REFUSED" -> REFUSED;
            case "CLOSED" -> CLOSED;
            default -> null;
        };
        return Optional.ofNullable(status);
    }
}
