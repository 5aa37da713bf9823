package dev.rightsflow.auditlog.dashboard.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import dev.rightsflow.auditlog.AuditLogProperties;
import dev.rightsflow.auditlog.AuditLogProperties.StaffUser;
import dev.rightsflow.auditlog.cases.model.Viewer;

/**
 * The staff who may sign in to the dashboard, from {@code rightsflow.audit-log.users}, plus, only when the
 * demo is switched on ({@code rightsflow.demo=true}; {@code rightsflow.audit-log.demo-users=false} leaves them out
 * even then), the DEMO users: one per seed organisation and a platform admin, all with the password
 * {@value #DEMO_PASSWORD}. Production by default: without the demo there are no demo users, asking for them
 * refuses to start, and so does a directory with nobody in it (naming the setting).
 */
@Component("auditLogStaffDirectory")
public class StaffDirectory {

    /** DEMO ONLY. The password of every demo user; its BCrypt hash is below. */
    public static final String DEMO_PASSWORD = "demo-password";
    private static final String DEMO_HASH = "$2a$10$Hpv2q0ws50NPZYQ5WU/AcuopLCypjku05OclY4VvFE44LsvEzr3.K";
    /** DEMO ONLY: one user per seed organisation (router's seed registry ids) and a platform admin. */
    public static final List<StaffUser> DEMO_USERS = List.of(
            new StaffUser("demo-admin", DEMO_HASH, null, "Demo platform administrator"),
            new StaffUser("demo-mes", DEMO_HASH, "mes", "Demo staff, MES"),
            new StaffUser("demo-ecs", DEMO_HASH, "ecs", "Demo staff, ECS"),
            new StaffUser("demo-me-group", DEMO_HASH, "me-group-25", "Demo staff, 25% M.E. Group"),
            new StaffUser("demo-empower", DEMO_HASH, "empower", "Demo staff, Empower CIC"),
            new StaffUser("demo-rip", DEMO_HASH, "rip", "Demo staff, Research in Practice"),
            new StaffUser("demo-northshire", DEMO_HASH, "northshire-nhs-ft", "Demo staff, Northshire Hospitals NHS FT"));

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
