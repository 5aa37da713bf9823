package dev.rightsflow.router.events.application;

import java.util.concurrent.CompletableFuture;

/**
 * Publishes the facts a feature decided, in the model's terms ({@code F}: the case's facts, a webhook's attempts, a
 * command); the Kafka adapter ({@code events.kafka.KafkaEventPublisher}) maps each to its event in the contract and
 * picks its topic and key with the feature's own mapping.
 *
 * @param <F> what the feature publishes
 */
@FunctionalInterface
public interface EventPublisher<F> {

    /** Publishes {@code fact} and waits for the broker's acknowledgement. */
    void publish(F fact);

    /**
     * Starts the send of {@code fact} without waiting for it: a batch starts all its sends, in order, then awaits
     * their acknowledgements together ({@code CaseService.handleAll}). By default it publishes at once.
     */
    default CompletableFuture<?> send(F fact) {
        publish(fact);
        return CompletableFuture.completedFuture(null);
    }
}
