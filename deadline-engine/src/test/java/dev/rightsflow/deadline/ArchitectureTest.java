package dev.rightsflow.deadline;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import dev.rightsflow.schemas.testing.ArchitectureRules;

/**
 * The shared architecture rules ({@link ArchitectureRules}) applied to the deadline engine, the whole of which is held
 * to the model rule: it is plain Java so that intake, router and audit-log can all use it unchanged. If it fails, move
 * the framework code into the service that needs it and pass plain values (LocalDate, UkDivision, ClockFacts) in.
 */
class ArchitectureTest {

    @TestFactory
    Stream<DynamicTest> sharedRules() {
        return ArchitectureRules.forModule("dev.rightsflow.deadline").alsoPlain("dev.rightsflow.deadline..").tests();
    }
}
