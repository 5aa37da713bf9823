/**
 * The router's use cases: the registry (edits published as events, projected), the case workflow
 * (resolve, forward, open, accept, plan, follow, staff commands, tasks at risk), the fold that
 * rebuilds cases from topics and the reconciliation that publishes what a crash left unpublished.
 * Speaks the Avro contract at its edges; storage, Kafka and HTTP sit behind ports.
 */
package dev.rightsflow.router.application;
