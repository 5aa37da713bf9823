/**
 * The router's domain core, plain Java: the registry (organisations, services, data maps),
 * controller resolution, the plan of tasks and the case state. No Spring, Kafka, MongoDB,
 * Reactor or Avro types (enforced by {@code ArchitectureTest}, the shared rules).
 */
package dev.rightsflow.router.model;
