package dev.rightsflow.connectors.model;

/**
 * Where a task stands in the runner.
 * <pre>
 * PENDING ──claim──▶ RUNNING ──Completed──────────▶ COMPLETED
 *    ▲                  │ ├──RetriableFailure────▶ RETRY_SCHEDULED ──due──▶ RUNNING
 *    │                  │ ├──Pending─────────────▶ WAITING_FOR_VENDOR ──due/callback──▶ RUNNING
 *    │                  │ ├──NeedsPerson─────────▶ NEEDS_PERSON ──ConfirmManualTask──▶ COMPLETED
 *    │                  │ └──Permanent / retries out──▶ FAILED (dead letter)
 *    └──────────── RetryTask (from FAILED) ◀─────────────────┘
 * </pre>
 * A RUNNING task whose lease expired (the runner stopped mid-call) is due again.
 */
public enum TaskStatus {
    PENDING, RUNNING, RETRY_SCHEDULED, WAITING_FOR_VENDOR, NEEDS_PERSON, COMPLETED, FAILED;

    /** Whether the runner picks the task up when its time has come. */
    public boolean runnable() {
        return this == PENDING || this == RETRY_SCHEDULED || this == WAITING_FOR_VENDOR;
    }

    public boolean terminal() {
        return this == COMPLETED;
    }
}
