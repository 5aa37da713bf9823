package dev.rightsflow.connectors.tasks.application;

import java.time.Duration;
import java.util.Map;

import dev.rightsflow.connectors.lanes.model.RateLimit;
import dev.rightsflow.connectors.tasks.model.RetryPolicy;


/**
 * How the runner behaves.
 *
 * @param pollInterval    how often due tasks, reminders and unacknowledged events are looked for
 * @param lease           how long a claimed task belongs to this runner; after it a crashed run is resumed
 * @param batch           due tasks, due reminders and unacknowledged events each read per sweep
 * @param reminderEvery   default reminder interval of tasks waiting for a person
 * @param lanes           per-connector (or per-system) settings; {@code default} applies to those not listed
 * @param callbackBaseUrl public address vendors call back (OpenDSR), or null when there is none
 * @param shutdownTimeout how long a stop waits for vendor calls in flight to finish; the runs still
 *                        going then are handed back (due again, no attempt used)
 */
public record RunnerSettings(Duration pollInterval, Duration lease, int batch, Duration reminderEvery,
        Map<String, Lane> lanes, String callbackBaseUrl, Duration shutdownTimeout) {

    /**
     * One connector's lane: how many of its tasks run at once, how many vendor calls it may make
     * per period, its retry policy, and when a system's vendor counts as down.
     */
    public record Lane(int concurrency, RateLimit rateLimit, RetryPolicy retry, Breaker breaker) {

        public Lane(int concurrency, RateLimit rateLimit, RetryPolicy retry) {
            this(concurrency, rateLimit, retry, Breaker.DEFAULT);
        }

        public Lane {
            breaker = breaker == null ? Breaker.DEFAULT : breaker;
        }
    }

    /**
     * When a system's vendor counts as down (a circuit breaker per system): at least
     * {@code minimumCalls} of the last {@code window} calls were made and {@code failureRatePercent}
     * of them failed in a way a retry could fix (5xx, timeouts, refused connections, 429). Then the
     * system's tasks are not taken (their attempts are not used) until {@code probeEvery} has passed;
     * one task then probes the vendor, and its success resumes them.
     */
    public record Breaker(int minimumCalls, int window, float failureRatePercent, Duration probeEvery) {

        public static final Breaker DEFAULT = new Breaker(5, 10, 50f, Duration.ofSeconds(30));

        public Breaker {
            if (minimumCalls < 1 || window < minimumCalls) {
                throw new IllegalArgumentException("the breaker needs 1 <= minimumCalls <= window");
            }
            if (failureRatePercent <= 0 || failureRatePercent > 100) {
                throw new IllegalArgumentException("failureRatePercent must be in (0, 100]");
            }
        }
    }

    public RunnerSettings(Duration pollInterval, Duration lease, int batch, Duration reminderEvery, Map<String, Lane> lanes,
            String callbackBaseUrl) {
        this(pollInterval, lease, batch, reminderEvery, lanes, callbackBaseUrl, Duration.ofSeconds(10));
    }

    public RunnerSettings {
        shutdownTimeout = shutdownTimeout == null ? Duration.ofSeconds(10) : shutdownTimeout;
        lanes = Map.copyOf(lanes);
        if (!lanes.containsKey("default")) {
            throw new IllegalArgumentException("the runner needs a 'default' lane");
        }
    }

    public Lane lane(String connector) {
        return lanes.getOrDefault(connector, lanes.get("default"));
    }

    /**
     * The lane a task runs on: its system's own lane when one is configured under the system id
     * (one vendor account with its own limit), otherwise its connector's.
     */
    public String laneName(String systemId, String connector) {
        return systemId != null && lanes.containsKey(systemId) ? systemId : connector;
    }
}
