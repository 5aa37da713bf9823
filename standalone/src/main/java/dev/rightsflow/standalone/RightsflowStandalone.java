package dev.rightsflow.standalone;

import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import dev.rightsflow.schemas.state.ProjectionState;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

import dev.rightsflow.auditlog.AuditLogConfiguration;
import dev.rightsflow.connectors.ProcessorConnectorsConfiguration;
import dev.rightsflow.intake.RequestIntakeConfiguration;
import dev.rightsflow.router.RouterConfiguration;
import dev.rightsflow.schemas.kafka.KafkaSettings;
import dev.rightsflow.schemas.operations.PortInUseReporter;
import dev.rightsflow.schemas.serde.AvroSingleObjectSerde;
import dev.rightsflow.standalone.demo.DemoRequests;

/**
 * The whole system in one JVM on one HTTP port: the four services' configurations imported into
 * one application, on a real embedded Kafka broker and an in-process MongoDB-wire server unless
 * {@code KAFKA_BOOTSTRAP_SERVERS} / {@code MONGODB_URI} name real ones. Ctrl-C shuts it down
 * cleanly: the services stop consuming first, then the broker flushes and stops.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({RequestIntakeConfiguration.class, RouterConfiguration.class, ProcessorConnectorsConfiguration.class,
        AuditLogConfiguration.class})
public class RightsflowStandalone {

    private static final Logger log = LoggerFactory.getLogger(RightsflowStandalone.class);

    /**
     * Consumers per listener container on the embedded broker (one broker, the services on the same machine):
     * one. Idle, each consumer fetches and heartbeats on its own, and a second one per container doubled that
     * burn and the group members that rebalance at every start, for no throughput on two cores (README,
     * "Partitions and listener concurrency"). A real cluster keeps {@link KafkaSettings}' default.
     */
    static final String EMBEDDED_CONCURRENCY_PROPERTY = "rightsflow.kafka.listener-concurrency";

    public static void main(String[] args) {
        try {
            start(System.getenv(), args);
        } catch (RuntimeException e) {
            // Whatever was started has been stopped; say why and end, rather than leave a JVM
            // running with half a system. A taken port has been reported in one line already.
            if (PortInUseReporter.describe(e) == null) {
                log.error("Rightsflow could not start: {}", e.getMessage(), e);
            }
            System.exit(1);
        }
    }

    /**
     * Starts the system with the given environment; the returned context owns the infrastructure.
     * The embedded broker and store start once Spring Boot has set up logging (so its levels and
     * {@code LOGGING_STRUCTURED_FORMAT_CONSOLE} apply to their lines too), after a check that every
     * port they and the web server need is free.
     */
    public static ConfigurableApplicationContext start(Map<String, String> env, String... args) {
        AvroSingleObjectSerde.trustRightsflowPackages();
        SpringApplication app = new SpringApplication(RightsflowStandalone.class);
        EmbeddedStart embedded = new EmbeddedStart(env);
        app.addListeners(embedded);
        app.addInitializers(context -> {
            EmbeddedInfrastructure infrastructure = embedded.infrastructure;
            // Registered before any other bean, so destroyed after all of them: the services stop
            // consuming before the broker and the MongoDB server go away.
            context.getBeanFactory().registerSingleton("rightsflowEmbeddedInfrastructure", infrastructure);
            ((org.springframework.beans.factory.support.DefaultListableBeanFactory) context.getBeanFactory())
                    .registerDisposableBean("rightsflowEmbeddedInfrastructure", infrastructure);
            // The disk store's file and commits as metrics (rightsflow_store_*), bound when the store is on disk
            java.util.function.Supplier<dev.rightsflow.schemas.embedded.IndexedDiskBackend> disk = infrastructure.diskStore();
            if (disk != null) {
                context.getBeanFactory().registerSingleton("rightsflowEmbeddedStoreMetrics", new EmbeddedStoreMetrics(disk));
            }
            // The demo stand-ins listen before any service's listeners start: the connectors resume a backlog's
            // tasks as soon as they have caught up.
            // ... and once the members the earlier run left in the consumer groups are gone (settled beside the context)
            context.getBeanFactory().registerSingleton("rightsflowBeforeTheListeners",
                    new EmbeddedInfrastructure.BeforeTheListeners(infrastructure));
            // The broker and the store start while the context is built: whatever takes the Kafka settings or
            // the MongoDB client first waits until that part is up (its failure fails the context).
            context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {
                @Override
                public Object postProcessBeforeInitialization(Object bean, String beanName) {
                    if (bean instanceof KafkaSettings) {
                        long began = System.nanoTime();
                        infrastructure.awaitKafka();
                        EmbeddedInfrastructure.logWaited(began, "the context", "the Kafka broker");
                    } else if (bean instanceof com.mongodb.reactivestreams.client.MongoClient) {
                        infrastructure.awaitStore();
                    }
                    return bean;
                }
            });
        });
        boolean demoData = DemoRequests.enabled(env);
        app.addListeners((ApplicationReadyEvent ready) -> {
            Environment environment = ready.getApplicationContext().getEnvironment();
            Collection<ProjectionState> services = ready.getApplicationContext().getBeansOfType(ProjectionState.class).values();
            embedded.infrastructure.startCheckpoints();
            Thread announcer = new Thread(() -> {
                if (!awaitReady(services)) {
                    return;
                }
                announce(environment);
                if (demoData) {
                    DemoRequests.sendOnFirstStart(environment.getProperty("rightsflow.kafka.bootstrap-servers"),
                            environment.getProperty("local.server.port", Integer.class, 8080));
                }
            }, "rightsflow-announce");
            announcer.setDaemon(true);
            announcer.start();
        });
        try {
            return app.run(args);
        } catch (RuntimeException e) {
            if (embedded.infrastructure != null) {
                embedded.infrastructure.destroy();
            }
            throw e;
        }
    }

    /**
     * Starts the embedded infrastructure when the environment is prepared, just after Spring Boot's
     * logging listener has applied the logging configuration, and points the services at it.
     */
    private static final class EmbeddedStart implements SmartApplicationListener {

        private final Map<String, String> env;
        private volatile EmbeddedInfrastructure infrastructure;

        EmbeddedStart(Map<String, String> env) {
            this.env = env;
        }

        @Override
        public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
            return ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(eventType);
        }

        @Override
        public int getOrder() {
            return LoggingApplicationListener.DEFAULT_ORDER + 1;
        }

        @Override
        public void onApplicationEvent(ApplicationEvent event) {
            ConfigurableEnvironment environment = ((ApplicationEnvironmentPreparedEvent) event).getEnvironment();
            EmbeddedInfrastructure.StandaloneSettings settings = EmbeddedInfrastructure.StandaloneSettings.fromEnvironment(env);
            int httpPort = env.containsKey("PORT") ? Integer.parseInt(env.get("PORT").trim())
                    : environment.getProperty("server.port", Integer.class, 8080);
            PortCheck.requireFree(environment.getProperty("server.address"), httpPort, "HTTP", "PORT");
            if (settings.externalKafka() == null) {
                PortCheck.requireFree(settings.host(), settings.kafkaPort(), "the embedded Kafka broker",
                        "RIGHTSFLOW_KAFKA_PORT");
                PortCheck.requireFree(settings.host(), settings.kafkaControllerPort(), "the embedded Kafka controller",
                        "RIGHTSFLOW_KAFKA_CONTROLLER_PORT");
            }
            if (settings.externalMongo() == null) {
                PortCheck.requireFree(settings.host(), settings.mongoPort(), "the in-process MongoDB-wire server",
                        "RIGHTSFLOW_MONGO_PORT");
            }
            infrastructure = EmbeddedInfrastructure.start(settings);
            Map<String, Object> defaults = new HashMap<>(infrastructure.properties());
            if (env.containsKey("PORT")) {
                defaults.put("server.port", env.get("PORT"));
            }
            environment.getPropertySources().addFirst(new MapPropertySource("rightsflow-embedded", defaults));
            if (settings.externalKafka() == null) {
                // The embedded broker is one broker on the machine the services run on: one consumer per listener
                // container. Last of all sources, so RIGHTSFLOW_KAFKA_LISTENERCONCURRENCY or a property still wins.
                environment.getPropertySources().addLast(new MapPropertySource("rightsflow-embedded-defaults",
                        Map.of(EMBEDDED_CONCURRENCY_PROPERTY, 1)));
            }
        }
    }

    /**
     * Waits until every service has caught up with its topics (each answers 503 until then; each logs
     * its own progress). @return false when the wait was cut short
     */
    private static boolean awaitReady(Collection<ProjectionState> services) {
        try {
            for (ProjectionState service : services) {
                while (!service.awaitReady(5, TimeUnit.SECONDS)) {
                    // ProjectionState logs how far each service is
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void announce(Environment environment) {
        String base = "http://localhost:" + environment.getProperty("local.server.port", "8080");
        log.info("""

                Rightsflow is running.
                  Citizen request form   {}/
                  Request status page    {}/requests/status
                  Compliance dashboard   {}/dashboard
                  API documentation      {}/swagger-ui.html
                  Deadline calculator    {}/api/v1/deadlines?division=england-and-wales&received=2026-01-30
                  Mail outbox (demo)     {}/intake/outbox
                Heap limit {} MiB. Press Ctrl-C to stop.""", base, base, base, base, base, base,
                Runtime.getRuntime().maxMemory() >> 20);
        if (!heapSizeGiven(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments())) {
            log.warn("No heap limit was given, so the JVM may grow its heap to {} MiB (a quarter of this machine's memory)"
                    + " and keep it after a catch-up: start it with -Xmx1g (e.g. JDK_JAVA_OPTIONS=-Xmx1g java -jar ...),"
                    + " as ./mvnw -Prun does", Runtime.getRuntime().maxMemory() >> 20);
        }
    }

    /** Whether the JVM was started with a heap limit of its own (-Xmx, -XX:MaxHeapSize or a RAM percentage). */
    static boolean heapSizeGiven(java.util.List<String> jvmArguments) {
        return jvmArguments.stream().anyMatch(a -> a.startsWith("-Xmx") || a.startsWith("-XX:MaxHeapSize")
                || a.startsWith("-XX:MaxRAMPercentage") || a.startsWith("-XX:MaxRAM="));
    }
}
