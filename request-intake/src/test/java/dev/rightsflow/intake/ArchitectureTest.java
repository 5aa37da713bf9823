package dev.rightsflow.intake;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static dev.rightsflow.schemas.testing.ArchitectureRules.APPLICATION_IS_FRAMEWORK_FREE;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import dev.rightsflow.schemas.testing.ArchitectureRules;

/**
 * The shared architecture rules ({@link ArchitectureRules}) applied to request-intake, laid out feature first
 * (each feature's {@code model}, {@code application} and adapters; no cycles between features).
 * <p>
 * One known violation, left on purpose: the application packages use <b>Reactor</b> ({@code Mono}, {@code Flux}). Every
 * port (stores, event publishing, mail, callbacks) and every use case returns a Reactor type, because intake is
 * WebFlux end to end and its use cases compose non-blocking I/O; replacing them is a rewrite of every use case, port
 * and adapter. Everything else the shared rule forbids (Spring, Kafka, MongoDB/BSON, Avro) is kept out of them, and
 * the module's own rule below holds that without exception: the use cases are wired in {@link IntakeUseCases}, the
 * adapters that are neither web nor Kafka listeners in {@link IntakeAdapters} (the shared rule "only configurations, web
 * adapters and Kafka listeners are scanned", no exception).
 */
class ArchitectureTest {

    private static final String APPLICATION = "dev.rightsflow.intake..application..";

    @TestFactory
    Stream<DynamicTest> sharedRules() {
        return ArchitectureRules.forModule("dev.rightsflow.intake")
                .known(APPLICATION_IS_FRAMEWORK_FREE, APPLICATION)
                .and(noClasses().that().resideInAPackage(APPLICATION)
                        .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.kafka..",
                                "com.mongodb..", "org.bson..", "org.apache.avro..", "dev.rightsflow.schemas.avro..")
                        .as("intake's application packages use no Spring, Kafka, MongoDB/BSON or Avro type (Reactor aside)")
                        .because("a use case is wired in IntakeUseCases and reaches Kafka and MongoDB through the ports"
                                + " its feature declares; to fix, move the framework code into the feature's adapter"))
                .tests();
    }
}
