package dev.rightsflow.connectors.tasks.application;

import java.time.Instant;
import java.util.List;

import reactor.core.publisher.Mono;

import dev.rightsflow.connectors.tasks.model.ActorRef;
import dev.rightsflow.connectors.tasks.model.TaskRecord;

/**
 * Publishes what the runner and access packages decide. Every call completes when the broker has
 * acknowledged the event; event ids are chosen by the caller so a republished event is the same
 * event.
 */
public interface ResultPublisher {

    /** The task's {@link TaskRecord#pendingEvent()} as its event (TaskCompleted, TaskAttemptFailed, TaskFailed, TaskNeedsPerson). */
    Mono<Void> publish(TaskRecord task);

    Mono<Void> packageReady(String requestId, String packageId, List<String> systems, Instant expiresAt, String eventId, Instant at);

    Mono<Void> packageDownloaded(String requestId, String packageId, String eventId, Instant at);

    /**
     * Publishes the staff command RetryTask with this event id, for the one-click retry of a dead
     * letter (the runner applies each command id once).
     */
    Mono<Void> retryRequested(String requestId, String taskId, String commandEventId, ActorRef staff, Instant at);
}
