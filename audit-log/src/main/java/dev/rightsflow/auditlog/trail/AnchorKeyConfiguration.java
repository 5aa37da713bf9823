package dev.rightsflow.auditlog.trail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.rightsflow.auditlog.AuditLogProperties;
import dev.rightsflow.auditlog.trail.model.AnchorSeal;

/**
 * The audit trail's key: the anchor seal ({@link AnchorSeal}) is made from a key that never enters MongoDB.
 *
 * <p>Where the key comes from, first match wins:
 * <ol>
 *   <li>{@code rightsflow.audit-log.anchor-key-file} ({@code RIGHTSFLOW_AUDIT_ANCHOR_KEY_FILE}): a file holding
 *       the key (a mounted secret; surrounding whitespace ignored);</li>
 *   <li>{@code rightsflow.audit-log.anchor-key} ({@code RIGHTSFLOW_AUDIT_ANCHOR_KEY});</li>
 *   <li>only when the demo is switched on ({@code rightsflow.demo=true}, {@code RIGHTSFLOW_DEMO=true}): a fixed,
 *       published demo key, with a warning.</li>
 * </ol>
 * Otherwise audit-log refuses to start and names the setting. The key must be at least 32 bytes; changing it
 * makes earlier anchors report {@code ANCHOR_FORGED}, so keep it for as long as the trail is kept.
 */
@Configuration(proxyBeanMethods = false)
public class AnchorKeyConfiguration {

    /** DEMO ONLY. Published in the source, so it protects nothing: the demo's anchors are not evidence. */
    static final String DEMO_ANCHOR_KEY = "rightsflow-demo-anchor-key-PUBLISHED-NOT-SECRET-0001";
    private static final Logger log = LoggerFactory.getLogger(AnchorKeyConfiguration.class);

    @Bean
    public AnchorSeal auditLogAnchorSeal(AuditLogProperties properties, Environment environment) {
        return new AnchorSeal(anchorKey(properties, environment.getProperty("rightsflow.demo", Boolean.class, false)));
    }

    static byte[] anchorKey(AuditLogProperties properties, boolean demo) {
        byte[] key;
        String setting;
        if (notBlank(properties.anchorKeyFile())) {
            setting = "rightsflow.audit-log.anchor-key-file (RIGHTSFLOW_AUDIT_ANCHOR_KEY_FILE)";
            try {
                key = Files.readString(Path.of(properties.anchorKeyFile().trim())).strip().getBytes(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException("audit-log cannot start: " + setting + " names a file that cannot be"
                        + " read (" + e.getClass().getSimpleName() + ")", e);
            }
        } else if (notBlank(properties.anchorKey())) {
            setting = "rightsflow.audit-log.anchor-key (RIGHTSFLOW_AUDIT_ANCHOR_KEY)";
            key = properties.anchorKey().strip().getBytes(StandardCharsets.UTF_8);
        } else if (demo) {
            log.warn("DEMO: audit anchors are sealed with the published demo key; set RIGHTSFLOW_AUDIT_ANCHOR_KEY"
                    + " anywhere real requests are handled");
            return DEMO_ANCHOR_KEY.getBytes(StandardCharsets.UTF_8);
        } else {
            throw new IllegalStateException("audit-log cannot start: the audit anchor key is not set. Set"
                    + " rightsflow.audit-log.anchor-key (environment RIGHTSFLOW_AUDIT_ANCHOR_KEY) or"
                    + " rightsflow.audit-log.anchor-key-file (RIGHTSFLOW_AUDIT_ANCHOR_KEY_FILE) to a secret of at"
                    + " least " + AnchorSeal.MIN_KEY_BYTES + " bytes kept outside MongoDB (e.g. openssl rand -base64"
                    + " 48), or switch the demo on with RIGHTSFLOW_DEMO=true (demo only)");
        }
        if (key.length < AnchorSeal.MIN_KEY_BYTES) {
            throw new IllegalStateException("audit-log cannot start: " + setting + " is shorter than "
                    + AnchorSeal.MIN_KEY_BYTES + " bytes");
        }
        return key;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
