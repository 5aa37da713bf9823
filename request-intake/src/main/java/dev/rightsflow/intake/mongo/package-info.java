/**
 * MongoDB adapters of request intake (reactive-streams driver, no Spring Data): the registry view,
 * the citizen-status projection, idempotency records, identity codes and seen processor
 * signatures, in the database {@code rightsflow.intake.database}.
 */
package dev.rightsflow.intake.mongo;
