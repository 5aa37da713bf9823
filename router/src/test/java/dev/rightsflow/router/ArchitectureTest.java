package dev.rightsflow.router;

import static dev.rightsflow.schemas.testing.ArchitectureRules.APPLICATION_IS_FRAMEWORK_FREE;
import static dev.rightsflow.schemas.testing.ArchitectureRules.ADAPTERS_ARE_INDEPENDENT;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import dev.rightsflow.schemas.testing.ArchitectureRules;

/**
 * The shared architecture rules ({@link ArchitectureRules}) applied to the router. Known violations, to fix:
 * the use cases in {@code application} and {@code webhooks.application} build Avro records and use Reactor, Spring
 * and Kafka types (issue 14, "decisions in the model": the Avro mapping moves to the Kafka adapter); the case
 * controller starts a risk check through {@code kafka.TaskRiskSchedule}.
 */
class ArchitectureTest {

    @TestFactory
    Stream<DynamicTest> sharedRules() {
        return ArchitectureRules.forModule("dev.rightsflow.router")
                .known(APPLICATION_IS_FRAMEWORK_FREE, "dev.rightsflow.router.application..",
                        "dev.rightsflow.router.webhooks.application..")
                .known(ADAPTERS_ARE_INDEPENDENT, "dev.rightsflow.router.web.CaseController")
                .tests();
    }
}
