package dev.rightsflow.connectors.tasks.model;

import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

import dev.rightsflow.connectors.spi.Outcome;
import dev.rightsflow.connectors.tasks.model.TaskRecord.PendingEvent.Kind;
import dev.rightsflow.connectors.tasks.model.TaskRecord.PendingEvent;


/**
 * What one run's outcome makes of its task: the decision the runner takes after a connector answered, as a pure
 * function ({@link #decide}) from the claimed task, the connector's {@link Outcome} and the circumstances (time,
 * retry policy, whether the vendor counts as down) to a past-tense record holding the task's next state with the
 * event it owes Kafka, or a {@link Rejected rejection} when the task was not a claimed run. The runner loads, calls
 * this, stores the record (version-conditioned) and publishes its event; it keeps the I/O (the export's file, the
 * store, Kafka) and the logging.
 *
 * <p>The rules (Kafka Connect's retry contract, UK GDPR Art 12(3) deadline):
 * <ol>
 * <li>{@code Completed}: the task is done; its pending event is {@code COMPLETED}.</li>
 * <li>{@code RetriableFailure}: while the vendor counts as down ({@code vendorDown}) the attempt is not counted. If
 * the next attempt would come after the last day a retry may happen ({@link DeadlineGuard}) the task is dead-lettered
 * at once; else if both retry budgets are used ({@link RetryPolicy#exhausted(int, Duration)}, never while the vendor
 * is down) it is dead-lettered; else it is rescheduled with back-off ({@code ATTEMPT_FAILED}).</li>
 * <li>{@code PermanentFailure}: dead-lettered ({@code FAILED_PERMANENT}).</li>
 * <li>{@code NeedsPerson}: waits for a person, reminders counted from now.</li>
 * <li>{@code Pending}: waits for the vendor; not an attempt, and nothing to publish.</li>
 * </ol>
 */
public sealed interface Settlement {

    /**
     * The circumstances a decision depends on, passed in so that the decision stays pure.
     *
     * @param now           when the outcome is settled
     * @param eventId       the id of the event the decision owes Kafka (minted by the caller, stored with the task)
     * @param retry         the retry policy of the task's lane
     * @param vendorDown    whether the system's vendor counts as down after this call (its breaker is not closed)
     * @param probeEvery    how often a paused vendor is probed (for the reason staff read)
     * @param reminderEvery how often a person is reminded of a task waiting for them
     * @param exportRef     where a completed export's file was written (null when none)
     * @param random        numbers in [0, 1) for the back-off's jitter
     */
    record Circumstances(Instant now, String eventId, RetryPolicy retry, boolean vendorDown, Duration probeEvery,
            Duration reminderEvery, String exportRef, DoubleSupplier random) {
    }

    /** A decision that settles the run: the task's next state, to be stored and its event published. */
    sealed interface Settled extends Settlement {
        /** The task as it is to be stored (version bumped, lease ended, with its pending event if any). */
        TaskRecord task();

        /** Whether a person should look (a dead letter), which the runner logs as a warning. */
        default boolean needsAttention() {
            return false;
        }

        /** What became of the run, in words without personal data (the runner's log line after the task id). */
        String inWords();
    }

    /** The connector did the work. */
    record Completed(TaskRecord task) implements Settled {
        @Override
        public String inWords() {
            return "completed (subject found: " + task.subjectFound() + ")";
        }
    }

    /** The run failed in a way a retry may fix and another attempt is scheduled at {@code task().nextAttemptAt()}. */
    record RetryScheduled(TaskRecord task, Duration delay, boolean counted) implements Settled {
        @Override
        public String inWords() {
            return "attempt " + (counted ? task.runAttempts() : task.runAttempts() + 1) + " failed"
                    + (counted ? "" : " while its vendor is down (not counted)") + ", retry in " + delay + ": " + task.lastReason();
        }
    }

    /** The task became a dead letter (a person decides what next); {@code why} says which rule ended it. */
    record DeadLettered(TaskRecord task, Why why) implements Settled {
        /** Which rule ended the run. */
        public enum Why { PERMANENT_FAILURE, RETRIES_EXHAUSTED, DEADLINE_AT_RISK }

        @Override
        public boolean needsAttention() {
            return true;
        }

        @Override
        public String inWords() {
            return switch (why) {
                case PERMANENT_FAILURE -> "failed permanently: " + task.lastReason();
                case DEADLINE_AT_RISK -> "dead-lettered after " + task.runAttempts() + " attempts: the deadline is at risk";
                case RETRIES_EXHAUSTED -> "dead-lettered after " + task.runAttempts() + " attempts: " + task.lastReason();
            };
        }
    }

    /** The connector handed the task to a person. */
    record HandedToPerson(TaskRecord task) implements Settled {
        @Override
        public String inWords() {
            return "needs a person";
        }
    }

    /** The vendor accepted the work and finishes later; the runner checks again at {@code task().nextAttemptAt()}. */
    record WaitingForVendor(TaskRecord task, Duration checkAfter) implements Settled {
        @Override
        public String inWords() {
            return "waits for the vendor; next check in " + checkAfter;
        }
    }

    /** No run of this task was under way, so the outcome changes nothing (the reason, in words, for the log). */
    record Rejected(String reason) implements Settlement {
    }

    /** The decision for one run's outcome; see the class comment for the rules. */
    static Settlement decide(TaskRecord claimed, Outcome outcome, Circumstances c) {
        if (claimed.status() != TaskStatus.RUNNING) {
            return new Rejected("the task is " + claimed.status() + ", not running: this outcome belongs to no run");
        }
        Instant now = c.now();
        TaskRecord.Builder next = claimed.change().leaseUntil(null);
        if (outcome instanceof Outcome.Completed done) {
            return new Completed(next.status(TaskStatus.COMPLETED).subjectFound(done.subjectFound()).summary(done.summary())
                    .recordsAffected(done.recordsAffected()).exportRef(c.exportRef()).lastReason(null)
                    .pendingEvent(new PendingEvent(Kind.COMPLETED, c.eventId(), now, null)).at(now));
        }
        if (outcome instanceof Outcome.RetriableFailure failure) {
            return retriable(claimed, failure, next, c);
        }
        if (outcome instanceof Outcome.PermanentFailure failure) {
            return new DeadLettered(next.status(TaskStatus.FAILED).lastReason(failure.reason())
                    .pendingEvent(new PendingEvent(Kind.FAILED_PERMANENT, c.eventId(), now, failure.reason())).at(now),
                    DeadLettered.Why.PERMANENT_FAILURE);
        }
        if (outcome instanceof Outcome.NeedsPerson person) {
            return new HandedToPerson(next.status(TaskStatus.NEEDS_PERSON).lastReason(person.instructions()).reminders(0)
                    .nextReminderAt(now.plus(c.reminderEvery()))
                    .pendingEvent(new PendingEvent(Kind.NEEDS_PERSON, c.eventId(), now, person.instructions())).at(now));
        }
        Outcome.Pending pending = (Outcome.Pending) outcome;
        // Waiting for the vendor is not a failed attempt: it does not use up the retry budget.
        return new WaitingForVendor(next.status(TaskStatus.WAITING_FOR_VENDOR).runAttempts(claimed.runAttempts() - 1)
                .nextAttemptAt(now.plus(pending.checkAfter())).lastReason(pending.note()).pendingEvent(null).at(now),
                pending.checkAfter());
    }

    private static Settlement retriable(TaskRecord claimed, Outcome.RetriableFailure failure, TaskRecord.Builder next,
            Circumstances c) {
        Instant now = c.now();
        // While the vendor counts as down this failure is the outage's, not the task's: it uses no attempt.
        int counted = c.vendorDown() ? claimed.runAttempts() - 1 : claimed.runAttempts();
        Duration delay = c.retry().delayAfter(Math.max(1, counted), failure.retryAfter(), c.random());
        if (DeadlineGuard.atRisk(claimed, now.plus(delay))) {
            String reason = failure.reason() + "; retrying later would put the deadline at risk (last retry day "
                    + DeadlineGuard.lastRetryDay(claimed) + ")";
            return new DeadLettered(next.status(TaskStatus.FAILED).lastReason(reason)
                    .pendingEvent(new PendingEvent(Kind.FAILED_RETRIABLE, c.eventId(), now, reason)).at(now),
                    DeadLettered.Why.DEADLINE_AT_RISK);
        }
        if (!c.vendorDown() && c.retry().exhausted(claimed.runAttempts(), Duration.between(claimed.runStartedAt(), now))) {
            return new DeadLettered(next.status(TaskStatus.FAILED).lastReason(failure.reason())
                    .pendingEvent(new PendingEvent(Kind.FAILED_RETRIABLE, c.eventId(), now, failure.reason())).at(now),
                    DeadLettered.Why.RETRIES_EXHAUSTED);
        }
        String reason = c.vendorDown() ? failure.reason() + " (the vendor of " + claimed.systemId()
                + " counts as down: its tasks are paused and one probes it every " + c.probeEvery()
                + "; this attempt is not counted)" : failure.reason();
        return new RetryScheduled(next.status(TaskStatus.RETRY_SCHEDULED).runAttempts(counted).nextAttemptAt(now.plus(delay))
                .lastReason(reason).pendingEvent(new PendingEvent(Kind.ATTEMPT_FAILED, c.eventId(), now, reason)).at(now),
                delay, !c.vendorDown());
    }
}
