package dev.rightsflow.auditlog.dashboard.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Staff sign-in throttling ({@code rightsflow.audit-log.login-throttle.*}).
 *
 * @param accountFreeFailures wrong passwords for one user name before each further attempt must wait
 * @param addressFreeFailures wrong passwords from one client address (any user names) before the same
 * @param baseDelay           the first wait; each further failure doubles it
 * @param maxDelay            the longest wait
 * @param forgetAfter         failures older than this (since the last one) are forgotten
 */
@ConfigurationProperties("rightsflow.audit-log.login-throttle")
public record LoginThrottleProperties(
        @DefaultValue("5") int accountFreeFailures,
        @DefaultValue("20") int addressFreeFailures,
        @DefaultValue("1s") Duration baseDelay,
        @DefaultValue("15m") Duration maxDelay,
        @DefaultValue("1h") Duration forgetAfter) {
}
