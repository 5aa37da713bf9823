package dev.rightsflow.intake.projection.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import dev.rightsflow.deadline.DeadlineEngine;
import dev.rightsflow.intake.status.model.RequestStatus;
import dev.rightsflow.intake.status.model.RouterDeadline;
import dev.rightsflow.intake.status.model.StatusReport;
import dev.rightsflow.schemas.avro.CaseClosed;
import dev.rightsflow.schemas.testing.RouterStatusSequences;
import dev.rightsflow.schemas.testing.RouterStatusSequences.Sequence;
import dev.rightsflow.schemas.testing.RouterStatusSequences.Step;

/**
 * The status page shows the case's status as the router states it: the same event sequences audit-log's dashboard is
 * tested with ({@code RouterStatusOnTheDashboardTest}), folded as intake folds them (the listeners' {@link AvroFacts},
 * then {@link RequestStatus}), give the router's status at every step, in the page's words.
 */
class RouterStatusOnTheStatusPageTest {

    private static final DeadlineEngine ENGINE = DeadlineEngine.withBundledHolidays();

    /** What the page shows for the router's status: paused while it states the clock stopped, withdrawn by outcome. */
    private static String pageState(String routerStatus, boolean paused, SpecificRecord event) {
        if (paused) {
            return "PAUSED";
        }
        boolean withdrawn = event instanceof CaseClosed c && "withdrawn".equals(c.getOutcome());
        return withdrawn ? StatusReport.WITHDRAWN : routerStatus;
    }

    private static RequestStatus fold(RequestStatus status, SpecificRecord event) {
        return AvroFacts.fact(event, id -> Optional.empty()).map(status::apply).orElse(status);
    }

    private static StatusReport page(RequestStatus status) {
        return StatusReport.of(status, null, ENGINE, null);
    }

    @Test
    void everyStepShowsTheRoutersStatus() {
        for (Sequence sequence : RouterStatusSequences.all()) {
            RequestStatus status = RequestStatus.empty(sequence.requestId());
            String shown = "RECEIVED"; // before the router states a status, intake's own fold: received
            for (int i = 0; i < sequence.steps().size(); i++) {
                Step step = sequence.steps().get(i);
                status = fold(status, step.event());
                if (step.routerStatus() != null) {
                    shown = pageState(step.routerStatus(), step.paused(), step.event());
                }
                assertThat(page(status).state()).as("%s, step %d (%s)", sequence, i + 1,
                        step.event().getSchema().getName()).isEqualTo(shown);
            }
        }
    }

    /**
     * The differences the status page's own fold had with the router, each a bug of the fold: a case the router opened
     * with its acceptance to follow (the controller's auto-accept) read "received; we are finding the organisation
     * responsible" until the acceptance arrived; the router has it awaiting a decision, as it is.
     */
    @Test
    void aCaseOpenedWithItsAcceptanceToFollowIsAwaitingADecisionNotStillReceived() {
        List<Step> steps = RouterStatusSequences.autoAccepted().steps();
        RequestStatus opened = RequestStatus.empty("status-auto-accepted");
        RequestStatus openedOld = opened;
        for (Step step : steps.subList(0, 3)) {
            opened = fold(opened, step.event());
            openedOld = fold(openedOld, step.withoutClock());
        }
        assertThat(page(opened).state()).isEqualTo("AWAITING_DECISION");
        assertThat(page(opened).stateWords()).isEqualTo("The organisation is reviewing your request.");
        assertThat(page(opened).open()).as("it can still be withdrawn").isTrue();
        // history written before the router stated its status: intake's own fold, as before
        assertThat(page(openedOld).state()).isEqualTo("RECEIVED");
    }

    /** Older history (router events without the clock) still ends where the router's does, by intake's own fold. */
    @Test
    void historyWithoutTheRoutersStatusEndsAtTheSameStatusByIntakesOwnFold() {
        for (Sequence sequence : RouterStatusSequences.all()) {
            RequestStatus status = RequestStatus.empty(sequence.requestId());
            for (Step step : sequence.steps()) {
                status = fold(status, step.withoutClock());
            }
            Step last = sequence.steps().get(sequence.steps().size() - 1);
            assertThat(status.routerDeadline()).isNull();
            assertThat(page(status).state()).as(sequence.name())
                    .isEqualTo(pageState(last.routerStatus(), last.paused(), last.event()));
        }
    }

    /** A status a newer router states that this version does not know leaves the page to intake's own fold. */
    @Test
    void aStatusThisVersionDoesNotKnowFallsBackToIntakesOwnFold() {
        RequestStatus status = RequestStatus.empty("status-auto-accepted");
        for (Step step : RouterStatusSequences.autoAccepted().steps().subList(0, 4)) {
            status = fold(status, step.event());
        }
        RouterDeadline stated = status.routerDeadline();
        RequestStatus newer = new RequestStatus(status.requestId(), status.statusTokenHash(), status.organisationId(),
                status.serviceId(), status.right(), status.channel(), status.receivedAt(), status.verification(),
                status.verifiedAt(), status.provisionalDeadline(), status.duplicateOf(), status.fingerprint(),
                status.division(), status.forwardedByOrganisationId(), status.controllerId(), status.triage(),
                status.forwardedTo(), status.clockStartsAt(), status.statutoryDeadline(), status.awaitingDecision(),
                status.accepted(), status.refusalReason(), status.pauses(), status.extendedDeadline(),
                status.extensionReason(), status.tasks(), status.exemptions(), status.signposts(), status.readySummary(),
                status.closedOutcome(), status.closedSummary(), status.accessPackageId(),
                status.accessPackageExpiresAt(), status.history(), status.appliedEventIds(),
                new RouterDeadline("SOMETHING_NEWER", stated.clockStart(), stated.statutoryDue(), stated.monthOneDue(),
                        false, false, stated.steps(), null, List.of()));
        assertThat(page(newer).state()).isEqualTo("IN_PROGRESS");
    }
}
