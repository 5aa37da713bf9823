package dev.rightsflow.intake.kafka;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.stereotype.Component;

import dev.rightsflow.intake.application.RegistryView;
import dev.rightsflow.intake.application.StatusStore;
import dev.rightsflow.schemas.kafka.ListenerContainers;
import dev.rightsflow.schemas.kafka.KafkaSettings;

/**
 * Start-up order of intake's Kafka side: when its views are empty (a fresh in-process MongoDB,
 * say), rebuild them from the topics, the system of record; then start the live listeners. The
 * listeners are declared with {@code autoStartup = "false"} so none runs before the replay.
 */
@Component
public class ProjectionStartup implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProjectionStartup.class);
    private static final List<String> LISTENERS = List.of(IntakeListeners.REGISTRY_LISTENER,
            IntakeListeners.STATUS_LISTENER, IntakeListeners.COMMANDS_LISTENER);

    private final IntakeProjection projection;
    private final RegistryView registry;
    private final StatusStore statuses;
    private final KafkaSettings kafka;
    private final KafkaListenerEndpointRegistry listeners;
    private volatile boolean running;

    public ProjectionStartup(IntakeProjection projection, RegistryView registry, StatusStore statuses,
            KafkaSettings kafka, KafkaListenerEndpointRegistry listeners) {
        this.projection = projection;
        this.registry = registry;
        this.statuses = statuses;
        this.kafka = kafka;
        this.listeners = listeners;
    }

    @Override
    public void start() {
        boolean empty = Boolean.TRUE.equals(registry.isEmpty().block(Duration.ofSeconds(30)))
                && Boolean.TRUE.equals(statuses.isEmpty().block(Duration.ofSeconds(30)));
        if (empty && kafka.replayAtStart()) {
            projection.rebuild(false);
        }
        ListenerContainers.start(listeners, LISTENERS);
        log.info("intake listeners started");
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the listener endpoint registry's phase, so the containers exist. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 50;
    }
}
