package dev.rightsflow.router;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

class RouterArchitectureTest {

    @Test
    void modelImportsNoFrameworkTypes() {
        noClasses().that().resideInAPackage("dev.rightsflow.router.model..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.kafka..",
                        "com.mongodb..", "org.bson..", "reactor..", "org.apache.avro..", "dev.rightsflow.schemas..",
                        "tools.jackson..", "com.fasterxml..")
                .because("the domain core is plain Java; move framework code to application or an adapter package")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.rightsflow.router"));
    }
}
