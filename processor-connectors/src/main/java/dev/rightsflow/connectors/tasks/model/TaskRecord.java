package dev.rightsflow.connectors.tasks.model;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.rightsflow.connectors.spi.TaskDetails;
import dev.rightsflow.connectors.spi.TaskSubject;
import dev.rightsflow.schemas.model.Action;

/**
 * One task as the runner holds it, keyed by its task id. The subject and details are personal
 * data kept only to run the task; they never appear in logs or in the task views served over HTTP.
 *
 * @param attempts     attempts made in all runs
 * @param run          1 for the first dispatch; +1 for every staff retry of a dead letter
 * @param runAttempts  attempts made in the current run (the retry limit counts these)
 * @param version      optimistic-concurrency counter; every change increments it
 * @param pendingEvent the result event recorded but not yet acknowledged by Kafka (null when none):
 *                     the runner publishes it again until it is
 * @param appliedCommands event ids of the staff commands already applied to this task
 *                     ({@code RetryTask}, {@code ConfirmManualTask}), newest last, the last
 *                     {@value #COMMANDS_KEPT} kept: a redelivered command is recognised by its id
 * @param runStartedAt when the current run began (the dispatch, or the staff retry that started
 *                     it): the retry policy's time budget counts from here
 * @param lastSafeDispatch the last day the task can leave and still come back before the case's
 *                     deadline (from {@code TaskDispatched}); null when the holder's turnaround is unknown
 */
public record TaskRecord(
        String taskId, String requestId, String controllerId, String systemId, String connector, Action action, String right,
        Map<String, String> config, TaskSubject subject, TaskDetails details, List<String> dataCategories, LocalDate deadline,
        Instant dispatchedAt,
        TaskStatus status, int attempts, int run, int runAttempts, long version,
        Instant nextAttemptAt, Instant leaseUntil, String lastReason,
        Boolean subjectFound, String summary, Integer recordsAffected, String exportRef, String evidence, ActorRef closedBy,
        Instant nextReminderAt, int reminders, PendingEvent pendingEvent, Instant updatedAt, List<String> appliedCommands,
        Instant runStartedAt, LocalDate lastSafeDispatch) {

    /** How many applied command ids a task keeps (staff commands on one task are few). */
    public static final int COMMANDS_KEPT = 100;

    public TaskRecord {
        config = config == null ? Map.of() : Map.copyOf(config);
        dataCategories = dataCategories == null ? List.of() : List.copyOf(dataCategories);
        appliedCommands = appliedCommands == null ? List.of() : List.copyOf(appliedCommands);
        runStartedAt = runStartedAt == null ? dispatchedAt : runStartedAt;
    }

    /** Whether the command with this event id was already applied to the task. */
    public boolean hasApplied(String commandEventId) {
        return commandEventId != null && appliedCommands.contains(commandEventId);
    }

    /**
     * The result event a state change owes Kafka. Its id is minted when the outcome is decided and
     * stored with it, so a republished event keeps its id while every new fact (a second failure
     * after a staff retry, another failed attempt) has an id of its own: no counter that a rebuild
     * could reconstruct differently takes part in it.
     */
    public record PendingEvent(Kind kind, String eventId, Instant occurredAt, String text) {
        public enum Kind { COMPLETED, ATTEMPT_FAILED, FAILED_RETRIABLE, FAILED_PERMANENT, NEEDS_PERSON,
            /** the withdrawal stopped the task: nothing more happens at the system because of it */
            CANCELLED,
            /** the task was withdrawn but was already sent (or done): it could not be stopped */
            NOT_CANCELLED }
    }

    /** A newly dispatched task, due at once. */
    public static TaskRecord dispatched(String taskId, String requestId, String controllerId, String systemId, String connector,
            Action action, String right, Map<String, String> config, TaskSubject subject, TaskDetails details,
            List<String> dataCategories, LocalDate deadline, Instant dispatchedAt) {
        return dispatched(taskId, requestId, controllerId, systemId, connector, action, right, config, subject, details, dataCategories,
                deadline, null, dispatchedAt);
    }

    /** A newly dispatched task, due at once, with the last day it can safely leave (null: unknown). */
    public static TaskRecord dispatched(String taskId, String requestId, String controllerId, String systemId, String connector,
            Action action, String right, Map<String, String> config, TaskSubject subject, TaskDetails details,
            List<String> dataCategories, LocalDate deadline, LocalDate lastSafeDispatch, Instant dispatchedAt) {
        return new TaskRecord(taskId, requestId, controllerId, systemId, connector, action, right, config, subject, details,
                dataCategories, deadline, dispatchedAt, TaskStatus.PENDING, 0, 1, 0, 0, dispatchedAt, null, null,
                null, null, null, null, null, null, null, 0, null, dispatchedAt, List.of(), dispatchedAt, lastSafeDispatch);
    }

    public Builder change() {
        return new Builder(this);
    }

    /** Copy-with for the mutable part of the state; every copy bumps the version. */
    public static final class Builder {
        private final TaskRecord t;
        private TaskStatus status;
        private int attempts;
        private int run;
        private int runAttempts;
        private Instant nextAttemptAt;
        private Instant leaseUntil;
        private String lastReason;
        private Boolean subjectFound;
        private String summary;
        private Integer recordsAffected;
        private String exportRef;
        private String evidence;
        private ActorRef closedBy;
        private Instant nextReminderAt;
        private int reminders;
        private PendingEvent pendingEvent;
        private final List<String> appliedCommands;
        private Instant runStartedAt;

        private Builder(TaskRecord t) {
            this.t = t;
            status = t.status;
            attempts = t.attempts;
            run = t.run;
            runAttempts = t.runAttempts;
            nextAttemptAt = t.nextAttemptAt;
            leaseUntil = t.leaseUntil;
            lastReason = t.lastReason;
            subjectFound = t.subjectFound;
            summary = t.summary;
            recordsAffected = t.recordsAffected;
            exportRef = t.exportRef;
            evidence = t.evidence;
            closedBy = t.closedBy;
            nextReminderAt = t.nextReminderAt;
            reminders = t.reminders;
            pendingEvent = t.pendingEvent;
            appliedCommands = new ArrayList<>(t.appliedCommands);
            runStartedAt = t.runStartedAt;
        }

        public Builder status(TaskStatus v) { status = v; return this; }
        public Builder attempts(int v) { attempts = v; return this; }
        public Builder run(int v) { run = v; return this; }
        public Builder runAttempts(int v) { runAttempts = v; return this; }
        public Builder nextAttemptAt(Instant v) { nextAttemptAt = v; return this; }
        public Builder leaseUntil(Instant v) { leaseUntil = v; return this; }
        public Builder lastReason(String v) { lastReason = v; return this; }
        public Builder subjectFound(Boolean v) { subjectFound = v; return this; }
        public Builder summary(String v) { summary = v; return this; }
        public Builder recordsAffected(Integer v) { recordsAffected = v; return this; }
        public Builder exportRef(String v) { exportRef = v; return this; }
        public Builder evidence(String v) { evidence = v; return this; }
        public Builder closedBy(ActorRef v) { closedBy = v; return this; }
        public Builder nextReminderAt(Instant v) { nextReminderAt = v; return this; }
        public Builder reminders(int v) { reminders = v; return this; }
        public Builder pendingEvent(PendingEvent v) { pendingEvent = v; return this; }
        public Builder runStartedAt(Instant v) { runStartedAt = v; return this; }

        /** Records that the command with this event id has been applied (the oldest ids beyond {@link #COMMANDS_KEPT} go). */
        public Builder applied(String commandEventId) {
            if (commandEventId != null && !appliedCommands.contains(commandEventId)) {
                appliedCommands.add(commandEventId);
                while (appliedCommands.size() > COMMANDS_KEPT) {
                    appliedCommands.remove(0);
                }
            }
            return this;
        }

        public TaskRecord at(Instant now) {
            return new TaskRecord(t.taskId, t.requestId, t.controllerId, t.systemId, t.connector, t.action, t.right, t.config,
                    t.subject, t.details, t.dataCategories, t.deadline, t.dispatchedAt, status, attempts, run, runAttempts,
                    t.version + 1, nextAttemptAt, leaseUntil, lastReason, subjectFound, summary, recordsAffected, exportRef, evidence,
                    closedBy, nextReminderAt, reminders, pendingEvent, now, appliedCommands, runStartedAt, t.lastSafeDispatch);
        }
    }
}
