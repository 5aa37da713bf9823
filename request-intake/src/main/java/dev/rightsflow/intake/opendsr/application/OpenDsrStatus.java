package dev.rightsflow.intake.opendsr.application;

import dev.rightsflow.intake.withdrawal.application.CancellationCommands;
import dev.rightsflow.intake.status.application.ReadStatus;
import dev.rightsflow.intake.shared.application.RepeatingRound;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rightsflow.intake.opendsr.model.OpenDsrMapping;
import dev.rightsflow.intake.status.model.StatusReport;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.opendsr.Messages;
import dev.rightsflow.schemas.opendsr.OpenDsrCodec;
import dev.rightsflow.schemas.opendsr.OpenDsrSettings;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The OpenDSR view of a request (OpenDSR 2.0 §8): its status body, its status callbacks and its
 * cancellation (§9).
 *
 * <p>Callbacks (§8.5: every URL on every status change, retried when they failed): when the live
 * listener sees a change of the OpenDSR status (never during replay), one callback per URL is
 * queued in the outbox, its id derived from request, change number and URL, so a redelivered event
 * queues nothing new (the status it would change to is already the last one). A delivery loop sends them in order per request and URL, and retries one that was not
 * acknowledged with a 2xx with exponential back-off ({@code rightsflow.opendsr.callback-first-retry}
 * doubling up to {@code callback-max-retry}) until it is; a later status for the same URL waits
 * behind it, so a submitter never hears of the statuses out of order.
 */
public class OpenDsrStatus {

    private static final Logger log = LoggerFactory.getLogger(OpenDsrStatus.class);
    private static final Duration LOOP_EVERY = Duration.ofSeconds(1);

    /** What became of a cancellation. */
    public enum Cancellation {
        CANCELLED, NOT_FOUND, NOT_PENDING
    }

    private final CallbackStore callbacks;
    private final StatusCallbacks sender;
    private final ReadStatus status;
    private final CancellationCommands commands;
    private final OpenDsrSettings settings;
    private final Clock clock;
    private final OpenDsrCodec codec = new OpenDsrCodec();
    private final AtomicLong sequence = new AtomicLong();
    private final RepeatingRound loop = new RepeatingRound("OpenDSR callback delivery", LOOP_EVERY, LOOP_EVERY,
            this::deliverDue);

    public OpenDsrStatus(CallbackStore callbacks, StatusCallbacks sender, ReadStatus status, CancellationCommands commands,
            OpenDsrSettings settings, Clock intakeClock) {
        this.callbacks = callbacks;
        this.sender = sender;
        this.status = status;
        this.commands = commands;
        this.settings = settings;
        this.clock = intakeClock;
    }

    /** The §8.3 status of a request an organisation submitted over OpenDSR; empty when it did not. */
    public Mono<Optional<Messages.Status>> read(String requestId, String organisationId) {
        return callbacks.find(requestId).flatMap(found -> {
            if (found.isEmpty() || !found.get().organisationId().equals(organisationId)) {
                return Mono.just(Optional.<Messages.Status>empty());
            }
            return status.readTrusted(requestId).map(report -> Optional.of(body(found.get(), report.orElse(null))));
        });
    }

    public Mono<Optional<CallbackStore.Registration>> registration(String requestId, String organisationId) {
        return callbacks.find(requestId).map(found -> found.filter(r -> r.organisationId().equals(organisationId)));
    }

    /** Queues the callbacks of a status change, once per change. */
    public Mono<Void> onStatusChanged(String requestId) {
        return callbacks.find(requestId).flatMap(found -> {
            if (found.isEmpty()) {
                return Mono.<Void>empty();
            }
            CallbackStore.Registration registration = found.get();
            return status.readTrusted(requestId).flatMap(report -> {
                Messages.Status now = body(registration, report.orElse(null));
                if (now.requestStatus().equals(registration.lastStatus())) {
                    return Mono.<Void>empty();
                }
                return callbacks.advanceStatus(requestId, registration.lastStatus(), now.requestStatus())
                        .flatMap(change -> change.isPresent() ? queue(registration, now, change.get()) : Mono.<Void>empty());
            });
        });
    }

    private Mono<Void> queue(CallbackStore.Registration registration, Messages.Status now, long change) {
        Instant at = clock.instant();
        return Flux.fromIterable(registration.urls())
                .concatMap(url -> callbacks.enqueue(new CallbackStore.Delivery(
                        Events.derivedId("opendsr-callback", registration.requestId(), String.valueOf(change), url),
                        registration.requestId(), url, now.requestStatus(),
                        new String(codec.write(Messages.Callback.of(now, url)), StandardCharsets.UTF_8),
                        at.toEpochMilli() * 1000 + sequence.incrementAndGet() % 1000, 0, at)))
                .then()
                .doOnSuccess(v -> log.info("OpenDSR request {}: {} callback(s) queued for status {}", registration.requestId(),
                        registration.urls().size(), now.requestStatus()));
    }

    /**
     * Cancels a request its submitter cancels (§9: while it is pending): the case is closed through
     * {@link CancellationCommands}, the status becomes {@code cancelled} and the callbacks say so.
     */
    public Mono<Cancellation> cancel(String requestId, String organisationId) {
        return read(requestId, organisationId).flatMap(found -> {
            if (found.isEmpty()) {
                return Mono.just(Cancellation.NOT_FOUND);
            }
            String current = found.get().requestStatus();
            if ("cancelled".equals(current)) {
                return Mono.just(Cancellation.CANCELLED);
            }
            if (!"pending".equals(current)) {
                return Mono.just(Cancellation.NOT_PENDING);
            }
            return commands.cancel(requestId, organisationId)
                    .then(callbacks.markCancelled(requestId))
                    .then(onStatusChanged(requestId))
                    .thenReturn(Cancellation.CANCELLED);
        });
    }

    /**
     * Sends every callback that is due; returns how many were acknowledged. Lanes (one request's
     * callbacks to one URL) are worked on side by side, at most {@value #LANES_AT_ONCE} at once, so
     * a slow or unreachable URL delays only its own lane; within a lane the oldest goes first and a
     * failure holds back the later ones.
     */
    public Mono<Integer> deliverDue() {
        Instant now = clock.instant();
        return callbacks.undelivered(500)
                .collect(java.util.LinkedHashMap<String, java.util.List<CallbackStore.Delivery>>::new,
                        (lanes, d) -> lanes.computeIfAbsent(d.requestId() + "\u001f" + d.url(), k -> new java.util.ArrayList<>()).add(d))
                .flatMapMany(lanes -> Flux.fromIterable(lanes.values()))
                .flatMap(lane -> deliverLane(lane, now), LANES_AT_ONCE)
                .reduce(0, Integer::sum);
    }

    private static final int LANES_AT_ONCE = 16;

    private Mono<Integer> deliverLane(java.util.List<CallbackStore.Delivery> lane, Instant now) {
        java.util.concurrent.atomic.AtomicBoolean blocked = new java.util.concurrent.atomic.AtomicBoolean();
        return Flux.fromIterable(lane)
                .concatMap(d -> {
                    if (blocked.get() || d.nextAttempt().isAfter(now)) {
                        blocked.set(true);
                        return Mono.just(0);
                    }
                    return sender.send(d.url(), d.body().getBytes(StandardCharsets.UTF_8))
                            .then(callbacks.delivered(d.id(), clock.instant()))
                            .doOnSuccess(v -> log.info("OpenDSR callback for request {} acknowledged: {}", d.requestId(), d.status()))
                            .thenReturn(1)
                            .onErrorResume(e -> {
                                blocked.set(true);
                                int attempts = d.attempts() + 1;
                                Instant next = clock.instant().plus(backOff(attempts));
                                log.warn("OpenDSR callback for request {} ({}) not acknowledged ({}); attempt {} at {}",
                                        d.requestId(), d.status(), e.getClass().getSimpleName(), attempts + 1, next);
                                return callbacks.retryLater(d.id(), attempts, next).thenReturn(0);
                            });
                })
                .reduce(0, Integer::sum);
    }

    Duration backOff(int attempts) {
        Duration first = settings.callbackFirstRetry();
        Duration max = settings.callbackMaxRetry();
        Duration next = first.multipliedBy(1L << Math.min(attempts - 1, 20));
        return next.compareTo(max) > 0 ? max : next;
    }

    Messages.Status body(CallbackStore.Registration registration, StatusReport report) {
        String state = report == null ? "RECEIVED" : report.state();
        Instant expected = registration.expectedCompletion();
        if (report != null && report.deadline() != null && !"ccpa".equals(registration.regulation())) {
            expected = OpenDsrMapping.endOfUkDay(report.deadline());
        }
        return new Messages.Status(registration.organisationId(),
                dev.rightsflow.schemas.opendsr.OpenDsrCodec.time(expected), registration.subjectRequestId(),
                OpenDsrMapping.status(state, registration.cancelled()), OpenDsrMapping.API_VERSION,
                report == null ? null : report.accessPackageUrl(), null);
    }

    /** Starts the callback loop (the wiring's lifecycle calls it once the application is up). */
    public void start() {
        loop.start();
    }

    /** Stops the callback loop. */
    public void stop() {
        loop.stop();
    }

    /** Whether the callback loop runs. */
    public boolean isRunning() {
        return loop.running();
    }
}
