package dev.rightsflow.auditlog.cases.model;

/** Where a request stands, as the dashboard shows it. */
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
}
