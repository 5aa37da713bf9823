package dev.rightsflow.auditlog;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The model packages are plain Java: the rules of the audit trail, cases, alerts and actions. */
@AnalyzeClasses(packages = "dev.rightsflow.auditlog", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule modelImportsNoFramework = noClasses().that().resideInAPackage("..model..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.kafka..",
                    "com.mongodb..", "org.bson..", "reactor..", "org.apache.avro..", "dev.rightsflow.schemas.avro..")
            .because("a model holds the rules in plain Java; move framework code to the application or an adapter"
                    + " (web, kafka, mongo, http) and pass plain values in");
}
