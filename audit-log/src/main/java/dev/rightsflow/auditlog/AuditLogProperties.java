package dev.rightsflow.auditlog;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of audit log ({@code rightsflow.audit-log.*}). Defaults work for the embedded run.
 *
 * @param database                   the MongoDB database holding this service's projections
 * @param anchorInterval             how often a global anchor over the chain heads is written
 * @param alertScanInterval          how often open cases are checked for deadline alerts
 * @param extensionNoticeWorkingDays raise the extension-notice alert this many working days before month one ends
 * @param publicUrl                  base URL of the dashboard, for links in alert notifications
 * @param alertEmailFrom             sender of alert emails (sent only when {@code spring.mail.host} is set)
 * @param demoUsers                  add the demo staff users (one per seed organisation, plus a platform
 *                                   admin; password {@code demo-password}); switch off in production
 * @param users                      staff who may sign in to the dashboard
 */
@ConfigurationProperties("rightsflow.audit-log")
public record AuditLogProperties(
        @DefaultValue("rightsflow-audit") String database,
        @DefaultValue("5m") Duration anchorInterval,
        @DefaultValue("1m") Duration alertScanInterval,
        @DefaultValue("3") int extensionNoticeWorkingDays,
        @DefaultValue("http://localhost:8080") String publicUrl,
        @DefaultValue("rightsflow-alerts@localhost") String alertEmailFrom,
        @DefaultValue("true") boolean demoUsers,
        List<StaffUser> users) {

    public AuditLogProperties {
        users = users == null ? List.of() : List.copyOf(users);
    }

    /**
     * A member of staff who may sign in.
     *
     * @param username       sign-in name
     * @param passwordHash   BCrypt hash ({@code {bcrypt}$2a$...} or bare {@code $2a$...})
     * @param organisationId the organisation whose cases they see; empty for a platform administrator
     * @param displayName    shown on the dashboard
     */
    public record StaffUser(String username, String passwordHash, String organisationId, String displayName) {
    }
}
