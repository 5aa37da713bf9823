package dev.rightsflow.auditlog.cases.application;

import java.util.Set;

import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Case changes as they are projected from Kafka, for the dashboard's server-sent events. Fed by the
 * live listener only (never by a replay), so every browser sees what just happened without
 * reloading. Best effort: a slow subscriber misses changes rather than holding the listener up,
 * and the page then catches up on its next refresh.
 */
@Component("auditLogLiveUpdates")
public class LiveUpdates {

    /** @param organisations who may see the change; {@code eventType} e.g. CaseOpened */
    public record CaseChanged(String requestId, String eventType, Set<String> organisations) {
    }

    private final Sinks.Many<CaseChanged> sink = Sinks.many().multicast().directBestEffort();

    public void changed(CaseChanged change) {
        sink.emitNext(change, Sinks.EmitFailureHandler.busyLooping(java.time.Duration.ofMillis(50)));
    }

    public Flux<CaseChanged> changes() {
        return sink.asFlux();
    }
}
