package dev.rightsflow.standalone;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.rightsflow.schemas.testing.FreePorts;

/**
 * The whole standalone, started as a user starts it, on its own data directory and free ports,
 * with an HTTP client pointed at it. Used by the end-to-end tests; the Testcontainers variant
 * passes real Kafka and MongoDB addresses in {@code extraEnv}.
 */
final class RunningSystem implements AutoCloseable {

    final Path dataDir;
    final Map<String, String> env;
    final ConfigurableApplicationContext context;
    final WebTestClient http;

    private final String[] args;

    private RunningSystem(Path dataDir, Map<String, String> env, String[] args, ConfigurableApplicationContext context) {
        this.dataDir = dataDir;
        this.env = env;
        this.args = args;
        this.context = context;
        String port = context.getEnvironment().getProperty("local.server.port");
        this.http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    /** Starts on fresh ports; pass the environment of a previous run to restart on the same ports and data. */
    static RunningSystem start(Path dataDir, Map<String, String> extraEnv, String... args) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.putIfAbsent("RIGHTSFLOW_DATA_DIR", dataDir.toString());
        env.putIfAbsent("RIGHTSFLOW_KAFKA_PORT", String.valueOf(freePort()));
        env.putIfAbsent("RIGHTSFLOW_KAFKA_CONTROLLER_PORT", String.valueOf(freePort()));
        env.putIfAbsent("RIGHTSFLOW_MONGO_PORT", String.valueOf(freePort()));
        env.putIfAbsent("PORT", "0");
        RunningSystem system = new RunningSystem(dataDir, env, args, RightsflowStandalone.start(env, args));
        system.awaitReady();
        return system;
    }

    /**
     * Every service has caught up with its topics (until then its APIs answer 503 with Retry-After), and the demo
     * stand-ins, which listen before any service consumes, have started (or are off).
     */
    void awaitReady() {
        var services = context.getBeansOfType(dev.rightsflow.schemas.state.ProjectionState.class).values();
        EmbeddedInfrastructure infrastructure = context.getBean(EmbeddedInfrastructure.class);
        org.awaitility.Awaitility.await("every service caught up, the demo stand-ins up").atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(200)).until(() -> services.stream().allMatch(s -> s.ready())
                        && infrastructure.demoVendorsSettled());
    }

    RunningSystem restart() {
        close();
        return start(dataDir, env, args);
    }

    @Override
    public void close() {
        context.close();
    }

    static int freePort() {
        return FreePorts.take();
    }
}
