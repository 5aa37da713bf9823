package dev.rightsflow.schemas.testing;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.CompositeArchRule;

/**
 * The architecture rules of every module, written once (schemas test-jar, like {@link Axe}); each module applies
 * them in one small test ({@code ArchitectureTest}) that names its root package and its known exceptions:
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> sharedRules() {
 *     return ArchitectureRules.forModule("dev.rightsflow.router").tests();
 * }
 * }</pre>
 * The module's main classes are imported once per test class. The rules (STYLE.md, "Layout"):
 * <ol>
 * <li>{@link #MODEL_IS_PLAIN_JAVA}: {@code ..model..} packages (and any {@link #alsoPlain} package) use no Spring,
 * Kafka, MongoDB/BSON, Reactor, Avro, Jackson or {@code schemas} type, except the shared plain vocabulary in
 * {@code schemas.model} ({@code Action}, {@code ConnectorCapabilities}), itself held to this rule.</li>
 * <li>{@link #APPLICATION_IS_FRAMEWORK_FREE}: {@code ..application..} packages use no Spring, Kafka, MongoDB/BSON,
 * Reactor or Avro type (generated {@code schemas.avro} records included).</li>
 * <li>{@link #APPLICATION_PUBLISHES_THROUGH_PORTS}: {@code ..application..} packages use no {@code KafkaTemplate}
 * (nothing of {@code org.springframework.kafka.core}), even where the wider rule above still has known exceptions: a
 * use case publishes through a port it declares (router {@code EventPublisher}, audit-log {@code CommandPublisher},
 * {@code AlertPublisher}), implemented in the module's {@code kafka} adapter.</li>
 * <li>{@link #ADAPTERS_ARE_INDEPENDENT}: an adapter ({@code web}, {@code kafka}, {@code mongo}, {@code http})
 * imports no other kind of adapter of its module.</li>
 * <li>{@link #WEB_LEAVES_START_UP_ALONE}: {@code web} does not use start-up classes ({@code *Startup},
 * {@code ProjectionRebuild}).</li>
 * <li>{@link #NO_CYCLES}: no cycle between the module's top-level packages.</li>
 * <li>{@link #WIRED_IN_CONFIGURATION}: one wiring style in every service, the router's and processor-connectors'.
 * Component scanning finds only {@code @Configuration} classes (the service's and its features' wiring, security),
 * web adapters (classes in {@code ..web..}, and controllers or controller advice wherever they are) and Kafka listener
 * classes (a {@code @KafkaListener} method); every other class (model, application, the {@code mongo}, {@code http}
 * and publishing {@code kafka} adapters, start-up, schedules, metrics) carries no Spring stereotype
 * ({@code @Component}, {@code @Service}, {@code @Repository}) and is built by a {@code @Bean} method of a
 * {@code *Configuration} class, its collaborators passed in by qualifier. Classes in {@code ..model..} and
 * {@code ..application..} carry no stereotype at all, not even {@code @Configuration}.</li>
 * </ol>
 * <b>Known violations</b> are listed per module with {@link #known(String, String...)} (a class, or a package
 * ending in {@code ..}), so the rule holds everywhere else and the list says what is left to fix; each module test's
 * Javadoc says why. Keep the lists short: remove an entry once it is fixed. Known when the rules were written:
 * <ul>
 * <li>{@link #APPLICATION_IS_FRAMEWORK_FREE} holds only in audit-log's {@code deadlines.application}: every other
 * application package uses Reactor, Spring, Kafka, MongoDB or Avro types somewhere; since then audit-log's
 * {@code alerts}, {@code cases} and {@code dashboard} were made plain Java behind ports, and intake's and
 * processor-connectors' application packages are free of Spring, Kafka, MongoDB and Avro (Reactor remains, listed
 * by package); the router's were fixed too (its use cases take the model's inputs and publish through the
 * {@code EventPublisher} port, the Avro mapping in its Kafka adapters), so it lists none.</li>
 * <li>{@link #ADAPTERS_ARE_INDEPENDENT}: router {@code web.CaseController} used {@code kafka.TaskRiskSchedule}
 * (since fixed: no module needs an exception).</li>
 * <li>{@link #WEB_LEAVES_START_UP_ALONE}: audit-log {@code trail.web.AuditController} uses
 * {@code AuditLogStartup}.</li>
 * <li>{@link #NO_CYCLES}: schemas {@code privacy.KafkaKeyStore} (kafka and privacy); audit-log
 * {@code registry.RegistryView} (registry, deadlines, cases; since fixed) and {@code trail.web.AuditController},
 * {@code trail.web.AuditExportPage} (trail and dashboard).</li>
 * <li>{@link #WIRED_IN_CONFIGURATION} (added with issue 14's "one wiring style"): request-intake scanned 15 stores,
 * publishers and mailbox classes and audit-log 17 (its trail's use case a {@code @Service}); both were moved to
 * {@code @Bean}s, so no module needs an exception.</li>
 * </ul>
 * {@link #MODEL_IS_PLAIN_JAVA} and {@link #APPLICATION_PUBLISHES_THROUGH_PORTS} hold everywhere (the latter since
 * audit-log's staff actions and alert scanner publish through ports).
 */
public final class ArchitectureRules {

    /** Rule names, as the module tests and {@link #known} use them. */
    public static final String MODEL_IS_PLAIN_JAVA = "model is plain Java";
    public static final String APPLICATION_IS_FRAMEWORK_FREE = "application is framework free";
    public static final String APPLICATION_PUBLISHES_THROUGH_PORTS = "application does not use KafkaTemplate";
    public static final String ADAPTERS_ARE_INDEPENDENT = "adapters do not import each other";
    public static final String WEB_LEAVES_START_UP_ALONE = "web does not reach into start-up";
    public static final String NO_CYCLES = "no cycles between top-level packages";
    public static final String WIRED_IN_CONFIGURATION = "only configurations, web adapters and Kafka listeners are scanned";

    private static final String[] FRAMEWORKS = {"org.springframework..", "org.apache.kafka..", "com.mongodb..",
            "org.bson..", "reactor..", "org.apache.avro..", "dev.rightsflow.schemas.avro.."};
    private static final String[] SCHEMAS = {"dev.rightsflow.schemas.."};
    private static final String[] ALSO_OUT_OF_MODELS = {"tools.jackson..", "com.fasterxml..", "dev.rightsflow.schemas.."};
    /** The plain vocabulary every module's model may share (itself a model, so held to the same rule). */
    private static final String SHARED_MODEL = "dev.rightsflow.schemas.model..";
    private static final List<String> ADAPTERS = List.of("web", "kafka", "mongo", "http");

    private final String root;
    private final List<String> plain = new ArrayList<>();
    private final Map<String, List<String>> known = new LinkedHashMap<>();
    private final List<ArchRule> extra = new ArrayList<>();

    private ArchitectureRules(String root) {
        this.root = root;
    }

    /** The rules for the module whose main classes live under {@code rootPackage}. */
    public static ArchitectureRules forModule(String rootPackage) {
        return new ArchitectureRules(rootPackage);
    }

    /**
     * Packages held to the model rule too (a framework-free SPI, a plain use case, a whole plain-Java module), except
     * that they may read JSON with Jackson (the deadline engine reads gov.uk's bank-holiday file).
     */
    public ArchitectureRules alsoPlain(String... packages) {
        plain.addAll(List.of(packages));
        return this;
    }

    /**
     * Known violations of one rule, each a class name or a package pattern ({@code a.b..}): the rule does not look at
     * them. Say in the module test why each is there.
     */
    public ArchitectureRules known(String rule, String... classesOrPackages) {
        if (!List.of(MODEL_IS_PLAIN_JAVA, APPLICATION_IS_FRAMEWORK_FREE, APPLICATION_PUBLISHES_THROUGH_PORTS, ADAPTERS_ARE_INDEPENDENT,
                WEB_LEAVES_START_UP_ALONE, NO_CYCLES, WIRED_IN_CONFIGURATION).contains(rule)) {
            throw new IllegalArgumentException("no such rule: " + rule);
        }
        known.computeIfAbsent(rule, r -> new ArrayList<>()).addAll(List.of(classesOrPackages));
        return this;
    }

    /** A module's own rule, checked on the same imported classes. */
    public ArchitectureRules and(ArchRule rule) {
        extra.add(rule);
        return this;
    }

    /** One test per rule, over the module's main classes imported once. */
    public Stream<DynamicTest> tests() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(root);
        Stream<DynamicTest> shared = rules().entrySet().stream()
                .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> e.getValue().check(classes)));
        Stream<DynamicTest> own = extra.stream()
                .map(rule -> DynamicTest.dynamicTest(rule.getDescription(), () -> rule.check(classes)));
        return Stream.concat(shared, own);
    }

    private Map<String, ArchRule> rules() {
        Map<String, ArchRule> rules = new LinkedHashMap<>();
        String because = "a model holds the rules in plain Java; to fix, move the framework or Avro code to the"
                + " application layer or an adapter (web, kafka, mongo, http) and pass plain values in";
        List<ArchRule> plainRules = new ArrayList<>();
        plainRules.add(noClasses().that().resideInAPackage(root + "..model..").and(notKnown(MODEL_IS_PLAIN_JAVA))
                .should().dependOnClassesThat(outsideSharedModel(concat(FRAMEWORKS, ALSO_OUT_OF_MODELS)))
                .because(because).allowEmptyShould(true));
        if (!plain.isEmpty()) {
            plainRules.add(noClasses().that().resideInAnyPackage(plain.toArray(String[]::new))
                    .and(notKnown(MODEL_IS_PLAIN_JAVA))
                    .should().dependOnClassesThat(outsideSharedModel(concat(FRAMEWORKS, SCHEMAS)))
                    .because(because).allowEmptyShould(true));
        }
        rules.put(MODEL_IS_PLAIN_JAVA, CompositeArchRule.of(plainRules));
        rules.put(APPLICATION_IS_FRAMEWORK_FREE, noClasses().that().resideInAPackage(root + "..application..")
                .and(notKnown(APPLICATION_IS_FRAMEWORK_FREE))
                .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS)
                .because("a use case loads, calls the model, stores and publishes through ports; to fix, put the"
                        + " framework, Kafka or Avro code behind an interface the application declares and implement"
                        + " it in an adapter package")
                .allowEmptyShould(true));
        rules.put(APPLICATION_PUBLISHES_THROUGH_PORTS, noClasses().that().resideInAPackage(root + "..application..")
                .and(notKnown(APPLICATION_PUBLISHES_THROUGH_PORTS))
                .should().dependOnClassesThat().resideInAPackage("org.springframework.kafka.core..")
                .because("what a use case publishes is decided in the model and leaves through a port; to fix, declare"
                        + " a publishing interface in the application package (router's EventPublisher, audit-log's"
                        + " CommandPublisher) and implement it with KafkaTemplate in the module's kafka adapter")
                .allowEmptyShould(true));
        List<ArchRule> adapters = new ArrayList<>();
        for (String adapter : ADAPTERS) {
            String[] others = ADAPTERS.stream().filter(a -> !a.equals(adapter)).map(a -> root + ".." + a + "..")
                    .toArray(String[]::new);
            adapters.add(noClasses().that().resideInAPackage(root + ".." + adapter + "..")
                    .and(notKnown(ADAPTERS_ARE_INDEPENDENT))
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .because("adapters meet in the application layer; to fix, call the use case (or a port it"
                            + " declares) instead of the other adapter, or move the shared piece into application")
                    .allowEmptyShould(true));
        }
        rules.put(ADAPTERS_ARE_INDEPENDENT, CompositeArchRule.of(adapters));
        rules.put(WEB_LEAVES_START_UP_ALONE, noClasses().that().resideInAPackage(root + "..web..")
                .and(notKnown(WEB_LEAVES_START_UP_ALONE))
                .should().dependOnClassesThat().haveSimpleNameEndingWith("Startup")
                .orShould().dependOnClassesThat().haveSimpleName("ProjectionRebuild")
                .because("start-up owns the projection's lifecycle; to fix, ask schemas' ProjectionState (readiness,"
                        + " rebuild) or an application-layer port instead of the start-up class")
                .allowEmptyShould(true));
        rules.put(NO_CYCLES, slices().matching(root + ".(*)..").should().beFreeOfCycles()
                .ignoreDependency(knownClasses(NO_CYCLES), DescribedPredicate.alwaysTrue())
                .because("a cycle ties the packages into one; to fix, move the piece both sides need into the lower"
                        + " package, or invert the call through an interface the lower package declares")
                .allowEmptyShould(true));
        rules.put(WIRED_IN_CONFIGURATION, classes().that().resideInAPackage(root + "..")
                .and(notKnown(WIRED_IN_CONFIGURATION))
                .should(beWiredInConfiguration(root))
                .because("every service wires the same way (router's RouterConfiguration): a scanned class is a"
                        + " configuration, a web adapter or a Kafka listener, everything else is a @Bean")
                .allowEmptyShould(true));
        return rules;
    }

    private static final String COMPONENT = "org.springframework.stereotype.Component";
    private static final String CONFIGURATION = "org.springframework.context.annotation.Configuration";
    private static final String CONTROLLER = "org.springframework.stereotype.Controller";
    private static final String CONTROLLER_ADVICE = "org.springframework.web.bind.annotation.ControllerAdvice";
    private static final String KAFKA_LISTENER = "org.springframework.kafka.annotation.KafkaListener";

    /** Scanned: a class that carries {@code @Component} or an annotation built on it. */
    private static ArchCondition<JavaClass> beWiredInConfiguration(String root) {
        return new ArchCondition<>("carry a Spring stereotype only as a configuration, a web adapter or a Kafka listener") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                Optional<String> stereotype = stereotype(c);
                if (stereotype.isEmpty()) {
                    return;
                }
                String where = c.getPackageName();
                if (where.matches(java.util.regex.Pattern.quote(root) + "(\\..*)?\\.(model|application)(\\..*)?")) {
                    events.add(SimpleConditionEvent.violated(c, c.getName() + " is a model or application class carrying @"
                            + stereotype.get() + ": model and application classes know no Spring; to fix, remove the"
                            + " annotation and build the class in a @Bean method of the module's (or its feature's)"
                            + " *Configuration, passing its collaborators in"));
                } else if (!(has(c, CONFIGURATION) || has(c, CONTROLLER) || has(c, CONTROLLER_ADVICE)
                        || where.matches(".*\\.web(\\..*)?") || isKafkaListener(c))) {
                    events.add(SimpleConditionEvent.violated(c, c.getName() + " carries @" + stereotype.get()
                            + " but is neither a configuration, a web adapter (..web..) nor a Kafka listener; to fix,"
                            + " remove the annotation (and the @Qualifier on its constructor) and build the class in a"
                            + " @Bean method of the module's (or its feature's) *Configuration, its collaborators"
                            + " passed in by qualifier, as router's RouterConfiguration does"));
                }
            }
        };
    }

    private static Optional<String> stereotype(JavaClass c) {
        return c.getAnnotations().stream().map(JavaAnnotation::getRawType)
                .filter(type -> type.getName().equals(COMPONENT) || type.isMetaAnnotatedWith(COMPONENT))
                .map(JavaClass::getSimpleName).findFirst();
    }

    private static boolean has(JavaClass c, String annotation) {
        return c.isAnnotatedWith(annotation) || c.isMetaAnnotatedWith(annotation);
    }

    private static boolean isKafkaListener(JavaClass c) {
        return c.isAnnotatedWith(KAFKA_LISTENER) || c.getMethods().stream().anyMatch(m -> m.isAnnotatedWith(KAFKA_LISTENER));
    }

    private static DescribedPredicate<JavaClass> outsideSharedModel(String[] packages) {
        return resideInAnyPackage(packages).and(not(resideInAnyPackage(SHARED_MODEL)))
                .as("reside in any package %s but not in %s", java.util.Arrays.toString(packages), SHARED_MODEL);
    }

    private DescribedPredicate<JavaClass> notKnown(String rule) {
        return not(knownClasses(rule));
    }

    private DescribedPredicate<JavaClass> knownClasses(String rule) {
        List<String> entries = known.getOrDefault(rule, List.of());
        String[] packages = entries.stream().filter(e -> e.endsWith("..")).toArray(String[]::new);
        List<String> names = entries.stream().filter(e -> !e.endsWith("..")).toList();
        DescribedPredicate<? super JavaClass> inPackages = packages.length == 0 ? DescribedPredicate.alwaysFalse()
                : resideInAnyPackage(packages);
        return DescribedPredicate.describe("known violations of '" + rule + "' " + entries,
                c -> names.contains(c.getName()) || names.contains(outermost(c).getName())
                        || inPackages.test(c));
    }

    private static JavaClass outermost(JavaClass c) {
        JavaClass current = c;
        while (current.getEnclosingClass().isPresent()) {
            current = current.getEnclosingClass().get();
        }
        return current;
    }

    private static String[] concat(String[] a, String[] b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }
}
