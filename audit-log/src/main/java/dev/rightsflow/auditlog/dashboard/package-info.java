/** The compliance dashboard feature: staff actions (model, application), pages and API (web), sign-in (security). */
package dev.rightsflow.auditlog.dashboard;
