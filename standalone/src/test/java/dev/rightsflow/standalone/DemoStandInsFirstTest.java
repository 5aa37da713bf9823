package dev.rightsflow.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import dev.rightsflow.schemas.state.ProjectionState;
import dev.rightsflow.standalone.demo.DemoVendors;

/**
 * The demo stand-ins of the vendors listen before any service consumes. The connectors resume the tasks of a
 * backlog as soon as they have caught up; when the stand-ins started only once every service was ready, those
 * tasks called ports where nothing listened yet, paused their lanes, and the ones whose deadline was at risk
 * dead-lettered (issue 9). The stand-ins listen on fixed ports (9101-9112): run where nothing else holds them.
 */
class DemoStandInsFirstTest {

    @TempDir
    Path dataDir;

    @Test
    void everyStandInAcceptsConnectionsOnceTheContextHasStartedItsListeners() throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("RIGHTSFLOW_DATA_DIR", dataDir.toString());
        env.put("RIGHTSFLOW_KAFKA_PORT", String.valueOf(RunningSystem.freePort()));
        env.put("RIGHTSFLOW_KAFKA_CONTROLLER_PORT", String.valueOf(RunningSystem.freePort()));
        env.put("RIGHTSFLOW_MONGO_PORT", String.valueOf(RunningSystem.freePort()));
        env.put("PORT", "0");
        env.put("RIGHTSFLOW_DEMO_DATA", "false");
        try (ConfigurableApplicationContext context = RightsflowStandalone.start(env)) {
            // start returns once every lifecycle has started, listeners included, and before the services are ready
            EmbeddedInfrastructure infrastructure = context.getBean(EmbeddedInfrastructure.class);
            DemoVendors vendors = infrastructure.demoVendors();
            assertThat(vendors).as("the stand-ins have started by the time the listeners run").isNotNull();
            assertThat(vendors.ports()).as("every stand-in is this system's").containsExactlyElementsOf(DemoVendors.PORTS);
            for (int port : DemoVendors.PORTS) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
                    assertThat(socket.isConnected()).as("stand-in on " + port).isTrue();
                }
            }

            // and they were waited for before the first listener started, not merely by the end of the start (at the
            // same gate as the earlier run's consumer groups: EmbeddedKafkaBrokerTest)
            int gate = context.getBean(EmbeddedInfrastructure.BeforeTheListeners.class).getPhase();
            assertThat(context.getBeansOfType(ProjectionState.class).values()).isNotEmpty()
                    .allSatisfy(service -> assertThat(gate).isLessThan(service.getPhase()));
            assertThat(gate).isLessThan(context.getBean(KafkaListenerEndpointRegistry.class).getPhase());
            assertThat(context.getBean(KafkaListenerEndpointRegistry.class).getListenerContainers())
                    .as("the services' listeners run").anyMatch(c -> c.isRunning());
        }
    }
}
