package dev.rightsflow.connectors.tasks.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import dev.rightsflow.connectors.spi.Outcome;
import dev.rightsflow.connectors.spi.TaskDetails;
import dev.rightsflow.connectors.spi.TaskSubject;
import dev.rightsflow.connectors.tasks.model.Settlement.DeadLettered.Why;
import dev.rightsflow.connectors.tasks.model.TaskRecord.PendingEvent.Kind;
import dev.rightsflow.schemas.model.Action;

/** The runner's settle decision as a table: a run's outcome and circumstances → the task's next state and its event. */
class SettlementTest {

    private static final Instant DISPATCHED = Instant.parse("2026-09-01T09:00:00Z");
    private static final Instant NOW = DISPATCHED.plus(Duration.ofMinutes(10));
    /** 3 attempts, 2 s doubling, no jitter, one hour of retrying. */
    private static final RetryPolicy POLICY = new RetryPolicy(3, Duration.ofSeconds(2), 2.0, Duration.ofMinutes(1), 0.0,
            Duration.ofHours(1));

    /** A claimed run: RUNNING under a lease, {@code runAttempts} made so far, the run begun {@code runningFor} ago. */
    private static TaskRecord claimed(int runAttempts, Duration runningFor, LocalDate deadline) {
        TaskRecord dispatched = TaskRecord.dispatched("t-1", "r-1", "ecs", "opencrm", "generic-rest", Action.ERASE, "ERASURE",
                Map.of(), new TaskSubject("Alex", "alex@example.org", null, null, Map.of()), TaskDetails.none(), List.of(),
                deadline, null, NOW.minus(runningFor));
        return dispatched.change().status(TaskStatus.RUNNING).leaseUntil(NOW.plus(Duration.ofMinutes(5)))
                .runAttempts(runAttempts).attempts(runAttempts).at(NOW);
    }

    private static Settlement.Circumstances circumstances(boolean vendorDown) {
        return new Settlement.Circumstances(NOW, "event-1", POLICY, vendorDown, Duration.ofSeconds(30), Duration.ofDays(3),
                null, () -> 0.5);
    }

    static Stream<Arguments> table() {
        LocalDate far = LocalDate.parse("2026-12-01");
        LocalDate tomorrow = LocalDate.parse("2026-09-02");
        Outcome.RetriableFailure timeout = new Outcome.RetriableFailure("vendor timed out", null);
        return Stream.of(
                // outcome, attempts in run, running for, deadline, vendor down → decision, status, event, reason
                Arguments.of(Outcome.Completed.done("1 contact deleted", 1), 1, Duration.ZERO, far, false,
                        Settlement.Completed.class, TaskStatus.COMPLETED, Kind.COMPLETED, null),
                Arguments.of(timeout, 1, Duration.ZERO, far, false,
                        Settlement.RetryScheduled.class, TaskStatus.RETRY_SCHEDULED, Kind.ATTEMPT_FAILED, "vendor timed out"),
                Arguments.of(timeout, 3, Duration.ofMinutes(5), far, false,
                        Settlement.RetryScheduled.class, TaskStatus.RETRY_SCHEDULED, Kind.ATTEMPT_FAILED, "vendor timed out"),
                Arguments.of(timeout, 3, Duration.ofHours(2), far, false,
                        Settlement.DeadLettered.class, TaskStatus.FAILED, Kind.FAILED_RETRIABLE, "vendor timed out"),
                Arguments.of(timeout, 3, Duration.ofHours(2), far, true,
                        Settlement.RetryScheduled.class, TaskStatus.RETRY_SCHEDULED, Kind.ATTEMPT_FAILED,
                        "vendor timed out (the vendor of opencrm counts as down: its tasks are paused and one probes it"
                                + " every PT30S; this attempt is not counted)"),
                Arguments.of(timeout, 1, Duration.ZERO, tomorrow, false,
                        Settlement.DeadLettered.class, TaskStatus.FAILED, Kind.FAILED_RETRIABLE,
                        "vendor timed out; retrying later would put the deadline at risk (last retry day 2026-08-31)"),
                Arguments.of(new Outcome.PermanentFailure("401: check the secret"), 1, Duration.ZERO, far, false,
                        Settlement.DeadLettered.class, TaskStatus.FAILED, Kind.FAILED_PERMANENT, "401: check the secret"),
                Arguments.of(new Outcome.NeedsPerson("export by hand"), 1, Duration.ZERO, far, false,
                        Settlement.HandedToPerson.class, TaskStatus.NEEDS_PERSON, Kind.NEEDS_PERSON, "export by hand"),
                Arguments.of(new Outcome.Pending("accepted by the processor", Duration.ofMinutes(15)), 1, Duration.ZERO, far, false,
                        Settlement.WaitingForVendor.class, TaskStatus.WAITING_FOR_VENDOR, null, "accepted by the processor"));
    }

    @ParameterizedTest(name = "{0} after {1} attempts, {2} into the run, deadline {3}, vendor down {4} -> {5}")
    @MethodSource("table")
    void anOutcomeSettlesTheRunAsTheTableSays(Outcome outcome, int runAttempts, Duration runningFor, LocalDate deadline,
            boolean vendorDown, Class<?> decision, TaskStatus status, Kind event, String reason) {
        TaskRecord claimed = claimed(runAttempts, runningFor, deadline);

        Settlement settlement = Settlement.decide(claimed, outcome, circumstances(vendorDown));

        assertThat(settlement).isInstanceOf(decision);
        TaskRecord next = ((Settlement.Settled) settlement).task();
        assertThat(next.status()).isEqualTo(status);
        assertThat(next.leaseUntil()).as("the lease ends with the run").isNull();
        assertThat(next.version()).isEqualTo(claimed.version() + 1);
        assertThat(next.updatedAt()).isEqualTo(NOW);
        assertThat(next.lastReason()).isEqualTo(reason);
        if (event == null) {
            assertThat(next.pendingEvent()).isNull();
        } else {
            assertThat(next.pendingEvent()).isEqualTo(new TaskRecord.PendingEvent(event, "event-1", NOW, reason));
        }
    }

    @Test
    void aRetryIsScheduledAfterTheBackOffAndCountsTheAttemptUnlessTheVendorIsDown() {
        Outcome.RetriableFailure failure = new Outcome.RetriableFailure("503", null);
        var counted = (Settlement.RetryScheduled) Settlement.decide(claimed(2, Duration.ZERO, null), failure, circumstances(false));
        assertThat(counted.delay()).isEqualTo(Duration.ofSeconds(4));
        assertThat(counted.task().nextAttemptAt()).isEqualTo(NOW.plusSeconds(4));
        assertThat(counted.task().runAttempts()).isEqualTo(2);

        var notCounted = (Settlement.RetryScheduled) Settlement.decide(claimed(2, Duration.ZERO, null), failure, circumstances(true));
        assertThat(notCounted.counted()).isFalse();
        assertThat(notCounted.task().runAttempts()).as("an outage's failure uses no attempt").isEqualTo(1);
        assertThat(notCounted.delay()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void whyARunWasDeadLetteredIsNamed() {
        Outcome.RetriableFailure failure = new Outcome.RetriableFailure("503", null);
        assertThat(((Settlement.DeadLettered) Settlement.decide(claimed(3, Duration.ofHours(2), null), failure,
                circumstances(false))).why()).isEqualTo(Why.RETRIES_EXHAUSTED);
        assertThat(((Settlement.DeadLettered) Settlement.decide(claimed(1, Duration.ZERO, LocalDate.parse("2026-09-02")),
                failure, circumstances(true))).why()).as("the deadline ends a run even while the vendor is down")
                .isEqualTo(Why.DEADLINE_AT_RISK);
        assertThat(((Settlement.DeadLettered) Settlement.decide(claimed(1, Duration.ZERO, null),
                new Outcome.PermanentFailure("404"), circumstances(false))).why()).isEqualTo(Why.PERMANENT_FAILURE);
    }

    @Test
    void aCompletedExportKeepsWhereItsFileWasWrittenAndAPersonIsRemindedLater() {
        Settlement.Circumstances withExport = new Settlement.Circumstances(NOW, "event-1", POLICY, false, Duration.ofSeconds(30),
                Duration.ofDays(3), "exports/t-1.bin", () -> 0.5);
        TaskRecord done = ((Settlement.Completed) Settlement.decide(claimed(1, Duration.ZERO, null),
                Outcome.Completed.notFound("no such contact"), withExport)).task();
        assertThat(done.exportRef()).isEqualTo("exports/t-1.bin");
        assertThat(done.subjectFound()).isFalse();
        assertThat(done.summary()).isEqualTo("no such contact");

        TaskRecord waiting = ((Settlement.HandedToPerson) Settlement.decide(claimed(1, Duration.ZERO, null),
                new Outcome.NeedsPerson("look in the filing cabinet"), circumstances(false))).task();
        assertThat(waiting.nextReminderAt()).isEqualTo(NOW.plus(Duration.ofDays(3)));
        assertThat(waiting.reminders()).isZero();
    }

    @Test
    void waitingForTheVendorIsNotAnAttempt() {
        TaskRecord next = ((Settlement.WaitingForVendor) Settlement.decide(claimed(2, Duration.ZERO, null),
                new Outcome.Pending("accepted", Duration.ofMinutes(15)), circumstances(false))).task();
        assertThat(next.runAttempts()).isEqualTo(1);
        assertThat(next.nextAttemptAt()).isEqualTo(NOW.plus(Duration.ofMinutes(15)));
    }

    @Test
    void eachDecisionSaysWhatBecameOfTheRunInWordsAndOnlyDeadLettersNeedAttention() {
        Outcome.RetriableFailure failure = new Outcome.RetriableFailure("503", null);
        Settlement.Settled retry = (Settlement.Settled) Settlement.decide(claimed(2, Duration.ZERO, null), failure, circumstances(false));
        assertThat(retry.inWords()).isEqualTo("attempt 2 failed, retry in PT4S: 503");
        assertThat(retry.needsAttention()).isFalse();
        Settlement.Settled paused = (Settlement.Settled) Settlement.decide(claimed(2, Duration.ZERO, null), failure, circumstances(true));
        assertThat(paused.inWords()).startsWith("attempt 2 failed while its vendor is down (not counted), retry in PT2S: 503 (");
        Settlement.Settled late = (Settlement.Settled) Settlement.decide(claimed(1, Duration.ZERO, LocalDate.parse("2026-09-02")),
                failure, circumstances(false));
        assertThat(late.inWords()).isEqualTo("dead-lettered after 1 attempts: the deadline is at risk");
        assertThat(late.needsAttention()).isTrue();
        assertThat(((Settlement.Settled) Settlement.decide(claimed(1, Duration.ZERO, null), Outcome.Completed.done("done", 1),
                circumstances(false))).inWords()).isEqualTo("completed (subject found: true)");
    }

    @Test
    void anOutcomeForATaskThatIsNotRunningIsRejected() {
        TaskRecord notClaimed = claimed(1, Duration.ZERO, null).change().status(TaskStatus.NEEDS_PERSON).at(NOW);
        assertThat(Settlement.decide(notClaimed, Outcome.Completed.done("done", 1), circumstances(false)))
                .isEqualTo(new Settlement.Rejected("the task is NEEDS_PERSON, not running: this outcome belongs to no run"));
    }
}
