/** Dashboard use cases: staff actions published as commands, charts and statistics. */
package dev.rightsflow.auditlog.dashboard.application;
