package dev.rightsflow.standalone;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;

import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.util.FileSystemUtils;

/**
 * One running standalone per configuration, shared by the test classes that ask for the same
 * configuration. Starting the whole system costs 15-50 s, so a class whose assertions hold on a
 * system other classes have used (its own organisation's requests, its own emails, no counts that
 * need a fresh store) takes a shared one:
 *
 * <pre>
 * &#64;RegisterExtension
 * static final SharedSystem shared = SharedSystem.WITHOUT_DEMO_DATA;
 * static RunningSystem system;
 *
 * &#64;BeforeAll
 * static void start() {
 *     system = shared.system();
 * }
 * </pre>
 *
 * A class that restarts the system, stops a part of it or needs settings of its own starts its own
 * {@link RunningSystem}; never close a shared one. At most one shared system runs at a time: the
 * first class that asks for another configuration closes the one running, and {@link Grouped}
 * (named in {@code junit-platform.properties}) runs the classes of one configuration one after
 * another. The last one is closed when the JVM's tests end.
 */
final class SharedSystem implements BeforeAllCallback {

    /**
     * Several classes poll the status API of one system, together above the citizen rate limit one
     * address gets (30 a minute); the rate limit has tests of its own in request-intake.
     */
    private static final String NO_RATE_LIMIT = "--rightsflow.intake.rate-limit-per-minute=100000";

    /** The demo registry and the demo cases. */
    static final SharedSystem WITH_DEMO_DATA = new SharedSystem("with-demo-data", Map.of(), NO_RATE_LIMIT);

    /** The demo registry, no demo cases: an empty store but for what the test classes submit. */
    static final SharedSystem WITHOUT_DEMO_DATA = new SharedSystem("without-demo-data",
            Map.of("RIGHTSFLOW_DEMO_DATA", "false"), NO_RATE_LIMIT);

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedSystem.class);
    private static final String RUNNING = "running";

    private final String name;
    private final Map<String, String> env;
    private final String[] args;
    private volatile RunningSystem system;

    private SharedSystem(String name, Map<String, String> env, String... args) {
        this.name = name;
        this.env = Map.copyOf(env);
        this.args = args.clone();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        // the root store outlives every test class and closes what it holds when the JVM's tests end
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        Started running = store.get(RUNNING, Started.class);
        if (running != null && running.shared() != this) {
            store.remove(RUNNING);
            running.close();
        }
        system = store.computeIfAbsent(RUNNING, k -> Started.start(this), Started.class).system();
    }

    /** The running system; call it from {@code @BeforeAll} or a test. */
    RunningSystem system() {
        if (system == null) {
            throw new IllegalStateException("register SharedSystem." + name + " with @RegisterExtension on a static field");
        }
        return system;
    }

    /** A started shared system with its own data directory, deleted after it is closed. */
    private record Started(SharedSystem shared, RunningSystem system, Path dataDir) implements AutoCloseable {

        static Started start(SharedSystem shared) {
            try {
                Path dataDir = Files.createTempDirectory("rightsflow-shared-" + shared.name);
                return new Started(shared, RunningSystem.start(dataDir, shared.env, shared.args), dataDir);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                system.close();
            } finally {
                FileSystemUtils.deleteRecursively(dataDir);
            }
        }
    }

    /**
     * Runs the classes that share a system one after another (by class name within each group), so
     * each shared system starts once: first the classes with no shared system, then each group.
     */
    public static final class Grouped implements ClassOrderer {

        @Override
        public void orderClasses(ClassOrdererContext context) {
            context.getClassDescriptors().sort(Comparator.comparing((ClassDescriptor d) -> sharedName(d.getTestClass()))
                    .thenComparing(d -> d.getTestClass().getName()));
        }

        private static String sharedName(Class<?> testClass) {
            for (Field field : testClass.getDeclaredFields()) {
                if (field.getType() == SharedSystem.class && Modifier.isStatic(field.getModifiers())) {
                    try {
                        field.setAccessible(true);
                        return ((SharedSystem) field.get(null)).name;
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
            return "";
        }
    }
}
