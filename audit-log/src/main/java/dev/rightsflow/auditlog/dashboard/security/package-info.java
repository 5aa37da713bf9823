/** Staff sign-in (Spring Security for WebFlux), scoped to audit-log's own paths. */
package dev.rightsflow.auditlog.dashboard.security;
