package dev.rightsflow.connectors.tasks.application;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import reactor.core.publisher.Mono;

import dev.rightsflow.connectors.tasks.model.ActorRef;
import dev.rightsflow.connectors.tasks.model.TaskRecord;
import dev.rightsflow.connectors.tasks.model.TaskStatus;

/**
 * Rebuilds task state from the topics (TASKS, then TASK_RESULTS, then CASE_COMMANDS): state only,
 * no vendor calls and no publishing. A task dispatched but without a final result comes out
 * runnable, so the runner resumes it once the rebuild is over. Each result is a {@link Change} of its
 * task, applied one at a time ({@link #apply}) or a poll's at once ({@link #applyAll}: one read, the
 * changes in order in memory, one version-conditioned bulk write), with the same outcome.
 */
public final class Projections {

    private final TaskStore tasks;
    private final Duration reminderEvery;

    public Projections(TaskStore tasks, Duration reminderEvery) {
        this.tasks = tasks;
        this.reminderEvery = reminderEvery;
    }

    /**
     * What one result does to its task: {@code next} gives the task's next state from its current one,
     * or null when the result changes nothing (e.g. an attempt's failure folded after the task completed).
     */
    public record Change(String taskId, Function<TaskRecord, TaskRecord> next) {
    }

    public Mono<Void> dispatched(TaskRecord task) {
        return tasks.insertIfAbsent(task).then();
    }

    /** A poll's dispatched tasks: one read and one bulk insert of those not stored yet. */
    public Mono<Set<String>> dispatchedAll(List<TaskRecord> dispatched) {
        return tasks.insertAll(dispatched);
    }

    public Change attemptFailed(String taskId, int attemptInRun, Instant retryAt, String reason, Instant at) {
        return new Change(taskId, t -> t.status() == TaskStatus.COMPLETED || t.status() == TaskStatus.FAILED || t.status().cancelled() ? null
                : t.change().status(TaskStatus.RETRY_SCHEDULED).runAttempts(attemptInRun).attempts(Math.max(t.attempts(), attemptInRun))
                        .nextAttemptAt(retryAt == null ? at : retryAt).lastReason(reason).leaseUntil(null).at(at));
    }

    public Change completed(String taskId, boolean subjectFound, String summary, Integer records, String exportRef, String evidence,
            ActorRef actor, Instant at) {
        return new Change(taskId, t -> t.change().status(TaskStatus.COMPLETED).subjectFound(subjectFound).summary(summary)
                .recordsAffected(records).exportRef(exportRef).evidence(evidence).closedBy(actor).leaseUntil(null).nextReminderAt(null)
                .pendingEvent(null).at(at));
    }

    public Change failed(String taskId, int attempts, String reason, Instant at) {
        return new Change(taskId, t -> t.status() == TaskStatus.COMPLETED || t.status().cancelled() ? null
                : t.change().status(TaskStatus.FAILED).runAttempts(attempts).attempts(Math.max(t.attempts(), attempts))
                        .lastReason(reason).leaseUntil(null).pendingEvent(null).at(at));
    }

    public Change needsPerson(String taskId, String instructions, Instant at) {
        return new Change(taskId, t -> t.status() == TaskStatus.COMPLETED || t.status().cancelled() ? null
                : t.change().status(TaskStatus.NEEDS_PERSON).lastReason(instructions.replaceFirst("^Reminder \\d+: ", ""))
                        .nextReminderAt(at.plus(reminderEvery)).leaseUntil(null).pendingEvent(null).at(at));
    }

    /** What became of a withdrawn task (TaskCancellationRecorded): cancelled, unless it had completed. */
    public Change cancelled(String taskId, String outcome, String eventId, Instant at) {
        return new Change(taskId, t -> t.status() == TaskStatus.COMPLETED ? t.change().applied(eventId).at(t.updatedAt())
                : t.change().status(TaskStatus.CANCELLED).lastReason(outcome).leaseUntil(null).nextReminderAt(null).pendingEvent(null)
                        .applied(eventId).at(at));
    }

    /** A staff retry after the failure it answers, not applied before (by its event id): the task runs again. */
    public Change retryRequested(String taskId, String commandEventId, Instant at) {
        return new Change(taskId, t -> t.hasApplied(commandEventId) || t.status() != TaskStatus.FAILED
                || (t.updatedAt() != null && at.isBefore(t.updatedAt())) ? null
                : t.change().status(TaskStatus.PENDING).run(t.run() + 1).runAttempts(0).runStartedAt(at).nextAttemptAt(at).applied(commandEventId)
                        .at(at));
    }

    /** Applies one change to the task as stored (a task not stored: nothing). */
    public Mono<Void> apply(Change change) {
        return tasks.find(change.taskId()).flatMap(t -> {
            TaskRecord next = change.next().apply(t);
            return next == null ? Mono.empty() : tasks.put(next);
        });
    }

    /**
     * Applies the changes in order, as {@link #apply} one after the other would: one read of their tasks,
     * the changes folded in memory, one bulk write of each changed task's last state, conditioned on the
     * version read. Errors when a change fails or a task changed meanwhile (nothing, or some tasks,
     * written): the caller applies them again one at a time, which is idempotent.
     */
    public Mono<Void> applyAll(List<Change> changes) {
        Set<String> ids = new LinkedHashSet<>();
        changes.forEach(c -> ids.add(c.taskId()));
        return tasks.findAll(ids).flatMap(stored -> {
            Map<String, TaskRecord> current = new HashMap<>(stored);
            Map<String, TaskRecord> changed = new LinkedHashMap<>();
            for (Change change : changes) {
                TaskRecord task = current.get(change.taskId());
                TaskRecord next = task == null ? null : change.next().apply(task);
                if (next != null) {
                    current.put(change.taskId(), next);
                    changed.put(change.taskId(), next);
                }
            }
            List<TaskStore.Versioned> writes = new ArrayList<>(changed.size());
            changed.forEach((id, next) -> writes.add(new TaskStore.Versioned(stored.get(id).version(), next)));
            return tasks.replaceAll(writes).flatMap(matched -> matched == writes.size() ? Mono.<Void>empty()
                    : Mono.error(new IllegalStateException((writes.size() - matched) + " of " + writes.size()
                            + " task(s) changed while their results were folded")));
        });
    }
}
