/** Kafka adapters of the router: listeners, the publisher, and the start-up rebuild from topics. */
package dev.rightsflow.router.kafka;
