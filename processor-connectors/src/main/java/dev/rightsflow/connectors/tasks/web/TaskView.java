package dev.rightsflow.connectors.tasks.web;

import java.time.Instant;

import dev.rightsflow.connectors.tasks.model.TaskRecord;


/** A task as staff see it over HTTP: ids, state and reasons only, never the subject's data. */
public record TaskView(String taskId, String requestId, String controllerId, String systemId, String connector, String action,
        String right, String status, int attempts, int run, int attemptsThisRun, Instant nextAttemptAt, String reason,
        Boolean subjectFound, String summary, Integer recordsAffected, boolean confirmedByPerson, int reminders, Instant updatedAt) {

    static TaskView of(TaskRecord t) {
        return new TaskView(t.taskId(), t.requestId(), t.controllerId(), t.systemId(), t.connector(), t.action().name(), t.right(),
                t.status().name(), t.attempts(), t.run(), t.runAttempts(), t.nextAttemptAt(), t.lastReason(), t.subjectFound(),
                t.summary(), t.recordsAffected(), t.evidence() != null, t.reminders(), t.updatedAt());
    }
}
