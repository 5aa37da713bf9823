package dev.rightsflow.router.cases.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.rightsflow.router.cases.model.CaseState.Status;

/** The case's lifecycle as one value: each command's transition gives the next phase or says why not. */
class CasePhaseTest {

    static final Instant AT = Instant.parse("2026-10-05T09:00:00Z");

    @Test
    void aCaseOpensIsAcceptedPlannedAndAnsweredOneStepAtATime() {
        CasePhase phase = CasePhase.received().onOpened(AT, true);
        assertThat(phase.status()).isEqualTo(Status.AWAITING_DECISION);
        CasePhase.Step accept = phase.accept("accepted by staff (alex)");
        assertThat(accept).isInstanceOf(CasePhase.Next.class);
        phase = ((CasePhase.Next) accept).phase();
        assertThat(phase).isEqualTo(new CasePhase.Open(AT, CasePhase.Stage.ACCEPTED, "accepted by staff (alex)"));
        assertThat(phase.status()).isEqualTo(Status.IN_PROGRESS);
        phase = phase.onPlanned();
        assertThat(phase.underWay()).isTrue();
        phase = phase.onReady();
        assertThat(phase.status()).isEqualTo(Status.READY_TO_ANSWER);
        assertThat(phase.open()).as("an answered case's clock no longer matters").isFalse();
    }

    @Test
    void aCommandTheLifecycleDoesNotAllowIsAnsweredWithItsReason() {
        CasePhase ready = CasePhase.received().onOpened(AT, false).onAccepted("policy").onPlanned().onReady();
        assertThat(ready.refuse(true, "Art 12(5)", AT))
                .isEqualTo(new CasePhase.NotAllowed("every task is done: the request has been fulfilled"));
        assertThat(CasePhase.received().accept("staff"))
                .isEqualTo(new CasePhase.NotAllowed("the case is not open yet"));
        assertThat(CasePhase.received().refuse(false, "Art 12(5)", AT))
                .isEqualTo(new CasePhase.NotAllowed("the controller is not resolved yet"));
        assertThat(CasePhase.received().extend(false)).isEqualTo(new CasePhase.NotAllowed("the case is not open yet"));
    }

    @Test
    void aClosedCaseRemembersThePhaseItLeftAndIsNotClosedAgain() {
        CasePhase accepted = CasePhase.received().onOpened(AT, false).onAccepted("policy");
        CasePhase closed = accepted.onClosed("answered", AT);
        assertThat(closed).isEqualTo(new CasePhase.Closed("answered", AT, accepted));
        assertThat(closed.accepted()).isTrue();
        assertThat(closed.accept("staff")).isEqualTo(new CasePhase.NotAllowed("the request is already accepted"));
        assertThat(closed.close("answered", AT)).isEqualTo(new CasePhase.NotAllowed("the case is already closed"));
        CasePhase refusedThenClosed = CasePhase.received().onRefused("Art 12(5)", AT).onClosed("refused", AT);
        assertThat(refusedThenClosed.status()).isEqualTo(Status.CLOSED);
        assertThat(refusedThenClosed.opened()).isFalse();
    }

    @Test
    void aFactReadBackAfterTheCloseLandsInThePhaseTheCaseLeft() {
        CasePhase closedWhileAwaiting = CasePhase.received().onOpened(AT, true).onClosed("withdrawn", AT);
        CasePhase late = closedWhileAwaiting.onAccepted("staff");
        assertThat(late.status()).isEqualTo(Status.CLOSED);
        assertThat(late.accepted()).isTrue();
    }

    @Test
    void aRequestForwardedOutsideThePlatformEndsHereOnlyByRefusalOrClose() {
        CasePhase out = CasePhase.received().onForwarding().onForwarded(true, AT);
        assertThat(out).isEqualTo(new CasePhase.ForwardedOut(AT));
        assertThat(out.status()).isEqualTo(Status.FORWARDED_EXTERNALLY);
        assertThat(CasePhase.received().onForwarded(false, AT)).as("a tenant controller's case opens here")
                .isEqualTo(new CasePhase.Pending());
        assertThat(out.pauseClock(false)).isInstanceOf(CasePhase.NotAllowed.class);
        assertThat(out.refuse(true, "Art 12(5)", AT)).isInstanceOf(CasePhase.Next.class);
    }
}
