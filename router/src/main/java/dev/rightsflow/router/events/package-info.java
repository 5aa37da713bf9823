/**
 * What every feature of the router publishes through: the port {@code application.EventPublisher}, generic over
 * what a feature publishes in its model's terms, its Kafka implementation ({@code kafka.KafkaEventPublisher}, which
 * maps with the feature's own mapping to the contract) and the actor every event and command names
 * ({@code model.Actor}).
 */
package dev.rightsflow.router.events;
