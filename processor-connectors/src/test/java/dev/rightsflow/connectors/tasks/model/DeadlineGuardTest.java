package dev.rightsflow.connectors.tasks.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rightsflow.connectors.spi.TaskDetails;
import dev.rightsflow.connectors.spi.TaskSubject;
import dev.rightsflow.schemas.model.Action;

/** A retry that would come too late for the case's deadline is not scheduled: the task goes to a person. */
class DeadlineGuardTest {

    private static final Instant DISPATCHED = Instant.parse("2026-09-01T09:00:00Z");

    private static TaskRecord task(LocalDate deadline, LocalDate lastSafeDispatch) {
        return TaskRecord.dispatched("t-1", "r-1", "ecs", "opencrm", "generic-rest", Action.ERASE, "ERASURE", Map.of(),
                new TaskSubject("Alex", "alex@example.org", null, null, Map.of()), TaskDetails.none(), List.of(), deadline,
                lastSafeDispatch, DISPATCHED);
    }

    @Test
    void aRetryAfterTheLastSafeDispatchDayPutsTheDeadlineAtRisk() {
        TaskRecord task = task(LocalDate.parse("2026-10-01"), LocalDate.parse("2026-09-20"));
        assertThat(DeadlineGuard.atRisk(task, Instant.parse("2026-09-20T23:59:00Z"))).isFalse();
        assertThat(DeadlineGuard.atRisk(task, Instant.parse("2026-09-21T00:00:00Z"))).isTrue();
    }

    @Test
    void withoutATurnaroundTheTaskStopsRetryingTwoDaysBeforeItsDeadline() {
        TaskRecord task = task(LocalDate.parse("2026-10-01"), null);
        assertThat(DeadlineGuard.lastRetryDay(task)).isEqualTo(LocalDate.parse("2026-09-29"));
        assertThat(DeadlineGuard.atRisk(task, Instant.parse("2026-09-29T12:00:00Z"))).isFalse();
        assertThat(DeadlineGuard.atRisk(task, Instant.parse("2026-09-30T00:00:01Z"))).isTrue();
    }

    @Test
    void aTaskWithNoDatesIsNeverAtRisk() {
        assertThat(DeadlineGuard.atRisk(task(null, null), Instant.parse("2030-01-01T00:00:00Z"))).isFalse();
    }
}
