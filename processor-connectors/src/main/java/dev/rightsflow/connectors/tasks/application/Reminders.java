package dev.rightsflow.connectors.tasks.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.rightsflow.connectors.spi.Outcome;
import dev.rightsflow.connectors.tasks.model.TaskRecord;
import dev.rightsflow.connectors.tasks.model.TaskRecord.PendingEvent;
import dev.rightsflow.connectors.tasks.model.TaskRecord.PendingEvent.Kind;
import dev.rightsflow.schemas.Events;
import reactor.core.publisher.Mono;

/**
 * Reminders of tasks waiting for a person (NEEDS_PERSON): how often (the system's own
 * {@link Outcome.NeedsPerson#REMINDER_EVERY}, else {@code runner.reminder-every}), and one reminder, published as a
 * new NEEDS_PERSON event with its number ("Reminder 2: ...") and the next one scheduled.
 */
final class Reminders {

    private final TaskStore store;
    private final TaskChanges changes;
    private final Clock clock;
    private final RunnerSettings settings;

    Reminders(TaskStore store, TaskChanges changes, Clock clock, RunnerSettings settings) {
        this.store = store;
        this.changes = changes;
        this.clock = clock;
        this.settings = settings;
    }

    Duration every(TaskRecord task) {
        String configured = task.config().get(Outcome.NeedsPerson.REMINDER_EVERY);
        try {
            return configured == null ? settings.reminderEvery() : Duration.parse(configured);
        } catch (RuntimeException e) {
            return settings.reminderEvery();
        }
    }

    Mono<Void> remind(TaskRecord task) {
        Instant now = clock.instant();
        int n = task.reminders() + 1;
        TaskRecord next = task.change().reminders(n).nextReminderAt(now.plus(every(task)))
                .pendingEvent(new PendingEvent(Kind.NEEDS_PERSON, Events.newEventId(), now, "Reminder " + n + ": " + task.lastReason()))
                .at(now);
        return store.replace(next).flatMap(ok -> ok ? changes.afterChange(Optional.of(next)) : Mono.just(false)).then();
    }
}
