package dev.rightsflow.connectors.application;

import java.time.Duration;
import java.util.Map;

import dev.rightsflow.connectors.model.RateLimit;
import dev.rightsflow.connectors.model.RetryPolicy;

/**
 * How the runner behaves.
 *
 * @param pollInterval    how often due tasks, reminders and unacknowledged events are looked for
 * @param lease           how long a claimed task belongs to this runner; after it a crashed run is resumed
 * @param batch           due tasks read per sweep
 * @param reminderEvery   default reminder interval of tasks waiting for a person
 * @param lanes           per-connector (or per-system) settings; {@code default} applies to those not listed
 * @param callbackBaseUrl public address vendors call back (OpenDSR), or null when there is none
 */
public record RunnerSettings(Duration pollInterval, Duration lease, int batch, Duration reminderEvery,
        Map<String, Lane> lanes, String callbackBaseUrl) {

    /**
     * One connector's lane: how many of its tasks run at once, how many vendor calls it may make
     * per period, and its retry policy.
     */
    public record Lane(int concurrency, RateLimit rateLimit, RetryPolicy retry) {
    }

    public RunnerSettings {
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
