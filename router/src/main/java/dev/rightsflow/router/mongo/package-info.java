/** MongoDB projections of the router (registry, cases) through the reactive-streams driver; rebuildable from Kafka. */
package dev.rightsflow.router.mongo;
