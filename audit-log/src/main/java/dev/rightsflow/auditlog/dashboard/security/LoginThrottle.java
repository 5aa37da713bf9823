package dev.rightsflow.auditlog.dashboard.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts wrong staff passwords per user name and per client address, and makes each attempt after
 * the free ones wait: {@code baseDelay}, then twice that after each further failure, up to
 * {@code maxDelay} (OWASP Authentication Cheat Sheet, "Protect against automated attacks"). While an
 * account or address waits, no password is checked at all, not even the right one. A success
 * clears its user name's failures but not its address's, so one valid account cannot be used to
 * keep guessing others. Failures are forgotten {@code forgetAfter} after the last one.
 * <p>
 * The cost of this choice: someone who keeps failing for a user name makes that user wait too, at
 * most {@code maxDelay} at a time. Kept in memory, per instance: a restart forgets, several
 * instances each count on their own.
 */
public final class LoginThrottle {

    /** At most this many tracked keys of each kind before stale ones are dropped. */
    private static final int MAX_KEYS = 50_000;

    private record Failures(int count, Instant last, Instant waitUntil) {
    }

    private final LoginThrottleProperties settings;
    private final Clock clock;
    private final Map<String, Failures> accounts = new ConcurrentHashMap<>();
    private final Map<String, Failures> addresses = new ConcurrentHashMap<>();

    public LoginThrottle(LoginThrottleProperties settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** How long this attempt must wait, or empty when it may go ahead. */
    public Optional<Duration> waitFor(String username, String address) {
        Instant now = clock.instant();
        Instant until = later(waitUntil(accounts, account(username), now), waitUntil(addresses, address, now));
        return until == null || !until.isAfter(now) ? Optional.empty() : Optional.of(Duration.between(now, until));
    }

    public void failed(String username, String address) {
        Instant now = clock.instant();
        record(accounts, account(username), settings.accountFreeFailures(), now);
        if (address != null) {
            record(addresses, address, settings.addressFreeFailures(), now);
        }
    }

    public void succeeded(String username) {
        accounts.remove(account(username));
    }

    private void record(Map<String, Failures> failures, String key, int free, Instant now) {
        if (failures.size() > MAX_KEYS) {
            failures.entrySet().removeIf(e -> stale(e.getValue(), now));
        }
        failures.compute(key, (k, previous) -> {
            int count = previous == null || stale(previous, now) ? 1 : previous.count() + 1;
            return new Failures(count, now, count < free ? null : now.plus(delay(count - free)));
        });
    }

    /** {@code baseDelay * 2^excess}, capped at {@code maxDelay}. */
    Duration delay(int excess) {
        Duration delay = settings.baseDelay();
        for (int i = 0; i < excess && delay.compareTo(settings.maxDelay()) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(settings.maxDelay()) > 0 ? settings.maxDelay() : delay;
    }

    private boolean stale(Failures f, Instant now) {
        return f.last().plus(settings.forgetAfter()).isBefore(now);
    }

    private Instant waitUntil(Map<String, Failures> failures, String key, Instant now) {
        if (key == null) {
            return null;
        }
        Failures f = failures.get(key);
        return f == null || stale(f, now) ? null : f.waitUntil();
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    /** User names are compared case-insensitively here and cut short, so no key can be made arbitrarily big. */
    private static String account(String username) {
        String name = username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
        return name.length() > 200 ? name.substring(0, 200) : name;
    }
}
