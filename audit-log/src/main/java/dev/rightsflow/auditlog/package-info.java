/**
 * Rightsflow audit log: hash-chained audit trail, case and deadline projection, alerts and the compliance dashboard.
 */
package dev.rightsflow.auditlog;
