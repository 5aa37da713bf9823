/**
 * The plain-Java core of processor connectors: a task's state and its transitions, the retry
 * policy (exponential back-off with jitter), the Art 15 supplementary information and the
 * subject's rights text for access packages. No Spring, Kafka, Mongo, Reactor or Avro types
 * (enforced by {@code ArchitectureTest}, the shared rules).
 */
package dev.rightsflow.connectors.model;
