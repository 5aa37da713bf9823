package dev.rightsflow.auditlog.lanes.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.rightsflow.auditlog.cases.model.Viewer;

/** What a paused lane tells staff: the next try, the notice, and who may see it. */
class LaneStateTest {

    private static final Instant SINCE = Instant.parse("2026-01-15T14:00:00Z");
    private static final LaneState PAUSED = new LaneState("crm", "generic-rest", "generic-rest", List.of("ecs"), true,
            "HTTP 503 from crm.example", SINCE, SINCE.plusSeconds(30), Duration.ofSeconds(30), SINCE);

    @Test
    void theNextTryIsTheFirstProbeUntilItHasPassed() {
        assertThat(PAUSED.nextTry(SINCE.plusSeconds(10))).isEqualTo(SINCE.plusSeconds(30));
        assertThat(PAUSED.nextTry(SINCE.plusSeconds(30))).isEqualTo(SINCE.plusSeconds(30));
    }

    @Test
    void afterAFailedProbeTheNextTryIsTheNextProbeAtTheInterval() {
        assertThat(PAUSED.nextTry(SINCE.plusSeconds(31))).isEqualTo(SINCE.plusSeconds(60));
        assertThat(PAUSED.nextTry(SINCE.plusSeconds(60))).isEqualTo(SINCE.plusSeconds(90));
        assertThat(PAUSED.nextTry(SINCE.plus(Duration.ofHours(5)).plusSeconds(1))).isEqualTo(SINCE.plus(Duration.ofHours(5)).plusSeconds(30));
    }

    @Test
    void theNoticeSaysWhatWhySinceAndNextTryInUkTime() {
        // January: UK time is UTC
        assertThat(PAUSED.notice(SINCE.plusSeconds(5)))
                .isEqualTo("Paused: crm — HTTP 503 from crm.example, since 15 Jan 2026 14:00, next try 15 Jan 2026 14:00");
    }

    @Test
    void onlyTheSystemsOrganisationAndAdministratorsSeeTheLane() {
        assertThat(PAUSED.visibleTo(new Viewer("demo-ecs", "ecs", false))).isTrue();
        assertThat(PAUSED.visibleTo(new Viewer("demo-rip", "rip", false))).isFalse();
        assertThat(PAUSED.visibleTo(new Viewer("nobody", null, false))).isFalse();
        assertThat(PAUSED.visibleTo(new Viewer("demo-admin", null, true))).isTrue();
    }
}
