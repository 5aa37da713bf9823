/**
 * The deadline calculator of audit-log: {@code GET /api/v1/deadlines} answers the statutory due
 * date of a request (Art 12(3) and Art 12A UK GDPR, ICO method) with the steps that produced
 * it and the organisation's own response targets, for staff and for the dashboard's "what if".
 *
 * <p>The rules themselves live in the plain-Java {@code deadline-engine} module; this package
 * only adapts them to HTTP and to the registry. Sub-packages: {@code application} (the use
 * case and the port to the organisations' targets, implemented by audit-log's one registry view,
 * {@code dev.rightsflow.auditlog.registry.RegistryView}), {@code web} (the controller and its
 * problem responses).
 */
package dev.rightsflow.auditlog.deadlines;
