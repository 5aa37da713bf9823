package dev.rightsflow.connectors;

import static dev.rightsflow.schemas.testing.ArchitectureRules.APPLICATION_IS_FRAMEWORK_FREE;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import dev.rightsflow.schemas.testing.ArchitectureRules;

/**
 * The shared architecture rules ({@link ArchitectureRules}) applied to processor-connectors, plus its own: the
 * connector SPI is plain Java like a model (connectors are written against it, like Kafka Connect's connect-api), and
 * connectors talk to their vendor or database only. Known violation, to fix: the runner and stores in
 * {@code application} packages use Reactor, Spring, Kafka and Avro types.
 */
class ArchitectureTest {

    @TestFactory
    Stream<DynamicTest> sharedRules() {
        return ArchitectureRules.forModule("dev.rightsflow.connectors")
                .alsoPlain("dev.rightsflow.connectors.spi..")
                .known(APPLICATION_IS_FRAMEWORK_FREE, "dev.rightsflow.connectors..application..")
                .and(noClasses().that().resideInAPackage("..connectors.vendors..")
                        .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.kafka..",
                                "com.mongodb..", "reactor..", "org.apache.avro..", "..connectors..application..",
                                "..connectors..kafka..", "..connectors..mongo..")
                        .because("a connector talks to its vendor only; the runtime owns retries, storage and events;"
                                + " to fix, use the SPI's types and let the runner do the rest"))
                .and(noClasses().that().resideInAPackage("..connectors.databases..")
                        .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.kafka..",
                                "org.apache.avro..", "..connectors..application..", "..connectors..kafka..",
                                "..connectors..mongo..", "..connectors.vendors..")
                        .because("a database connector talks to its database through its driver (JDBC, HikariCP, the"
                                + " MongoDB driver) and the SPI only; the runtime owns retries, storage and events"))
                .tests();
    }
}
