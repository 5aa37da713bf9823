package dev.rightsflow.auditlog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;

/**
 * audit-log's periodic jobs (the anchor, the alert scan), each on a thread of its own: a long run of one (an anchor
 * over many changed chains, a scan of many cases) never delays the other. A job runs again a whole interval after
 * its last run ended (never two runs of one job at once); a run is given at most {@link #LONGEST_RUN}; a failed run is
 * logged in one line and tried again at the next interval. A stop lets a run under way finish (up to
 * {@link #FINISH_ON_STOP}) rather than interrupt it and log it as failed.
 */
final class PeriodicJobs {

    private static final Logger log = LoggerFactory.getLogger(PeriodicJobs.class);
    /** The longest a run is waited for before it counts as failed. */
    static final Duration LONGEST_RUN = Duration.ofMinutes(5);
    /** The shortest interval a job is run at. */
    static final Duration SHORTEST_INTERVAL = Duration.ofSeconds(1);
    /** How long a stop waits for the runs under way before it interrupts them (the next start runs them again). */
    static final Duration FINISH_ON_STOP = Duration.ofSeconds(10);

    private final List<ScheduledExecutorService> threads = new ArrayList<>();

    /** Runs {@code job} every {@code every} (at least {@link #SHORTEST_INTERVAL}), first one interval from now. */
    synchronized void add(String name, Duration every, Supplier<Mono<?>> job) {
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "audit-log-" + name);
            t.setDaemon(true);
            return t;
        });
        threads.add(thread);
        long ms = Math.max(SHORTEST_INTERVAL.toMillis(), every.toMillis());
        thread.scheduleWithFixedDelay(() -> {
            try {
                job.get().block(LONGEST_RUN);
            } catch (RuntimeException e) {
                if (thread.isShutdown()) {
                    log.info("audit-log {} cut off by the stop after {}; the next start runs it again", name, FINISH_ON_STOP);
                } else {
                    log.warn("audit-log {} failed: {}", name, e.toString());
                }
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Stops every job: none starts again, a run under way may finish within {@link #FINISH_ON_STOP}, then is interrupted. */
    void stop() {
        List<ScheduledExecutorService> stopping;
        synchronized (this) {
            stopping = new ArrayList<>(threads);
            threads.clear();
        }
        stopping.forEach(ScheduledExecutorService::shutdown);
        long deadline = System.nanoTime() + FINISH_ON_STOP.toNanos();
        try {
            for (ScheduledExecutorService thread : stopping) {
                if (!thread.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    thread.shutdownNow();
                }
            }
        } catch (InterruptedException e) {
            stopping.forEach(ScheduledExecutorService::shutdownNow);
            Thread.currentThread().interrupt();
        }
    }
}
