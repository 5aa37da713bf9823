/**
 * What every feature of the router publishes through: the port {@code application.EventPublisher}, its Kafka
 * implementation ({@code kafka}) and the actor every event and command names ({@code model.Actor}).
 */
package dev.rightsflow.router.events;
