package dev.rightsflow.auditlog.dashboard.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.core.env.Environment;

import dev.rightsflow.auditlog.AuditLogProperties;
import dev.rightsflow.auditlog.AuditLogProperties.StaffUser;
import dev.rightsflow.auditlog.cases.model.Viewer;
import dev.rightsflow.schemas.security.StaffAccounts;

/**
 * The staff who may sign in to the dashboard, from {@code rightsflow.audit-log.users}, plus, only when the
 * demo is switched on ({@code rightsflow.demo=true}; {@code rightsflow.audit-log.demo-users=false} leaves them out
 * even then), the DEMO users: one per seed organisation and a platform admin, all with the password
 * {@value #DEMO_PASSWORD}. Production by default: without the demo there are no demo users, asking for them
 * refuses to start, and so does a directory with nobody in it (naming the setting). The demo users and the sign-in
 * check live in schemas' {@link StaffAccounts}, which request-intake reads from the same configuration for its staff
 * API.
 */
public class StaffDirectory {

    /** DEMO ONLY. The password of every demo user (the shared store's, {@link StaffAccounts#DEMO_PASSWORD}). */
    public static final String DEMO_PASSWORD = StaffAccounts.DEMO_PASSWORD;
    /** DEMO ONLY: one user per seed organisation and a platform admin ({@link StaffAccounts#DEMO}). */
    public static final List<StaffUser> DEMO_USERS = StaffAccounts.DEMO.stream()
            .map(a -> new StaffUser(a.username(), a.passwordHash(), a.organisationId(), a.displayName())).toList();

    private final Map<String, StaffUser> users = new LinkedHashMap<>();

    public StaffDirectory(AuditLogProperties properties, Environment environment) {
        boolean demo = environment.getProperty("rightsflow.demo", Boolean.class, false);
        if (Boolean.TRUE.equals(properties.demoUsers()) && !demo) {
            throw new IllegalStateException("audit-log cannot start: rightsflow.audit-log.demo-users=true"
                    + " (RIGHTSFLOW_DEMO_USERS) needs the demo switched on (RIGHTSFLOW_DEMO=true); demo users have a"
                    + " published password");
        }
        if (demo && !Boolean.FALSE.equals(properties.demoUsers())) {
            DEMO_USERS.forEach(u -> users.put(u.username(), u));
        }
        if (users.isEmpty() && properties.users().isEmpty()) {
            throw new IllegalStateException("audit-log cannot start: no staff user is configured. Set"
                    + " rightsflow.audit-log.users[0].username, .password-hash (BCrypt), .organisation-id and"
                    + " .display-name (environment RIGHTSFLOW_AUDITLOG_USERS_0_USERNAME, ...), or switch the demo on"
                    + " with RIGHTSFLOW_DEMO=true (demo only)");
        }
        properties.users().forEach(u -> users.put(u.username(), u));
    }

    /** The same users as the shared store every service signs staff in with. */
    public StaffAccounts accounts() {
        return new StaffAccounts(users.values().stream()
                .map(u -> new StaffAccounts.Account(u.username(), u.passwordHash(), u.organisationId(), u.displayName()))
                .toList());
    }

    public List<StaffUser> all() {
        return new ArrayList<>(users.values());
    }

    public Optional<StaffUser> find(String username) {
        return Optional.ofNullable(users.get(username));
    }

    /** The viewer for a signed-in user name; a user without organisation is a platform administrator. */
    public Viewer viewer(String username) {
        StaffUser user = users.get(username);
        if (user == null) {
            return new Viewer(username, "-", false);
        }
        boolean admin = user.organisationId() == null || user.organisationId().isBlank();
        return new Viewer(username, admin ? null : user.organisationId(), admin);
    }
}
