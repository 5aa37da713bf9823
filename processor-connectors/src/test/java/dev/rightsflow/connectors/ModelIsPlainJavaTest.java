package dev.rightsflow.connectors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The model and the connector SPI are plain Java: no Spring, Kafka, MongoDB, Reactor or Avro.
 * To fix a violation, move the framework code to an adapter ({@code kafka}, {@code mongo},
 * {@code web}) or to {@code application}, and pass plain values in.
 */
@AnalyzeClasses(packages = "dev.rightsflow.connectors", importOptions = ImportOption.DoNotIncludeTests.class)
class ModelIsPlainJavaTest {

    private static final String[] FRAMEWORKS = {"org.springframework..", "org.apache.kafka..", "com.mongodb..", "org.bson..",
            "reactor..", "org.apache.avro..", "dev.rightsflow.schemas.."};

    @ArchTest
    static final ArchRule modelImportsNoFramework = noClasses().that().resideInAPackage("..connectors.model..")
            .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS)
            .because("the model is plain Java (STYLE.md); translate in an adapter");

    @ArchTest
    static final ArchRule spiImportsNoFramework = noClasses().that().resideInAPackage("..connectors.spi..")
            .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS)
            .because("connectors are written against a framework-free SPI, like Kafka Connect's connect-api");

    @ArchTest
    static final ArchRule connectorsUseOnlyTheSpi = noClasses().that().resideInAPackage("..connectors.vendors..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.kafka..", "com.mongodb..",
                    "reactor..", "org.apache.avro..", "..connectors.application..", "..connectors.kafka..", "..connectors.mongo..")
            .because("a connector talks to its vendor only; the runtime owns retries, storage and events");

    @ArchTest
    static final ArchRule databaseConnectorsUseOnlyTheSpiAndTheirDrivers = noClasses().that().resideInAPackage("..connectors.databases..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.kafka..", "org.apache.avro..",
                    "..connectors.application..", "..connectors.kafka..", "..connectors.mongo..", "..connectors.vendors..")
            .because("a database connector talks to its database through its driver (JDBC, HikariCP, the MongoDB driver) and"
                    + " the SPI only; the runtime owns retries, storage and events");
}
