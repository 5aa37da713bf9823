package dev.rightsflow.auditlog.cases.model;

/** The state of one task on one system, from CasePlanned / TASKS / TASK_RESULTS. */
public enum TaskState {
    PLANNED, DISPATCHED, RETRYING, NEEDS_PERSON, COMPLETED, FAILED,
    /** the request was withdrawn before the task was done (TaskCancelled, TaskCancellationRecorded) */
    CANCELLED;

    /** a task with an outcome: completed. Failed and waiting tasks keep the case open. */
    public boolean done() {
        return this == COMPLETED;
    }
}
