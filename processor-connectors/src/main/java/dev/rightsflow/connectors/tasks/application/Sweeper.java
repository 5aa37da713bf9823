package dev.rightsflow.connectors.tasks.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rightsflow.connectors.tasks.model.DeadlineGuard;
import dev.rightsflow.connectors.tasks.model.TaskRecord;
import dev.rightsflow.connectors.tasks.model.TaskStatus;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The runner's sweep, every {@code poll-interval} and whenever there may be work ({@link #kick}): the due tasks
 * (offered to their lanes), a paused system's tasks whose deadline is at risk, the cancellations to ask a vendor
 * for, the reminders due and the events Kafka has not acknowledged. Each is a store query that reads open work only
 * ({@link TaskStore}). One sweep at a time: a kick during a sweep runs another right after it.
 */
final class Sweeper {

    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);
    private static final Duration REPUBLISH_AFTER = Duration.ofSeconds(20);
    /**
     * How often every runnable task of the paused systems is read to find those whose deadline came at risk while their
     * vendor is down (a day's matter: the last retry day is a date). Before, every sweep read them all, whole, and a
     * sweep runs on every kick: during an outage under a burst, thousands of tasks many times a second. In between,
     * only the tasks that arrived since the last sweep are looked at, and a newly paused system gets a pass at once.
     */
    static final Duration RISK_PASS_EVERY = Duration.ofMinutes(1);
    /** Past this many arrivals not looked at yet, they are dropped and the next sweep reads every paused task instead. */
    private static final int ARRIVALS_KEPT = 10_000;

    private final TaskStore store;
    private final TaskRuns runs;
    private final VendorBreakers breakers;
    private final Reminders reminders;
    private final TaskChanges changes;
    private final Clock clock;
    private final RunnerSettings settings;
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private final AtomicBoolean sweepAgain = new AtomicBoolean();
    private volatile Disposable ticking;
    private final java.util.Queue<TaskRecord> arrivals = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger arrivalCount = new java.util.concurrent.atomic.AtomicInteger();
    private volatile Instant lastRiskPass;
    private volatile Set<String> lastPaused = Set.of();
    private final java.util.concurrent.atomic.AtomicLong riskPasses = new java.util.concurrent.atomic.AtomicLong();

    Sweeper(TaskStore store, TaskRuns runs, VendorBreakers breakers, Reminders reminders, TaskChanges changes, Clock clock,
            RunnerSettings settings) {
        this.store = store;
        this.runs = runs;
        this.breakers = breakers;
        this.reminders = reminders;
        this.changes = changes;
        this.clock = clock;
        this.settings = settings;
    }

    /** Starts ticking, unless it ticks already; returns whether it started now. */
    boolean startTicking() {
        if (ticking != null) {
            return false;
        }
        ticking = Flux.interval(Duration.ZERO, settings.pollInterval())
                .onBackpressureDrop()
                .concatMap(tick -> sweep().onErrorResume(e -> {
                    log.warn("sweep failed: {}", e.toString());
                    return Mono.empty();
                }), 1)
                .subscribe();
        return true;
    }

    /** Stops ticking (a sweep under way is not cut off by the caller: it waits for {@link #sweeping()} first). */
    void stopTicking() {
        if (ticking != null) {
            ticking.dispose();
            ticking = null;
        }
    }

    boolean ticking() {
        return ticking != null;
    }

    boolean sweeping() {
        return sweeping.get();
    }

    /** Tasks just stored: the next sweep checks them at once if their system is paused and their deadline at risk. */
    void arrived(java.util.Collection<TaskRecord> tasks) {
        if (arrivalCount.addAndGet(tasks.size()) > ARRIVALS_KEPT) {
            arrivals.clear();
            arrivalCount.set(0);
            lastRiskPass = null; // the next sweep reads every paused task instead
            return;
        }
        arrivals.addAll(tasks);
    }

    /** How many times a sweep has read every runnable task of the paused systems (for tests and the operator). */
    long riskPasses() {
        return riskPasses.get();
    }

    /** The tasks to check for a deadline at risk while their system is paused: all of them now and then, else the newcomers. */
    private Flux<TaskRecord> atRiskCandidates(Set<String> paused, Instant now) {
        java.util.List<TaskRecord> newcomers = new java.util.ArrayList<>();
        for (TaskRecord task; (task = arrivals.poll()) != null; ) {
            arrivalCount.decrementAndGet();
            newcomers.add(task);
        }
        boolean pausedChanged = !paused.equals(lastPaused);
        lastPaused = paused;
        if (paused.isEmpty()) {
            return Flux.empty();
        }
        Instant last = lastRiskPass;
        if (pausedChanged || last == null || !now.isBefore(last.plus(RISK_PASS_EVERY))) {
            lastRiskPass = now;
            riskPasses.incrementAndGet();
            return store.runnableOf(paused);
        }
        return Flux.fromIterable(newcomers).filter(t -> paused.contains(t.systemId()));
    }

    /** Sweeps now, without waiting for the next tick. */
    void kick() {
        if (!runs.accepting()) {
            return;
        }
        sweep().subscribe(null, e -> log.warn("sweep failed: {}", e.toString()));
    }

    Mono<Void> sweep() {
        if (!runs.accepting()) {
            return Mono.empty();
        }
        if (!sweeping.compareAndSet(false, true)) {
            sweepAgain.set(true);
            return Mono.empty();
        }
        Instant now = clock.instant();
        Set<String> paused = breakers.paused(now);
        return store.due(now, settings.batch(), paused).concatMap(runs::offer)
                .thenMany(Flux.defer(() -> atRiskCandidates(paused, now)).filter(t -> DeadlineGuard.atRisk(t, now))
                        .concatMap(runs::giveUpWhilePaused))
                .thenMany(store.byStatus(TaskStatus.CANCELLING).concatMap(runs::cancelAtVendor))
                .thenMany(store.remindersDue(now, settings.batch()).concatMap(reminders::remind))
                .thenMany(store.unpublished(now.minus(REPUBLISH_AFTER), settings.batch()).concatMap(changes::publishPending))
                .then()
                .doFinally(signal -> {
                    sweeping.set(false);
                    if (sweepAgain.getAndSet(false)) {
                        kick();
                    }
                });
    }
}
