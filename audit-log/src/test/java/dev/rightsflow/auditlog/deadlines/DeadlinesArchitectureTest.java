package dev.rightsflow.auditlog.deadlines;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The calculator's use case is plain Java like a model: if this fails, move the framework code
 * to {@code deadlines.web} or {@code deadlines.kafka} and pass plain values in.
 */
class DeadlinesArchitectureTest {

    @Test
    void calculatorUseCaseImportsNoSpringKafkaMongoReactorOrAvroTypes() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "org.apache.kafka..", "com.mongodb..", "org.bson..", "reactor..",
                        "org.apache.avro..", "dev.rightsflow.schemas..")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.rightsflow.auditlog.deadlines.application"));
    }
}
