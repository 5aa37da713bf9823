/**
 * The router's domain core, plain Java: the registry (organisations, services, data maps),
 * controller resolution, the plan of tasks and the case state. No Spring, Kafka, MongoDB,
 * Reactor or Avro types (enforced by {@code RouterArchitectureTest}).
 */
package dev.rightsflow.router.model;
