package dev.rightsflow.connectors.lanes.application;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A lane as operators see it ({@code GET /connectors/lanes}): its limits, how busy it is, and the
 * state of each system's vendor that ran on it since the service started. Never subject data.
 *
 * @param name        the connector's name, a system id with its own lane, or {@code default}
 * @param busy        tasks of the lane running now
 * @param retryFor    how long a run keeps retrying before a dead letter (with {@code maxAttempts})
 * @param probeEvery  how long a paused system waits before one task probes its vendor
 */
public record LaneStatus(String name, int concurrency, int busy, int callsPerPeriod, Duration period, int maxAttempts,
        Duration retryFor, Duration probeEvery, List<VendorStatus> systems) {

    /**
     * @param state        RUNNING (closed breaker), PAUSED (its vendor counts as down; its tasks wait
     *                     and use no attempts) or PROBING (one task is trying the vendor)
     * @param since        when it entered RUNNING or PAUSED
     * @param reason       the last retriable failure while not RUNNING (e.g. "HTTP 503 from ...")
     * @param failureRate  percentage of the recent calls that failed; null until enough calls were made
     * @param nextProbeAt  when a paused system's vendor is probed next; null while RUNNING
     */
    public record VendorStatus(String systemId, String state, Instant since, String reason, Float failureRate, Instant nextProbeAt) {
    }
}
