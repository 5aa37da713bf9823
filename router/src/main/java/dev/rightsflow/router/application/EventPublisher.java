package dev.rightsflow.router.application;

import org.apache.avro.specific.SpecificRecord;

/** Publishes an event and waits for the broker's acknowledgement (topic keyed by {@code key}). */
public interface EventPublisher {
    void publish(String topic, String key, SpecificRecord event);
}
