/** audit-log's view of the organisation registry, built from the REGISTRY topic the router writes. */
package dev.rightsflow.auditlog.registry;
