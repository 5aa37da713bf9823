package dev.rightsflow.deadline;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The deadline engine is plain Java so that intake, router and audit-log can all use it
 * unchanged. If this fails, move the framework code into the service that needs it and pass
 * plain values (LocalDate, UkDivision, ClockFacts) into the engine.
 */
class NoFrameworkInTheEngineTest {

    @Test
    void engineImportsNoSpringKafkaMongoReactorOrAvroTypes() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "org.apache.kafka..", "com.mongodb..", "org.bson..",
                        "reactor..", "org.apache.avro..", "dev.rightsflow.schemas..")
                .because("the deadline engine is a plain-Java model shared by every service (STYLE.md)")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.rightsflow.deadline"));
    }
}
