/**
 * The use cases of processor connectors: the task runner (accept a dispatched task, run it on its
 * connector's lane, retry, dead-letter, confirm by hand, retry on request, resume after a
 * restart), access packages (gather every export of a request into one encrypted ZIP and let the
 * subject download it with their status token), connector discovery and secrets. Talks to
 * storage and Kafka only through the ports {@link dev.rightsflow.connectors.application.TaskStore},
 * {@link dev.rightsflow.connectors.application.PackageStore} and
 * {@link dev.rightsflow.connectors.application.ResultPublisher}.
 */
package dev.rightsflow.connectors.application;
