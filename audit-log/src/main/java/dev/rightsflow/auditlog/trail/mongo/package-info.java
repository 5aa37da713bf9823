/** MongoDB adapter of the audit trail (reactive-streams driver, no Spring Data). */
package dev.rightsflow.auditlog.trail.mongo;
