package dev.rightsflow.connectors.tasks.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofSeconds(2), 2.0, Duration.ofMinutes(1), 0.5);

    @Test
    void delayDoublesWithEachFailedAttemptUpToTheCap() {
        assertThat(policy.delayAfter(1, null, () -> 0.5)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delayAfter(2, null, () -> 0.5)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.delayAfter(3, null, () -> 0.5)).isEqualTo(Duration.ofSeconds(8));
        assertThat(policy.delayAfter(12, null, () -> 0.5)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void jitterSpreadsTheDelayAroundTheBackOff() {
        assertThat(policy.delayAfter(3, null, () -> 0.0)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.delayAfter(3, null, () -> 0.999999)).isBetween(Duration.ofMillis(11_999), Duration.ofSeconds(12));
    }

    @Test
    void aLongerVendorHintWinsButIsCappedAtADay() {
        assertThat(policy.delayAfter(1, Duration.ofSeconds(30), () -> 0.5)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.delayAfter(1, Duration.ofMillis(10), () -> 0.5)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delayAfter(1, Duration.ofDays(30), () -> 0.5)).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void theRunIsExhaustedAfterMaxAttempts() {
        assertThat(policy.exhausted(4)).isFalse();
        assertThat(policy.exhausted(5)).isTrue();
    }

    @Test
    void aRunGivesUpOnlyWhenBothItsAttemptsAndItsTimeAreUsed() {
        RetryPolicy hours = new RetryPolicy(6, Duration.ofSeconds(2), 2.0, Duration.ofHours(1), 0.5, Duration.ofHours(24));
        assertThat(hours.exhausted(6, Duration.ofMinutes(2))).as("six quick failures of a vendor outage").isFalse();
        assertThat(hours.exhausted(30, Duration.ofHours(23))).isFalse();
        assertThat(hours.exhausted(5, Duration.ofHours(30))).as("a task still gets its attempts after a long pause").isFalse();
        assertThat(hours.exhausted(6, Duration.ofHours(24))).isTrue();
    }

    @Test
    void theDefaultScheduleKeepsRetryingForADay() {
        // The defaults of rightsflow.connectors.runner: the shortest possible schedule (all jitter
        // low) still spans 24 hours before the time budget lets the run give up.
        RetryPolicy defaults = new RetryPolicy(6, Duration.ofSeconds(2), 2.0, Duration.ofHours(1), 0.5, Duration.ofHours(24));
        Duration elapsed = Duration.ZERO;
        int attempt = 1;
        while (!defaults.exhausted(attempt, elapsed)) {
            elapsed = elapsed.plus(defaults.delayAfter(attempt, null, () -> 0.0));
            attempt++;
        }
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofHours(24));
        assertThat(attempt).as("attempts until a dead letter: hourly at most, not thousands").isBetween(7, 100);
    }

    @Test
    void nonsensicalPoliciesAreRefused() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofSeconds(1), 2, Duration.ofSeconds(2), 0.1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(1), 0.5, Duration.ofSeconds(2), 0.1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(1), 2, Duration.ofSeconds(2), 1.5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
