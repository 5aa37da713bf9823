/**
 * HTTP adapter of the calculator: {@code GET /api/v1/deadlines}, RFC 9457 problem responses
 * scoped to this controller, and a security chain that matches only the calculator's path.
 */
package dev.rightsflow.auditlog.deadlines.web;
