/** HTTP adapter of the audit trail: entries, verification and exports (JSON, print-friendly HTML). */
package dev.rightsflow.auditlog.trail.web;
