package dev.rightsflow.auditlog.cases.application;

import java.util.Set;

/**
 * The port case changes leave through as they are projected from Kafka, for the dashboard's server-sent events
 * (implemented by {@code dashboard.web.LiveCaseChanges}). Fed by the live listener only (never by a replay), so every
 * browser sees what just happened without reloading. Best effort: a slow subscriber misses changes rather than
 * holding the listener up, and the page then catches up on its next refresh.
 */
public interface LiveUpdates {

    /** @param organisations who may see the change; {@code eventType} e.g. CaseOpened */
    record CaseChanged(String requestId, String eventType, Set<String> organisations) {
    }

    /** Tells whoever watches; never blocks the caller for long. */
    void changed(CaseChanged change);
}
