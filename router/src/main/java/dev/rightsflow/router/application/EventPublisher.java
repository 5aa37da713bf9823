package dev.rightsflow.router.application;

import org.apache.avro.specific.SpecificRecord;

import dev.rightsflow.router.model.CaseEvent;

/**
 * Publishes an event and waits for the broker's acknowledgement (topic keyed by {@code key}). The
 * case model's facts ({@link CaseEvent}) are mapped to the event contract, and their topic chosen,
 * by the adapter.
 */
@FunctionalInterface
public interface EventPublisher {
    void publish(String topic, String key, SpecificRecord event);

    /**
     * Publishes a fact the case model decided, as its event in the contract, on its topic. The
     * Kafka adapter does; a publisher of contract events only (a test's lambda) refuses.
     */
    default void publish(String key, CaseEvent event) {
        throw new UnsupportedOperationException("this publisher cannot map " + event.getClass().getSimpleName());
    }
}
