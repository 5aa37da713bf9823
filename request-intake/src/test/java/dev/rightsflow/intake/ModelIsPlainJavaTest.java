package dev.rightsflow.intake;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The model is plain Java: to fix a violation, move the framework code to an adapter or the application layer. */
@AnalyzeClasses(packages = "dev.rightsflow.intake", importOptions = ImportOption.DoNotIncludeTests.class)
class ModelIsPlainJavaTest {

    @ArchTest
    static final ArchRule modelImportsNoFramework = noClasses().that().resideInAPackage("..model..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.kafka..",
                    "com.mongodb..", "org.bson..", "reactor..", "org.apache.avro..", "dev.rightsflow.schemas..",
                    "tools.jackson..", "com.fasterxml..")
            .because("the model must not depend on Spring, Kafka, MongoDB, Reactor or Avro (STYLE.md)");
}
