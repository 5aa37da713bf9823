package dev.rightsflow.auditlog;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Runs audit log on its own (port 8084 by default). Thin on purpose: everything is
 * wired in {@link AuditLogConfiguration}, which the standalone imports beside the other services.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(AuditLogConfiguration.class)
public class AuditLogApplication {

    public static void main(String[] args) {
        SpringApplication.run(AuditLogApplication.class, args);
    }
}
