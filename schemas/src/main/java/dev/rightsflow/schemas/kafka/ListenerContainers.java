package dev.rightsflow.schemas.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Starts and stops one service's own listener containers by id, leaving the other services'
 * containers alone (in the standalone all four share one registry). Services whose listeners must
 * wait for a rebuild from the topics declare them {@code autoStartup = "false"} and start them here
 * once the projection is rebuilt; an on-demand rebuild stops them first.
 */
public final class ListenerContainers {

    private ListenerContainers() {
    }

    /** Starts those of the named containers that are not running. */
    public static void start(KafkaListenerEndpointRegistry registry, Collection<String> ids) {
        for (String id : ids) {
            MessageListenerContainer container = registry == null ? null : registry.getListenerContainer(id);
            if (container != null && !container.isRunning()) {
                container.start();
            }
        }
    }

    /** Stops those of the named containers that are running; returns them, to start again. */
    public static List<MessageListenerContainer> stop(KafkaListenerEndpointRegistry registry, Collection<String> ids) {
        List<MessageListenerContainer> stopped = new ArrayList<>();
        for (String id : ids) {
            MessageListenerContainer container = registry == null ? null : registry.getListenerContainer(id);
            if (container != null && container.isRunning()) {
                container.stop();
                stopped.add(container);
            }
        }
        return stopped;
    }
}
