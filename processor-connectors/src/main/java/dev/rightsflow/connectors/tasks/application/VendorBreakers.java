package dev.rightsflow.connectors.tasks.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rightsflow.connectors.lanes.application.LaneLog;
import dev.rightsflow.connectors.lanes.application.LaneStatus;
import dev.rightsflow.connectors.spi.Outcome;
import dev.rightsflow.schemas.Events;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Every system's vendor as the runner sees it: a Resilience4j circuit breaker per system (made on first use with the
 * settings of the system's lane). When most of its recent calls failed in a retriable way the system is paused: its
 * tasks are not taken and use no attempts; after {@code probeEvery} one task probes the vendor, and its success
 * resumes the rest. A pause and a resumption are announced on the {@link LaneLog} (LanePaused, LaneResumed); at start
 * the pauses announced before, whose breakers are gone, are ended in public.
 */
final class VendorBreakers {

    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

    /** One system's vendor: its circuit breaker, why it last opened, and whose tasks it runs. */
    static final class Vendor {
        final String systemId;
        final String lane;
        final String connector;
        final CircuitBreaker breaker;
        final Duration probeEvery;
        final Set<String> organisations = ConcurrentHashMap.newKeySet();
        volatile String reason;
        volatile Instant since;
        volatile Instant pausedUntil;

        Vendor(String systemId, String lane, String connector, CircuitBreaker breaker, Duration probeEvery, Instant now) {
            this.systemId = systemId;
            this.lane = lane;
            this.connector = connector;
            this.breaker = breaker;
            this.probeEvery = probeEvery;
            this.since = now;
        }

        /** Open and not yet due for a probe: its tasks are left out of the sweep. */
        boolean paused(Instant now) {
            return breaker.getState() == CircuitBreaker.State.OPEN && pausedUntil != null && now.isBefore(pausedUntil);
        }
    }

    private final Clock clock;
    private final Map<String, Vendor> vendors = new ConcurrentHashMap<>();
    private volatile LaneLog laneLog = LaneLog.NONE;

    VendorBreakers(Clock clock) {
        this.clock = clock;
    }

    void announceTo(LaneLog lanes) {
        this.laneLog = lanes;
    }

    /** The systems whose vendor is paused now (their tasks are left out of the sweep). */
    Set<String> paused(Instant now) {
        return vendors.values().stream().filter(v -> v.paused(now)).map(v -> v.systemId).collect(Collectors.toSet());
    }

    /** The system's vendor if it was called since the start. */
    Vendor find(String systemId) {
        return vendors.get(systemId);
    }

    /**
     * A pause announced before this start belonged to a breaker that is gone: every system starts
     * closed, so the pause is ended in public too (its tasks try the vendor again, and a vendor still
     * down pauses its system again after {@code breaker-minimum-calls} failures). Without this the
     * dashboard would show the pause until the vendor next failed and recovered.
     */
    void resumePausedBeforeStart() {
        Mono.fromCallable(() -> laneLog.latest()).subscribeOn(Schedulers.boundedElastic())
                .flatMapIterable(changes -> changes)
                .filter(c -> c.paused() && !vendors.containsKey(c.systemId()))
                .subscribe(c -> {
                    log.info("system {} was paused before this start; its tasks try its vendor again", c.systemId());
                    announce(new LaneLog.LaneChange(Events.newEventId(), clock.instant(), c.systemId(), c.lane(), c.connector(),
                            c.organisations(), false, "processor-connectors started again: the system's tasks try its vendor again",
                            c.since(), null, null));
                }, e -> log.warn("could not read the lanes paused before this start: {}", e.toString()));
    }

    /** Publishes a lane change, retrying a few times; the change is logged either way. */
    private void announce(LaneLog.LaneChange change) {
        Mono.fromFuture(() -> laneLog.publish(change)).retryWhen(reactor.util.retry.Retry.backoff(5, Duration.ofSeconds(1)))
                .subscribe(null, e -> log.warn("the {} of system {} could not be published: {}", change.paused() ? "pause" : "resumption",
                        change.systemId(), e.toString()));
    }

    /**
     * Tells the system's breaker how the call went: a retriable failure is the vendor's failure,
     * every other outcome (even a refusal) shows the vendor answering. Returns whether the vendor
     * now counts as down (the breaker is not closed), in which case the failure uses no attempt.
     */
    boolean record(Vendor vendor, Outcome outcome, long nanos) {
        if (outcome instanceof Outcome.RetriableFailure failure) {
            vendor.reason = failure.reason();
            vendor.breaker.onError(nanos, TimeUnit.NANOSECONDS, new VendorUnavailable(failure.reason()));
            return vendor.breaker.getState() != CircuitBreaker.State.CLOSED;
        }
        vendor.breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
        return false;
    }

    /** What the breaker records for a retriable failure (the reason only; no stack trace). */
    private static final class VendorUnavailable extends RuntimeException {
        VendorUnavailable(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The system's vendor, with its breaker (made on first use, with the settings of the system's lane). */
    Vendor vendor(String systemId, String connector, LaneScheduler.Lane lane) {
        return vendors.computeIfAbsent(systemId, id -> {
            RunnerSettings.Breaker b = lane.settings().breaker();
            CircuitBreaker breaker = CircuitBreaker.of("vendor-" + id, CircuitBreakerConfig.custom()
                    .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED).slidingWindowSize(b.window())
                    .minimumNumberOfCalls(b.minimumCalls()).failureRateThreshold(b.failureRatePercent())
                    .waitDurationInOpenState(b.probeEvery()).permittedNumberOfCallsInHalfOpenState(1)
                    .automaticTransitionFromOpenToHalfOpenEnabled(false).build());
            Vendor vendor = new Vendor(id, lane.name(), connector, breaker, b.probeEvery(), clock.instant());
            breaker.getEventPublisher().onStateTransition(event -> {
                Instant now = clock.instant();
                CircuitBreaker.State to = event.getStateTransition().getToState();
                if (to == CircuitBreaker.State.OPEN) {
                    vendor.pausedUntil = now.plus(b.probeEvery());
                    if (event.getStateTransition().getFromState() == CircuitBreaker.State.CLOSED) {
                        vendor.since = now;
                        log.warn("system {} paused: its vendor looks down ({}); one task probes it every {}", id, vendor.reason, b.probeEvery());
                        announce(new LaneLog.LaneChange(Events.newEventId(), now, id, vendor.lane, vendor.connector,
                                Set.copyOf(vendor.organisations), true, vendor.reason == null ? "its vendor failed" : vendor.reason, now,
                                vendor.pausedUntil, b.probeEvery()));
                    }
                } else if (to == CircuitBreaker.State.CLOSED) {
                    Instant pausedSince = vendor.since;
                    vendor.since = now;
                    vendor.pausedUntil = null;
                    log.info("system {} resumed: its vendor answers again", id);
                    announce(new LaneLog.LaneChange(Events.newEventId(), now, id, vendor.lane, vendor.connector,
                            Set.copyOf(vendor.organisations), false, "its vendor answered a probe", pausedSince, null, null));
                }
            });
            return vendor;
        });
    }

    /** Each system's state seen since the start (RUNNING, PAUSED, PROBING), by lane name, for operators. */
    void statusByLane(Instant now, Map<String, List<LaneStatus.VendorStatus>> byLane) {
        vendors.values().stream().sorted(Comparator.comparing(v -> v.systemId)).forEach(v -> {
            CircuitBreaker.State state = v.breaker.getState();
            boolean closed = state == CircuitBreaker.State.CLOSED;
            float rate = v.breaker.getMetrics().getFailureRate();
            byLane.computeIfAbsent(v.lane, k -> new ArrayList<>()).add(new LaneStatus.VendorStatus(v.systemId,
                    closed ? "RUNNING" : state == CircuitBreaker.State.HALF_OPEN ? "PROBING" : "PAUSED", v.since,
                    closed ? null : v.reason, rate < 0 ? null : rate, closed ? null : v.pausedUntil == null || v.pausedUntil.isBefore(now)
                            ? now : v.pausedUntil));
        });
    }

    /** Forgets every breaker (at stop). */
    void clear() {
        vendors.clear();
    }
}
