/** The tamper-evident audit trail feature: hash chains per request, anchors, verification, exports. */
package dev.rightsflow.auditlog.trail;
