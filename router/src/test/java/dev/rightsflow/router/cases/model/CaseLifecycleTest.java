package dev.rightsflow.router.cases.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;

import org.junit.jupiter.api.Test;

import dev.rightsflow.router.cases.model.CaseState.Status;

/** The case's lifecycle as a state machine: the moves it foresees, and those it does not. */
class CaseLifecycleTest {

    @Test
    void aCaseRunsFromReceiptThroughDecisionAndTasksToItsAnswer() {
        Status status = new CaseState("r1").status();
        for (Status next : new Status[] { Status.TRIAGE, Status.RECEIVED, Status.AWAITING_IDENTITY,
                Status.AWAITING_DECISION, Status.IN_PROGRESS, Status.READY_TO_ANSWER, Status.CLOSED }) {
            assertThat(status.mayMoveTo(next)).as("%s -> %s", status, next).isTrue();
            status = next;
        }
    }

    @Test
    void aForwardedRequestEndsAtTheControllerOrIsRefusedOrClosedHere() {
        assertThat(Status.FORWARDING.next()).contains(Status.FORWARDED_EXTERNALLY, Status.RECEIVED);
        assertThat(Status.FORWARDED_EXTERNALLY.next()).containsExactlyInAnyOrder(Status.REFUSED, Status.CLOSED);
    }

    @Test
    void everyStageButTheLastMayBeClosedAndAClosedCaseMovesNoMore() {
        for (Status s : EnumSet.complementOf(EnumSet.of(Status.CLOSED))) {
            assertThat(s.mayMoveTo(Status.CLOSED)).as(s.name()).isTrue();
        }
        assertThat(Status.CLOSED.next()).isEmpty();
        CaseState closed = new CaseState("r2");
        closed.phase = closed.phase.onClosed("answered", java.time.Instant.parse("2026-10-05T09:00:00Z"));
        assertThat(closed.status().mayMoveTo(Status.IN_PROGRESS)).isFalse();
    }

    @Test
    void anAnsweredOrRefusedCaseIsNotRefusedAgainNorReopened() {
        assertThat(Status.READY_TO_ANSWER.mayMoveTo(Status.REFUSED)).isFalse();
        assertThat(Status.REFUSED.next()).containsExactly(Status.CLOSED);
        assertThat(Status.IN_PROGRESS.mayMoveTo(Status.AWAITING_DECISION)).isFalse();
        assertThat(Status.REFUSED.finished()).isTrue();
        assertThat(Status.READY_TO_ANSWER.finished()).isFalse();
        assertThat(EnumSet.allOf(Status.class).stream().filter(Status::open))
                .containsExactlyInAnyOrder(Status.AWAITING_DECISION, Status.IN_PROGRESS);
    }
}
