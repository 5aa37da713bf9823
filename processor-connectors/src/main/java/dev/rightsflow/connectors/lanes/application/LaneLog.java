package dev.rightsflow.connectors.lanes.application;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Where the runner tells everyone that a system's lane paused or resumed (LanePaused, LaneResumed),
 * and where it reads, at start, what it last told: a pause announced before a restart is ended then,
 * so no dashboard keeps showing a pause nobody will resume.
 */
public interface LaneLog {

    /** Publishes the change now; the future completes when the broker has acknowledged it. */
    CompletableFuture<Void> publish(LaneChange change);

    /** The last change published for each system (empty when none). Blocking; called once at start. */
    List<LaneChange> latest();

    /** Publishes nothing and remembers nothing (a runner without Kafka, e.g. in unit tests). */
    LaneLog NONE = new LaneLog() {
        @Override
        public CompletableFuture<Void> publish(LaneChange change) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public List<LaneChange> latest() {
            return List.of();
        }
    };

    /**
     * One change of a system's lane. Never subject data.
     *
     * @param paused        true: the vendor counts as down and the system's tasks wait; false: it runs again
     * @param organisations the controllers whose tasks ran on the system (their staff see the notice)
     * @param reason        paused: the vendor's last retriable failure; resumed: why it runs again
     * @param since         when the pause began (for a resume: the pause it ends; may be null)
     * @param nextProbeAt   paused: when one task probes the vendor first; null when resumed
     * @param probeEvery    paused: how often the vendor is probed; null when resumed
     */
    record LaneChange(String eventId, Instant at, String systemId, String lane, String connector, Set<String> organisations,
            boolean paused, String reason, Instant since, Instant nextProbeAt, Duration probeEvery) {
    }
}
