package dev.rightsflow.connectors.tasks.application;

import java.util.Optional;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rightsflow.connectors.tasks.model.TaskRecord;
import dev.rightsflow.connectors.tasks.model.TaskRecord.PendingEvent;
import dev.rightsflow.connectors.tasks.model.TaskStatus;
import reactor.core.publisher.Mono;

/**
 * How the runner changes a stored task and gets its news out: a change is applied to the latest stored version
 * (re-read on a version conflict), and the event the changed task owes Kafka ({@link TaskRecord#pendingEvent()}) is
 * published and then acknowledged in the store; a failed publication leaves it for the sweep to publish again. A
 * task that reached COMPLETED is told to the settled listener (access packages).
 */
final class TaskChanges {

    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

    private final TaskStore store;
    private final ResultPublisher publisher;
    private volatile TaskRunner.TaskSettledListener settledListener = task -> Mono.empty();

    TaskChanges(TaskStore store, ResultPublisher publisher) {
        this.store = store;
        this.publisher = publisher;
    }

    void onSettled(TaskRunner.TaskSettledListener listener) {
        this.settledListener = listener;
    }

    /** Publishes the task's pending event, then acknowledges it in the store; a failure leaves it for the next sweep. */
    Mono<Boolean> afterChange(Optional<TaskRecord> changed) {
        if (changed.isEmpty()) {
            return Mono.just(false);
        }
        TaskRecord task = changed.get();
        return publishPending(task).then(task.status() == TaskStatus.COMPLETED ? settledListener.settled(task) : Mono.empty())
                .thenReturn(true);
    }

    Mono<Void> publishPending(TaskRecord task) {
        PendingEvent event = task.pendingEvent();
        if (event == null) {
            return Mono.empty();
        }
        return publisher.publish(task)
                // The acknowledgement is not a change of state: updatedAt keeps the time of the outcome,
                // which is what a staff command is compared with. One conditional write (no read of the task first).
                .then(store.acknowledge(task.taskId(), event.eventId()))
                .then()
                .onErrorResume(e -> {
                    log.warn("event {} of task {} not acknowledged yet, will publish again: {}", event.kind(), task.taskId(), e.toString());
                    return Mono.empty();
                });
    }

    /** Applies a change to the latest stored version, re-reading on a version conflict. */
    Mono<Optional<TaskRecord>> update(String taskId, Function<TaskRecord, TaskRecord> change) {
        return Mono.defer(() -> store.find(taskId)
                .flatMap(current -> {
                    TaskRecord next = change.apply(current);
                    if (next == null) {
                        return Mono.just(Optional.<TaskRecord>empty());
                    }
                    return store.replace(next).flatMap(ok -> ok ? Mono.just(Optional.of(next)) : Mono.error(new VersionConflict()));
                })
                .defaultIfEmpty(Optional.empty()))
                .retryWhen(reactor.util.retry.Retry.max(5).filter(VersionConflict.class::isInstance));
    }

    private static final class VersionConflict extends RuntimeException {
        VersionConflict() {
            super(null, null, false, false);
        }
    }
}
