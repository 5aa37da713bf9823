package dev.rightsflow.connectors;

import static dev.rightsflow.schemas.testing.ArchitectureRules.APPLICATION_IS_FRAMEWORK_FREE;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import dev.rightsflow.schemas.testing.ArchitectureRules;

/**
 * The shared architecture rules ({@link ArchitectureRules}) applied to processor-connectors, plus its own: the
 * connector SPI is plain Java like a model (connectors are written against it, like Kafka Connect's connect-api),
 * connectors talk to their vendor or database only, and no application package uses Spring, Kafka, MongoDB/BSON or
 * Avro (no exception).
 * <p>
 * Known violation, to fix: {@code tasks.application} and {@code packages.application} use Reactor, and only Reactor
 * ({@code Mono}, {@code Flux}, {@code Scheduler}): their ports ({@code TaskStore}, {@code PackageStore},
 * {@code ResultPublisher}) answer {@code Mono}/{@code Flux} because the MongoDB driver is the reactive-streams one,
 * and the runner composes them and runs each lane on a bounded Reactor scheduler. Freeing them means ports that
 * answer {@code CompletableFuture} (or block on the lane's own threads) and a runner written without Reactor: a rewrite
 * of the runner's concurrency, with the stop, claim and sweep guarantees re-proven, not a move. {@code catalogue} and
 * {@code lanes} hold the rule in full (the lane log port answers a {@code CompletableFuture}).
 */
class ArchitectureTest {

    @TestFactory
    Stream<DynamicTest> sharedRules() {
        return ArchitectureRules.forModule("dev.rightsflow.connectors")
                .alsoPlain("dev.rightsflow.connectors.spi..")
                .known(APPLICATION_IS_FRAMEWORK_FREE, "dev.rightsflow.connectors.tasks.application..",
                        "dev.rightsflow.connectors.packages.application..")
                .and(noClasses().that().resideInAPackage("dev.rightsflow.connectors..application..")
                        .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.kafka..",
                                "com.mongodb..", "org.bson..", "org.apache.avro..", "dev.rightsflow.schemas.avro..")
                        .because("a use case loads, decides, stores and publishes through ports it declares; to fix, put the"
                                + " Spring, Kafka, MongoDB or Avro code behind such a port and implement it in the feature's"
                                + " kafka, mongo or web adapter (Reactor is the one known exception, see the class comment)"))
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
