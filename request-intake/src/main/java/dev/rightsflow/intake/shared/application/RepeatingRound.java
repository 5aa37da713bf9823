package dev.rightsflow.intake.shared.application;

import java.time.Duration;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A round of work repeated at a fixed interval off the event loop, one round at a time (a tick that comes while a
 * round is still running is dropped), a failed round logged by its exception's class only and the loop kept going.
 * The lifecycle of intake's background loops (OpenDSR callback delivery, the inbound mailbox): {@link #start},
 * {@link #stop}, {@link #running}.
 */
public final class RepeatingRound {

    private static final Logger log = LoggerFactory.getLogger(RepeatingRound.class);

    private final String name;
    private final Duration first;
    private final Duration every;
    private final Supplier<Mono<?>> round;
    private volatile Disposable loop;

    /**
     * @param name  what the round does, for the log line of a failed round
     * @param first delay before the first round
     */
    public RepeatingRound(String name, Duration first, Duration every, Supplier<Mono<?>> round) {
        this.name = name;
        this.first = first;
        this.every = every;
        this.round = round;
    }

    public void start() {
        loop = Flux.interval(first, every, Schedulers.boundedElastic())
                .onBackpressureDrop()
                .concatMap(tick -> round.get().onErrorResume(e -> {
                    log.warn("{} round failed ({})", name, e.getClass().getSimpleName());
                    return Mono.empty();
                }), 1)
                .subscribe();
    }

    public void stop() {
        Disposable running = loop;
        if (running != null) {
            running.dispose();
        }
        loop = null;
    }

    public boolean running() {
        return loop != null;
    }
}
