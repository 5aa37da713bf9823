package dev.rightsflow.router.cases.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

/** The deadline a controller works to, as the case state tells it. */
class CaseStateTest {

    @Test
    void organisationsOwnStricterTargetIsTheWorkingDeadlineBeforeAnyExtension() {
        CaseState c = new CaseState("r1");
        c.statutoryDeadline = LocalDate.of(2026, 10, 5);
        c.targetDeadline = LocalDate.of(2026, 10, 1);
        assertThat(c.workingDeadline()).isEqualTo(LocalDate.of(2026, 10, 1));
        c.targetDeadline = LocalDate.of(2026, 10, 9);
        assertThat(c.workingDeadline()).isEqualTo(LocalDate.of(2026, 10, 5));
    }

    @Test
    void lawfulExtensionReplacesTheOrganisationsTargetAsTheWorkingDeadline() {
        CaseState c = new CaseState("r2");
        c.statutoryDeadline = LocalDate.of(2026, 10, 5);
        c.targetDeadline = LocalDate.of(2026, 10, 1);
        c.extended = true;
        c.extendedDeadline = LocalDate.of(2026, 12, 3);
        assertThat(c.workingDeadline()).isEqualTo(LocalDate.of(2026, 12, 3));
    }

    @Test
    void clockIsStoppedOnlyWhileAPauseHasNoEnd() {
        CaseState c = new CaseState("r3");
        c.pauses.add(new CaseState.PauseSpan(Instant.parse("2026-09-07T09:00:00Z"), null));
        assertThat(c.paused()).isTrue();
        c.pauses.set(0, new CaseState.PauseSpan(Instant.parse("2026-09-07T09:00:00Z"),
                Instant.parse("2026-09-14T09:00:00Z")));
        assertThat(c.paused()).isFalse();
    }
}
