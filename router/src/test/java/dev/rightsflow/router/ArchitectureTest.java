package dev.rightsflow.router;

import static dev.rightsflow.schemas.testing.ArchitectureRules.APPLICATION_IS_FRAMEWORK_FREE;
import static dev.rightsflow.schemas.testing.ArchitectureRules.ADAPTERS_ARE_INDEPENDENT;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import dev.rightsflow.schemas.testing.ArchitectureRules;

/**
 * The shared architecture rules ({@link ArchitectureRules}) applied to the router, feature first ({@code registry},
 * {@code events}, {@code resolution}, {@code planning}, {@code cases}, {@code forwarding}, {@code webhooks},
 * {@code security}, {@code startup}): the rules match {@code ..application..} and the adapters at any depth, and the
 * features are the slices that must be free of cycles. Known violations, to fix: the use cases in the features'
 * {@code application} packages build Avro records and use Reactor, Spring and Kafka types (issue 14, "decisions in
 * the model": the Avro mapping moves to the Kafka adapter); the case controller starts a risk check through
 * {@code cases.kafka.TaskRiskSchedule}.
 */
class ArchitectureTest {

    @TestFactory
    Stream<DynamicTest> sharedRules() {
        return ArchitectureRules.forModule("dev.rightsflow.router")
                .known(APPLICATION_IS_FRAMEWORK_FREE, "dev.rightsflow.router.cases.application..",
                        "dev.rightsflow.router.events.application..", "dev.rightsflow.router.forwarding.application..",
                        "dev.rightsflow.router.registry.application..", "dev.rightsflow.router.webhooks.application..")
                .known(ADAPTERS_ARE_INDEPENDENT, "dev.rightsflow.router.cases.web.CaseController")
                .tests();
    }
}
