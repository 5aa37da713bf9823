/**
 * Request intake's core, plain Java: the rights and what each needs, the registry view, the rules
 * that admit or reject a submission, identity codes, status tokens, processor signatures and the
 * citizen's status projection. No Spring, Kafka, MongoDB, Reactor or Avro types (enforced by
 * {@code ArchitectureTest}, the shared rules).
 */
package dev.rightsflow.intake.model;
