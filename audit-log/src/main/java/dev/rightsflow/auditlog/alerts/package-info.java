/** Deadline alerts feature: which alerts apply (model), raising them once (application), notifications (http). */
package dev.rightsflow.auditlog.alerts;
