package dev.rightsflow.router.registry.application;

import java.time.Instant;

import dev.rightsflow.router.events.model.Actor;

/**
 * Publishes a registry entry as the organisation's {@code OrganisationPublished} (topic REGISTRY, key the
 * organisation id) and waits for the broker's acknowledgement; implemented in the Kafka adapter
 * ({@code registry.kafka.RegistryEvents}), which alone knows the event contract.
 */
@FunctionalInterface
public interface RegistryPublisher {

    /**
     * @param entry    the organisation at its new version
     * @param document the entry as the registry's JSON document ({@link RegistryCodec#document})
     * @param actor    who made the change
     * @param at       when
     */
    void publish(RegistryEntry entry, String document, Actor actor, Instant at);
}
