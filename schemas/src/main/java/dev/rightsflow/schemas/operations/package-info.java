/**
 * What an operator sees of every service, wired once for all of them by
 * {@link dev.rightsflow.schemas.operations.OperationsAutoConfiguration}: a MongoDB health check that
 * works on a real MongoDB and on the in-process server, the guard of the actuator endpoints other
 * than health, the catch-up gauges, and the one-line report of a port already in use.
 */
package dev.rightsflow.schemas.operations;
