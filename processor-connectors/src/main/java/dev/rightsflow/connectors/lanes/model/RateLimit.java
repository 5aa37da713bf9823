package dev.rightsflow.connectors.lanes.model;

import java.time.Duration;

/**
 * How many calls a vendor allows in a period ({@code 10} per {@code 1s}, {@code 3000} per
 * {@code 1m}). The runner counts every HTTP request a connector makes to its vendor against its
 * lane's limit, so a task that makes three calls uses three.
 *
 * @param calls  calls allowed in one period, at least 1
 * @param period length of the period, positive
 */
public record RateLimit(int calls, Duration period) {

    public RateLimit {
        if (calls < 1) {
            throw new IllegalArgumentException("a rate limit allows at least one call per period, not " + calls);
        }
        if (period == null || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("a rate limit's period must be positive, not " + period);
        }
    }

    public static RateLimit perSecond(int calls) {
        return new RateLimit(calls, Duration.ofSeconds(1));
    }
}
