package dev.rightsflow.auditlog.lanes.model;

import static dev.rightsflow.deadline.UkTime.UK;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import dev.rightsflow.auditlog.cases.model.Viewer;

/**
 * The latest known state of one system's lane, as processor-connectors announced it (LanePaused,
 * LaneResumed): whether the system's vendor counts as down, so its tasks wait without using
 * attempts, why, since when, and when it is tried next. Never subject data.
 *
 * @param organisationIds the controllers whose tasks ran on the system: their staff see it
 * @param nextProbeAt     when the vendor was first to be probed; later probes follow every {@code probeEvery}
 * @param changedAt       when the announced change happened (an older announcement never replaces a newer one)
 */
public record LaneState(String systemId, String lane, String connector, List<String> organisationIds, boolean paused,
        String reason, Instant since, Instant nextProbeAt, Duration probeEvery, Instant changedAt) {

    private static final DateTimeFormatter UK_TIME = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.ENGLISH)
            .withZone(UK);

    public LaneState {
        organisationIds = organisationIds == null ? List.of() : List.copyOf(organisationIds);
    }

    /** Staff see the lanes of their own organisation's systems; administrators see every lane. */
    public boolean visibleTo(Viewer viewer) {
        return viewer.admin() || (viewer.organisationId() != null && organisationIds.contains(viewer.organisationId()));
    }

    /**
     * When the vendor is tried next, as far as the announcement tells: its first probe, or, once
     * that has passed without a resumption (the probe failed), the next probe after {@code now}.
     */
    public Instant nextTry(Instant now) {
        if (nextProbeAt == null || !nextProbeAt.isBefore(now) || probeEvery == null || probeEvery.isZero()
                || probeEvery.isNegative()) {
            return nextProbeAt;
        }
        long periods = Duration.between(nextProbeAt, now).toMillis() / probeEvery.toMillis() + 1;
        return nextProbeAt.plus(probeEvery.multipliedBy(periods));
    }

    /** "Paused: system — reason, since time, next try time" (UK time), as the dashboard shows it. */
    public String notice(Instant now) {
        Instant next = nextTry(now);
        return "Paused: " + systemId + " — " + reason + ", since " + (since == null ? "recently" : UK_TIME.format(since))
                + ", next try " + (next == null ? "when a task of it is due" : UK_TIME.format(next));
    }
}
