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
 *                                   admin; password {@code demo-password}); unset: on exactly when the demo is
 *                                   ({@code rightsflow.demo=true}); {@code true} without the demo refuses to start
 * @param users                      staff who may sign in to the dashboard
 * @param anchorKey                  the secret that seals global anchors (at least 32 bytes; never stored in
 *                                   MongoDB); required unless the demo is on or {@code anchorKeyFile} is set
 * @param anchorKeyFile              a file holding that secret (a mounted secret), preferred over {@code anchorKey}
 * @param webhookAllowedHosts        hosts (or host:port) that alert webhooks may reach even though they resolve
 *                                   to a loopback, private or link-local address (see {@code OutboundAddresses})
 */
@ConfigurationProperties("rightsflow.audit-log")
public record AuditLogProperties(
        @DefaultValue("rightsflow-audit") String database,
        @DefaultValue("5m") Duration anchorInterval,
        @DefaultValue("1m") Duration alertScanInterval,
        @DefaultValue("3") int extensionNoticeWorkingDays,
        @DefaultValue("http://localhost:8080") String publicUrl,
        @DefaultValue("rightsflow-alerts@localhost") String alertEmailFrom,
        Boolean demoUsers,
        List<StaffUser> users,
        String anchorKey,
        String anchorKeyFile,
        List<String> webhookAllowedHosts) {

    public AuditLogProperties {
        users = users == null ? List.of() : List.copyOf(users);
        webhookAllowedHosts = webhookAllowedHosts == null ? List.of() : List.copyOf(webhookAllowedHosts);
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
