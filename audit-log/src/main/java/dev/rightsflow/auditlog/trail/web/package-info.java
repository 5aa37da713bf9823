/** HTTP adapter of the audit trail: entries, verification and exports (JSON, print-friendly HTML, and PDF rendered from that HTML). */
package dev.rightsflow.auditlog.trail.web;
