package dev.rightsflow.connectors.tasks.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rightsflow.connectors.lanes.model.RateLimit;
import dev.rightsflow.connectors.spi.TaskDetails;
import dev.rightsflow.connectors.spi.TaskSubject;
import dev.rightsflow.schemas.model.Action;

class RateLimitAndCommandIdsTest {

    @Test
    void aRateLimitAllowsAtLeastOneCallInAPositivePeriod() {
        assertThat(RateLimit.perSecond(10)).isEqualTo(new RateLimit(10, Duration.ofSeconds(1)));
        assertThatThrownBy(() -> new RateLimit(0, Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimit(5, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTaskRemembersTheCommandsAppliedToItByIdAndKeepsOnlyTheNewest() {
        Instant now = Instant.parse("2026-01-05T10:00:00Z");
        TaskRecord task = TaskRecord.dispatched("t-1", "r-1", "ecs", "opencrm", "generic-rest", Action.ERASE, "ERASURE", Map.of(),
                new TaskSubject("Alex", "alex@example.org", null, null, Map.of()), TaskDetails.none(), List.of(), null, now);
        TaskRecord once = task.change().applied("cmd-1").at(now);
        assertThat(once.hasApplied("cmd-1")).isTrue();
        assertThat(once.hasApplied("cmd-2")).isFalse();
        assertThat(once.change().applied("cmd-1").at(now).appliedCommands()).containsExactly("cmd-1");

        TaskRecord many = once;
        for (int i = 2; i <= TaskRecord.COMMANDS_KEPT + 5; i++) {
            many = many.change().applied("cmd-" + i).at(now);
        }
        assertThat(many.appliedCommands()).hasSize(TaskRecord.COMMANDS_KEPT).doesNotContain("cmd-1").endsWith("cmd-" + (TaskRecord.COMMANDS_KEPT + 5));
    }
}
