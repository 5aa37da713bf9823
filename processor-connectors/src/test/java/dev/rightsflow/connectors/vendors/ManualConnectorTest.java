package dev.rightsflow.connectors.vendors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rightsflow.schemas.model.Action;
import dev.rightsflow.connectors.spi.Connector;
import dev.rightsflow.connectors.spi.Outcome;

/** The manual connector: every action becomes instructions for a person. */
class ManualConnectorTest extends ConnectorContractTest {

    @Override
    protected Connector connector() {
        return new ManualConnector();
    }

    @Override
    protected Map<String, String> config(String baseUrl) {
        return Map.of("instructions", "Finance searches SAGE", "contact", "Finance team", "reminderEvery", "P2D");
    }

    @Test
    void everyActionNeedsAPersonWithInstructionsNamingTheLawAndTheSystem() {
        for (Action action : Action.values()) {
            assertThat(run(action)).isInstanceOfSatisfying(Outcome.NeedsPerson.class, n -> {
                assertThat(n.instructions()).contains("system-1").contains("Finance searches SAGE").contains("Finance team")
                        .containsPattern("Art \\d+");
                assertThat(n.instructions()).doesNotContainIgnoringCase("alex");
            });
        }
    }

    @Test
    void aReminderIntervalThatIsNotADurationIsRefused() {
        assertThat(connector().validate(Map.of("reminderEvery", "every tuesday"))).extracting(p -> p.key()).containsExactly("reminderEvery");
    }
}
