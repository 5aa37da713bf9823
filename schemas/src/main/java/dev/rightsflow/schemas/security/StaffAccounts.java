package dev.rightsflow.schemas.security;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UserDetailsRepositoryReactiveAuthenticationManager;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import reactor.core.publisher.Mono;

/**
 * The one staff user store of the platform: the people who sign in to audit-log's dashboard and call the staff APIs
 * of other services (intake's logged requests). Read from one configuration, {@code rightsflow.audit-log.users}
 * (kept under audit-log's prefix, where operators already set it), plus the DEMO users when the demo is on
 * ({@code rightsflow.demo=true}, unless {@code rightsflow.audit-log.demo-users=false}). In the standalone every
 * service reads the same environment, so each one's Spring context builds the same store from it; a service run
 * alone is given the same settings. A user without an organisation is a platform administrator.
 */
public final class StaffAccounts {

    /** The configuration key of the staff users. */
    public static final String USERS = "rightsflow.audit-log.users";
    /** DEMO ONLY. The password of every demo user; its BCrypt hash is below. */
    public static final String DEMO_PASSWORD = "demo-password";
    private static final String DEMO_HASH = "$2a$10$Hpv2q0ws50NPZYQ5WU/AcuopLCypjku05OclY4VvFE44LsvEzr3.K";
    /** DEMO ONLY: one user per seed organisation (router's seed registry ids) and a platform admin. */
    public static final List<Account> DEMO = List.of(
            new Account("demo-admin", DEMO_HASH, null, "Demo platform administrator"),
            new Account("demo-mes", DEMO_HASH, "mes", "Demo staff, MES"),
            new Account("demo-ecs", DEMO_HASH, "ecs", "Demo staff, ECS"),
            new Account("demo-me-group", DEMO_HASH, "me-group-25", "Demo staff, 25% M.E. Group"),
            new Account("demo-empower", DEMO_HASH, "empower", "Demo staff, Empower CIC"),
            new Account("demo-rip", DEMO_HASH, "rip", "Demo staff, Research in Practice"),
            new Account("demo-northshire", DEMO_HASH, "northshire-nhs-ft", "Demo staff, Northshire Hospitals NHS FT"));

    private static final Pattern BCRYPT_COST = Pattern.compile("^\\$2[aby]?\\$(\\d{2})\\$");

    /**
     * A member of staff who may sign in.
     *
     * @param passwordHash   BCrypt hash ({@code {bcrypt}$2a$...} or bare {@code $2a$...})
     * @param organisationId the organisation whose cases they see and log; empty for a platform administrator
     */
    public record Account(String username, String passwordHash, String organisationId, String displayName) {

        public boolean admin() {
            return organisationId == null || organisationId.isBlank();
        }
    }

    private final Map<String, Account> accounts = new LinkedHashMap<>();

    public StaffAccounts(List<Account> accounts) {
        accounts.forEach(a -> this.accounts.put(a.username(), a));
    }

    /** The demo users (when the demo is on and not switched off) followed by the configured users. */
    public static StaffAccounts fromEnvironment(Environment environment) {
        Binder binder = Binder.get(environment);
        boolean demo = binder.bind("rightsflow.demo", Boolean.class).orElse(false);
        Boolean demoUsers = binder.bind("rightsflow.audit-log.demo-users", Boolean.class).orElse(null);
        List<Account> configured = binder.bind(USERS, Bindable.listOf(Account.class)).orElse(List.of());
        List<Account> all = new java.util.ArrayList<>();
        if (demo && !Boolean.FALSE.equals(demoUsers)) {
            all.addAll(DEMO);
        }
        all.addAll(configured);
        return new StaffAccounts(all);
    }

    public List<Account> all() {
        return List.copyOf(accounts.values());
    }

    public Optional<Account> find(String username) {
        return Optional.ofNullable(accounts.get(username));
    }

    /**
     * Checks a user name and password against the store (BCrypt), giving role ADMIN to platform administrators and
     * STAFF to everyone else. A user name that is not there gets a stand-in with a random password hashed at the
     * same BCrypt cost, so the password check still runs and timing does not tell which names exist; the stand-in
     * is refused even if the check passed (it cannot: nobody knows the password).
     */
    public UserDetailsRepositoryReactiveAuthenticationManager authenticationManager() {
        Map<String, UserDetails> users = new java.util.HashMap<>();
        int cost = 10;
        for (Account a : accounts.values()) {
            String hash = a.passwordHash().startsWith("{bcrypt}") ? a.passwordHash().substring(8) : a.passwordHash();
            Matcher m = BCRYPT_COST.matcher(hash);
            if (m.find()) {
                cost = Integer.parseInt(m.group(1));
            }
            users.put(a.username(), User.withUsername(a.username()).password(hash).roles(a.admin() ? "ADMIN" : "STAFF")
                    .build());
        }
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String standInHash = new BCryptPasswordEncoder(cost).encode(Base64.getEncoder().encodeToString(secret));
        ReactiveUserDetailsService lookup = username -> Mono.justOrEmpty(users.get(username))
                .switchIfEmpty(Mono.fromSupplier(() -> User.withUsername(username == null || username.isEmpty() ? "-" : username)
                        .password(standInHash).authorities(new String[0]).build()));
        UserDetailsRepositoryReactiveAuthenticationManager manager = new UserDetailsRepositoryReactiveAuthenticationManager(lookup);
        manager.setPasswordEncoder(new BCryptPasswordEncoder());
        manager.setPostAuthenticationChecks(user -> {
            if (!users.containsKey(user.getUsername())) {
                throw new BadCredentialsException("Invalid Credentials");
            }
        });
        return manager;
    }
}
