package dev.rightsflow.connectors.tasks.application;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.rightsflow.connectors.tasks.model.TaskRecord;
import dev.rightsflow.connectors.tasks.model.TaskStatus;

/** Task state, keyed by task id (unique). Every change is conditioned on the version read. */
public interface TaskStore {

    /** Stores the task unless one with its id exists; emits true when this call stored it. */
    Mono<Boolean> insertIfAbsent(TaskRecord task);

    Mono<TaskRecord> find(String taskId);

    /**
     * A poll's dispatched tasks in one go: one read of which of their ids are stored already, one bulk
     * insert of the rest (a task id given twice: the first wins). An insert that collides with a task
     * stored meanwhile counts as already there, as {@link #insertIfAbsent} does. Emits the ids this call stored.
     */
    Mono<Set<String>> insertAll(List<TaskRecord> tasks);

    /** The stored tasks among these ids, by id (one read). */
    Mono<Map<String, TaskRecord>> findAll(Collection<String> taskIds);

    /**
     * A task as it was read ({@code readVersion}) and what it becomes: a bulk replace writes {@code next}
     * only where the stored version is still {@code readVersion}.
     */
    record Versioned(long readVersion, TaskRecord next) {
    }

    /** Replaces each task whose stored version is still the one read, in one bulk write; emits how many matched. */
    Mono<Integer> replaceAll(Collection<Versioned> writes);

    /**
     * Atomically takes a task that is due (runnable and its time has come, or RUNNING with an
     * expired lease) and marks it RUNNING with a lease; empty when another worker took it first.
     */
    Mono<TaskRecord> claim(String taskId, Instant now, Instant leaseUntil);

    /** Replaces the task if its stored version is {@code next.version() - 1}; emits whether it did. */
    Mono<Boolean> replace(TaskRecord next);

    /**
     * Kafka acknowledged the task's pending event {@code eventId}: clears it (the version moves on, nothing else
     * changes) in one conditional write, unless the task no longer holds that event (a newer one, or none).
     * Emits whether it did.
     */
    Mono<Boolean> acknowledge(String taskId, String eventId);

    /** Overwrites the task whatever is stored (projection rebuild only). */
    Mono<Void> put(TaskRecord task);

    /** Tasks due now, oldest first. */
    default Flux<TaskRecord> due(Instant now, int limit) {
        return due(now, limit, Set.of());
    }

    /**
     * Tasks due now, oldest first, leaving out those of the given systems (systems whose vendor is
     * paused: their tasks must not crowd the batch while they cannot be taken).
     */
    Flux<TaskRecord> due(Instant now, int limit, Set<String> exceptSystems);

    /** Runnable tasks (pending, scheduled for a retry, waiting for the vendor) of these systems, due or not. */
    Flux<TaskRecord> runnableOf(Set<String> systems);

    /**
     * Tasks waiting for a person whose reminder is due, at most {@code limit} of them (a reminder moves the task's next
     * reminder on, so the next sweep finds the next ones).
     */
    Flux<TaskRecord> remindersDue(Instant now, int limit);

    /**
     * Tasks whose result event was recorded before {@code before} and not yet acknowledged, at most {@code limit} of
     * them (an acknowledged event leaves the task, so the next sweep finds the next ones).
     */
    Flux<TaskRecord> unpublished(Instant before, int limit);

    Flux<TaskRecord> byStatus(TaskStatus status);

    Flux<TaskRecord> byRequest(String requestId);

    /**
     * Blanks the subject and the request details of every task of the request (its retention ended:
     * {@code PersonalDataErased}); the tasks' ids, states and outcomes stay. @return tasks changed
     */
    Mono<Long> erasePersonalData(String requestId);

    Mono<Long> count();

    Mono<Void> deleteAll();
}
