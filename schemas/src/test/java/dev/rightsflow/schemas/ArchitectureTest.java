package dev.rightsflow.schemas;

import static dev.rightsflow.schemas.testing.ArchitectureRules.NO_CYCLES;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import dev.rightsflow.schemas.testing.ArchitectureRules;

/**
 * The shared architecture rules ({@link ArchitectureRules}) applied to schemas itself. Known violation, to fix:
 * {@code privacy.KafkaKeyStore} reads {@code kafka.KafkaSettings} while {@code kafka.Eventing} wires the cipher in
 * (a cycle between {@code kafka} and {@code privacy}).
 */
class ArchitectureTest {

    @TestFactory
    Stream<DynamicTest> sharedRules() {
        return ArchitectureRules.forModule("dev.rightsflow.schemas")
                .known(NO_CYCLES, "dev.rightsflow.schemas.privacy.KafkaKeyStore")
                .tests();
    }
}
