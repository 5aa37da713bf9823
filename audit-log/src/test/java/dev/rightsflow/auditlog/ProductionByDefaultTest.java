package dev.rightsflow.auditlog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import dev.rightsflow.auditlog.dashboard.security.StaffDirectory;
import dev.rightsflow.auditlog.trail.AnchorKeyConfiguration;
import dev.rightsflow.auditlog.trail.model.AnchorSeal;

/**
 * Production by default: without {@code rightsflow.demo=true} audit-log has no demo users and no demo anchor key,
 * and a context missing either secret refuses to start, naming the setting.
 */
class ProductionByDefaultTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(AuditLogProperties.class)
    static class Properties {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(Properties.class, AnchorKeyConfiguration.class)
            .withBean(StaffDirectory.class);

    private static final String STAFF = "rightsflow.audit-log.users[0].username=dpo";
    private static final String STAFF_HASH = "rightsflow.audit-log.users[0].password-hash="
            + "$2a$10$Hpv2q0ws50NPZYQ5WU/AcuopLCypjku05OclY4VvFE44LsvEzr3.K";
    private static final String KEY = "rightsflow.audit-log.anchor-key=0123456789abcdef0123456789abcdef-prod";

    @Test
    void withoutTheDemoAndWithoutAnAnchorKeyItRefusesToStartNamingTheSetting() {
        context.withPropertyValues(STAFF, STAFF_HASH).run(c -> {
            assertThat(c).hasFailed();
            assertThat(c.getStartupFailure()).rootCause().hasMessageContaining("RIGHTSFLOW_AUDIT_ANCHOR_KEY")
                    .hasMessageContaining("rightsflow.audit-log.anchor-key");
        });
    }

    @Test
    void withoutTheDemoAndWithoutStaffItRefusesToStartNamingTheSetting() {
        context.withPropertyValues(KEY).run(c -> {
            assertThat(c).hasFailed();
            assertThat(c.getStartupFailure()).rootCause().hasMessageContaining("rightsflow.audit-log.users");
        });
    }

    @Test
    void aShortKeyOrDemoUsersWithoutTheDemoAreRefused() {
        context.withPropertyValues(STAFF, STAFF_HASH, "rightsflow.audit-log.anchor-key=short").run(c ->
                assertThat(c.getStartupFailure()).rootCause().hasMessageContaining("shorter than 32 bytes"));
        context.withPropertyValues(STAFF, STAFF_HASH, KEY, "rightsflow.audit-log.demo-users=true").run(c ->
                assertThat(c.getStartupFailure()).rootCause().hasMessageContaining("RIGHTSFLOW_DEMO=true"));
    }

    @Test
    void withTheSecretsSetItStartsWithoutDemoUsers() {
        context.withPropertyValues(STAFF, STAFF_HASH, KEY).run(c -> {
            assertThat(c).hasNotFailed();
            assertThat(c.getBean(AnchorSeal.class).keyId()).hasSize(16);
            assertThat(c.getBean(StaffDirectory.class).find("demo-admin")).isEmpty();
            assertThat(c.getBean(StaffDirectory.class).find("dpo")).isPresent();
        });
    }

    @Test
    void withTheDemoSwitchedOnTheDemoUsersAndTheDemoKeyAreThere() {
        context.withPropertyValues("rightsflow.demo=true").run(c -> {
            assertThat(c).hasNotFailed();
            assertThat(c.getBean(StaffDirectory.class).find("demo-admin")).isPresent();
        });
    }
}
