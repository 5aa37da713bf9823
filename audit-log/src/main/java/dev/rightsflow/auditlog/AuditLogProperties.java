package dev.rightsflow.auditlog;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of audit log ({@code rightsflow.audit-log.*}). Defaults work for the embedded run.
 *
 * @param database the MongoDB database holding this service's projections
 */
@ConfigurationProperties("rightsflow.audit-log")
public record AuditLogProperties(@DefaultValue("rightsflow-audit") String database) {
}
