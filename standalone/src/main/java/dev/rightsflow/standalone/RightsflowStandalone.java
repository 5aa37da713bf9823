package dev.rightsflow.standalone;

import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.event.ApplicationReadyEvent;
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

    public static void main(String[] args) {
        try {
            start(System.getenv(), args);
        } catch (RuntimeException e) {
            // Whatever was started has been stopped; say why and end, rather than leave a JVM
            // running with half a system.
            log.error("Rightsflow could not start: {}", e.getMessage(), e);
            System.exit(1);
        }
    }

    /** Starts the system with the given environment; the returned context owns the infrastructure. */
    public static ConfigurableApplicationContext start(Map<String, String> env, String... args) {
        AvroSingleObjectSerde.trustRightsflowPackages();
        EmbeddedInfrastructure infrastructure = EmbeddedInfrastructure.start(
                EmbeddedInfrastructure.StandaloneSettings.fromEnvironment(env));
        SpringApplication app = new SpringApplication(RightsflowStandalone.class);
        Map<String, Object> defaults = new HashMap<>(infrastructure.properties());
        if (env.containsKey("PORT")) {
            defaults.put("server.port", env.get("PORT"));
        }
        app.addInitializers(context -> {
            context.getEnvironment().getPropertySources()
                    .addFirst(new MapPropertySource("rightsflow-embedded", defaults));
            // Registered before any other bean, so destroyed after all of them: the services stop
            // consuming before the broker and the MongoDB server go away.
            context.getBeanFactory().registerSingleton("rightsflowEmbeddedInfrastructure", infrastructure);
            ((org.springframework.beans.factory.support.DefaultListableBeanFactory) context.getBeanFactory())
                    .registerDisposableBean("rightsflowEmbeddedInfrastructure", infrastructure);
        });
        boolean demoData = DemoRequests.enabled(env);
        app.addListeners((ApplicationReadyEvent ready) -> {
            Environment environment = ready.getApplicationContext().getEnvironment();
            Collection<ProjectionState> services = ready.getApplicationContext().getBeansOfType(ProjectionState.class).values();
            infrastructure.startCheckpoints();
            Thread announcer = new Thread(() -> {
                if (!awaitReady(services)) {
                    return;
                }
                if (demoData) {
                    DemoRequests.sendOnFirstStart(environment.getProperty("rightsflow.kafka.bootstrap-servers"),
                            environment.getProperty("local.server.port", Integer.class, 8080));
                }
                announce(environment);
            }, "rightsflow-announce");
            announcer.setDaemon(true);
            announcer.start();
        });
        try {
            return app.run(args);
        } catch (RuntimeException e) {
            infrastructure.destroy();
            throw e;
        }
    }

    /**
     * Waits until every service has caught up with its topics (each answers 503 until then), logging
     * progress now and then. @return false when the wait was cut short
     */
    private static boolean awaitReady(Collection<ProjectionState> services) {
        try {
            for (ProjectionState service : services) {
                while (!service.awaitReady(5, TimeUnit.SECONDS)) {
                    log.info("catching up with the topics: {}", services.stream()
                            .map(s -> s.service() + " " + s.percentCaughtUp() + "%").toList());
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
                Press Ctrl-C to stop.""", base, base, base, base, base, base);
    }
}
