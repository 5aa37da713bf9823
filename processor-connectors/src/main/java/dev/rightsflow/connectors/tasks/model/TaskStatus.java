package dev.rightsflow.connectors.tasks.model;

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
 * <p>When its request is withdrawn ({@code TaskCancelled}) a task not yet done becomes CANCELLED
 * at once (never sent, taken off staff's to-do list, or in flight: then its late outcome is dropped),
 * or, when the vendor is working on it (WAITING_FOR_VENDOR), CANCELLING until the runner has asked
 * the vendor to cancel it ({@code Connector.cancel}), then CANCELLED. A COMPLETED task stays completed.
 */
public enum TaskStatus {
    PENDING, RUNNING, RETRY_SCHEDULED, WAITING_FOR_VENDOR, NEEDS_PERSON, COMPLETED, FAILED, CANCELLING, CANCELLED;

    /** Whether the runner picks the task up when its time has come. */
    public boolean runnable() {
        return this == PENDING || this == RETRY_SCHEDULED || this == WAITING_FOR_VENDOR;
    }

    /** Withdrawn: being cancelled at the vendor, or cancelled. */
    public boolean cancelled() {
        return this == CANCELLING || this == CANCELLED;
    }

    public boolean terminal() {
        return this == COMPLETED || this == CANCELLED;
    }
}
