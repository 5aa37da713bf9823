/**
 * MongoDB adapter (reactive-streams driver, no Spring Data): task state in
 * {@code connectors_tasks} (one document per task id), export plans, status-token hashes and
 * packages. Projections only: everything here can be rebuilt from the Kafka topics.
 */
package dev.rightsflow.connectors.mongo;
