package dev.rightsflow.connectors.application;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

import dev.rightsflow.connectors.model.ActorRef;
import dev.rightsflow.connectors.model.TaskRecord;
import dev.rightsflow.connectors.model.TaskStatus;
import reactor.core.publisher.Mono;

/**
 * Rebuilds task state from the topics (TASKS, then TASK_RESULTS, then CASE_COMMANDS): state only,
 * no vendor calls and no publishing. A task dispatched but without a final result comes out
 * runnable, so the runner resumes it once the rebuild is over.
 */
public final class Projections {

    private final TaskStore tasks;
    private final Duration reminderEvery;

    public Projections(TaskStore tasks, Duration reminderEvery) {
        this.tasks = tasks;
        this.reminderEvery = reminderEvery;
    }

    public Mono<Void> dispatched(TaskRecord task) {
        return tasks.insertIfAbsent(task).then();
    }

    public Mono<Void> attemptFailed(String taskId, int attemptInRun, Instant retryAt, String reason, Instant at) {
        return apply(taskId, t -> t.status() == TaskStatus.COMPLETED || t.status() == TaskStatus.FAILED || t.status().cancelled() ? null
                : t.change().status(TaskStatus.RETRY_SCHEDULED).runAttempts(attemptInRun).attempts(Math.max(t.attempts(), attemptInRun))
                        .nextAttemptAt(retryAt == null ? at : retryAt).lastReason(reason).leaseUntil(null).at(at));
    }

    public Mono<Void> completed(String taskId, boolean subjectFound, String summary, Integer records, String exportRef, String evidence,
            ActorRef actor, Instant at) {
        return apply(taskId, t -> t.change().status(TaskStatus.COMPLETED).subjectFound(subjectFound).summary(summary)
                .recordsAffected(records).exportRef(exportRef).evidence(evidence).closedBy(actor).leaseUntil(null).nextReminderAt(null)
                .pendingEvent(null).at(at));
    }

    public Mono<Void> failed(String taskId, int attempts, String reason, Instant at) {
        return apply(taskId, t -> t.status() == TaskStatus.COMPLETED || t.status().cancelled() ? null
                : t.change().status(TaskStatus.FAILED).runAttempts(attempts).attempts(Math.max(t.attempts(), attempts))
                        .lastReason(reason).leaseUntil(null).pendingEvent(null).at(at));
    }

    public Mono<Void> needsPerson(String taskId, String instructions, Instant at) {
        return apply(taskId, t -> t.status() == TaskStatus.COMPLETED || t.status().cancelled() ? null
                : t.change().status(TaskStatus.NEEDS_PERSON).lastReason(instructions.replaceFirst("^Reminder \\d+: ", ""))
                        .nextReminderAt(at.plus(reminderEvery)).leaseUntil(null).pendingEvent(null).at(at));
    }

    /** What became of a withdrawn task (TaskCancellationRecorded): cancelled, unless it had completed. */
    public Mono<Void> cancelled(String taskId, String outcome, String eventId, Instant at) {
        return apply(taskId, t -> t.status() == TaskStatus.COMPLETED ? t.change().applied(eventId).at(t.updatedAt())
                : t.change().status(TaskStatus.CANCELLED).lastReason(outcome).leaseUntil(null).nextReminderAt(null).pendingEvent(null)
                        .applied(eventId).at(at));
    }

    /** A staff retry after the failure it answers, not applied before (by its event id): the task runs again. */
    public Mono<Void> retryRequested(String taskId, String commandEventId, Instant at) {
        return apply(taskId, t -> t.hasApplied(commandEventId) || t.status() != TaskStatus.FAILED
                || (t.updatedAt() != null && at.isBefore(t.updatedAt())) ? null
                : t.change().status(TaskStatus.PENDING).run(t.run() + 1).runAttempts(0).runStartedAt(at).nextAttemptAt(at).applied(commandEventId)
                        .at(at));
    }

    private Mono<Void> apply(String taskId, Function<TaskRecord, TaskRecord> change) {
        return tasks.find(taskId).flatMap(t -> {
            TaskRecord next = change.apply(t);
            return next == null ? Mono.empty() : tasks.put(next);
        });
    }
}
