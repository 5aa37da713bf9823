package dev.rightsflow.router.application;

import org.apache.avro.specific.SpecificRecord;

/**
 * Publishes an event and waits for the broker's acknowledgement (topic keyed by {@code key}). The
 * case model's facts reach it already mapped to the event contract by the {@link EventTranslator}.
 */
@FunctionalInterface
public interface EventPublisher {
    void publish(String topic, String key, SpecificRecord event);
}
