package dev.rightsflow.intake;

import static dev.rightsflow.schemas.testing.ArchitectureRules.APPLICATION_IS_FRAMEWORK_FREE;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import dev.rightsflow.schemas.testing.ArchitectureRules;

/**
 * The shared architecture rules ({@link ArchitectureRules}) applied to request-intake. Known violation, to fix: the
 * use cases in {@code application} return Reactor types and publish with Spring Kafka and Avro records.
 */
class ArchitectureTest {

    @TestFactory
    Stream<DynamicTest> sharedRules() {
        return ArchitectureRules.forModule("dev.rightsflow.intake")
                .known(APPLICATION_IS_FRAMEWORK_FREE, "dev.rightsflow.intake..application..")
                .tests();
    }
}
