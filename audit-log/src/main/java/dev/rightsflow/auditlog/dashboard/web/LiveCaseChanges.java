package dev.rightsflow.auditlog.dashboard.web;

import java.time.Duration;

import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import dev.rightsflow.auditlog.cases.application.LiveUpdates;

/**
 * The {@link LiveUpdates} port as a Reactor stream for the dashboard's server-sent events ({@code DashboardApi.events}):
 * a best-effort multicast, so a slow subscriber misses changes rather than holding the live listener up.
 */
@Component("auditLogLiveUpdates")
public class LiveCaseChanges implements LiveUpdates {

    private final Sinks.Many<CaseChanged> sink = Sinks.many().multicast().directBestEffort();

    @Override
    public void changed(CaseChanged change) {
        sink.emitNext(change, Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(50)));
    }

    /** Every change from now on. */
    public Flux<CaseChanged> changes() {
        return sink.asFlux();
    }
}
