package dev.rightsflow.router.cases.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.rightsflow.deadline.DeadlineEngine;
import dev.rightsflow.router.cases.application.DeadlineCalendar;
import dev.rightsflow.router.cases.model.CaseAction;
import dev.rightsflow.router.cases.model.CaseDecisions;
import dev.rightsflow.router.cases.model.CaseFold;
import dev.rightsflow.router.cases.model.CaseInput;
import dev.rightsflow.router.cases.model.CaseState;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.testing.RouterStatusSequences;
import dev.rightsflow.schemas.testing.RouterStatusSequences.Sequence;
import dev.rightsflow.schemas.testing.RouterStatusSequences.Step;

/**
 * The contract intake's status page and audit-log's dashboard are tested against ({@code RouterStatusSequences},
 * schemas test-jar: each router case event with the status, clock pause and staff commands it states), checked at its
 * source: the same events, read by the router's Kafka adapter and folded by its own model ({@link CaseFold} into a
 * {@link CaseState}), give exactly those status names, pauses and allowed commands ({@link CaseDecisions#allowed},
 * the rules the router decides each command by, on the event's day) at every step. A change to the router's
 * lifecycle that the other services' tests do not know of fails here.
 */
class RouterStatusSequencesTest {

    private final CaseEventAvro avro = new CaseEventAvro();
    private final DeadlineCalendar calendar = new DeadlineCalendar(DeadlineEngine.withBundledHolidays());
    private final CaseDecisions decisions = new CaseDecisions(Events::derivedId, calendar);

    @Test
    void theRoutersModelStatesEveryStepOfEverySequenceAsTheSequenceSays() {
        assertThat(RouterStatusSequences.all()).isNotEmpty();
        for (Sequence sequence : RouterStatusSequences.all()) {
            CaseState c = new CaseState(sequence.requestId());
            int stated = 0;
            for (int i = 0; i < sequence.steps().size(); i++) {
                Step step = sequence.steps().get(i);
                CaseInput input = avro.input(step.event());
                CaseFold.apply(c, input);
                if (step.routerStatus() == null) {
                    continue;
                }
                stated++;
                String where = sequence + ", step " + (i + 1) + " (" + input.type() + ")";
                assertThat(c.status().name()).as(where + ": status").isEqualTo(step.routerStatus());
                assertThat(c.paused()).as(where + ": clock stopped").isEqualTo(step.paused());
                List<String> allowed = decisions.allowed(c, calendar.ukDay(input.occurredAt())).stream()
                        .map(CaseAction::type).toList();
                assertThat(allowed).as(where + ": staff commands the case takes").isEqualTo(step.allowedActions());
            }
            assertThat(stated).as(sequence + " states the router's status at least once").isPositive();
        }
    }
}
