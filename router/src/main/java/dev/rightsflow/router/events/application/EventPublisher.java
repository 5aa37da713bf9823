package dev.rightsflow.router.events.application;

import org.apache.avro.specific.SpecificRecord;

/**
 * Publishes an event and waits for the broker's acknowledgement (topic keyed by {@code key}). The
 * case model's facts reach it already mapped to the event contract by the {@link EventTranslator}.
 */
@FunctionalInterface
public interface EventPublisher {
    void publish(String topic, String key, SpecificRecord event);

    /**
     * Starts a send without waiting for it: a batch starts all its sends, then awaits their
     * acknowledgements together ({@link CaseService#handleAll}).
     */
    @FunctionalInterface
    interface Unawaited {
        java.util.concurrent.CompletableFuture<?> send(String topic, String key, SpecificRecord event);
    }
}
