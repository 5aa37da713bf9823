package dev.rightsflow.connectors.tasks.model;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * When to try a failed task again: capped exponential back-off with jitter (Kafka Connect's
 * {@code errors.retry.*} and AWS's "full jitter" advice: spread the retries of many tasks so a
 * vendor coming back is not hit by all of them at once). A run gives up only when it has used both
 * budgets: {@code maxAttempts} attempts and {@code retryFor} of time since it began, so a vendor
 * outage of hours does not page a person, and a task still gets its attempts once the vendor is
 * back. (A deadline at risk ends the run sooner: {@link DeadlineGuard}.)
 *
 * @param maxAttempts attempts in one run before it may give up (at least 1)
 * @param initial     delay after the first failure
 * @param multiplier  growth per further failure
 * @param max         largest delay the policy chooses itself
 * @param jitter      0..1: the delay is drawn from [d·(1-jitter), d·(1+jitter)]
 * @param retryFor    how long a run keeps retrying before it may give up (zero: attempts only)
 */
public record RetryPolicy(int maxAttempts, Duration initial, double multiplier, Duration max, double jitter, Duration retryFor) {

    /** The vendor's own hint is honoured up to this, so a bogus Retry-After cannot park a task for weeks. */
    public static final Duration LONGEST_HINT = Duration.ofHours(24);

    /** A policy bounded by attempts only. */
    public RetryPolicy(int maxAttempts, Duration initial, double multiplier, Duration max, double jitter) {
        this(maxAttempts, initial, multiplier, max, jitter, Duration.ZERO);
    }

    public RetryPolicy {
        retryFor = retryFor == null ? Duration.ZERO : retryFor;
        if (retryFor.isNegative()) {
            throw new IllegalArgumentException("retryFor must not be negative");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (multiplier < 1.0) {
            throw new IllegalArgumentException("multiplier must be at least 1");
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter must be between 0 and 1");
        }
    }

    /** Whether a run that has made this many attempts may not make another (the attempt budget alone). */
    public boolean exhausted(int attemptsInRun) {
        return attemptsInRun >= maxAttempts;
    }

    /** Whether a run that has made this many attempts and has been running this long gives up: both budgets are used. */
    public boolean exhausted(int attemptsInRun, Duration running) {
        return exhausted(attemptsInRun) && running.compareTo(retryFor) >= 0;
    }

    /**
     * The delay before the next attempt after {@code failedAttempt} (1-based) failed: the back-off
     * with jitter, or the vendor's hint when that is longer.
     *
     * @param hint   the vendor's Retry-After, or null
     * @param random a source of numbers in [0, 1)
     */
    public Duration delayAfter(int failedAttempt, Duration hint, DoubleSupplier random) {
        double base = initial.toMillis() * Math.pow(multiplier, Math.max(0, failedAttempt - 1));
        double capped = Math.min(base, max.toMillis());
        double factor = 1 - jitter + 2 * jitter * random.getAsDouble();
        Duration backOff = Duration.ofMillis(Math.max(1, Math.round(capped * factor)));
        if (hint != null && hint.compareTo(backOff) > 0) {
            return hint.compareTo(LONGEST_HINT) > 0 ? LONGEST_HINT : hint;
        }
        return backOff;
    }
}
