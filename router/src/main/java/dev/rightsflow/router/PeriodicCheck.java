package dev.rightsflow.router;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A check the router runs on a fixed interval on a thread of its own (task risk, retention): the
 * first one soon after start, so a restart does not delay it by a whole interval; a failed check is
 * logged in one line and tried again at the next interval; a zero or negative interval runs none. No check runs
 * while the router catches up (its projection is then half built: a check could raise an alert, or erase, from a
 * case whose later events are not folded yet); the first runs at the first interval after it is live. A stop lets a
 * check under way finish (up to {@link #FINISH_ON_STOP}) rather than cut it off: before, a clean stop interrupted it
 * and logged it as failed ("task risk check failed (ReactiveException)").
 */
public abstract class PeriodicCheck implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PeriodicCheck.class);
    private static final Duration FIRST_CHECK_AFTER = Duration.ofMinutes(1);
    /** How soon a check skipped because the router was catching up looks again (at most its interval). */
    private static final Duration WHILE_CATCHING_UP = Duration.ofSeconds(5);
    /** How long a stop waits for a check under way before it interrupts it (the next start checks again). */
    static final Duration FINISH_ON_STOP = Duration.ofSeconds(10);

    private final String name;
    private final Duration interval;
    private final java.util.function.BooleanSupplier catchingUp;
    private ScheduledExecutorService scheduler;

    /**
     * @param name       what the check is called in its thread's name and the logs, e.g. "task risk"
     * @param catchingUp whether the router is still catching up (its {@code ProjectionState#catchingUp})
     */
    protected PeriodicCheck(String name, Duration interval, java.util.function.BooleanSupplier catchingUp) {
        this.name = name;
        this.interval = interval;
        this.catchingUp = catchingUp;
    }

    /** One check now. @return how many things it did (alerts raised, requests erased) */
    public abstract int checkNow();

    /** The log line of a check that did {@code done} things ({@code done > 0}). */
    protected abstract String describe(int done);

    @Override
    public synchronized void start() {
        if (interval.isZero() || interval.isNegative()) {
            return;
        }
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "router-" + name.replace(' ', '-'));
            t.setDaemon(true);
            return t;
        });
        // at a stop, the next turn is dropped; only a check under way is waited for
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        scheduler = executor;
        ScheduledExecutorService on = scheduler;
        on.schedule(() -> run(on), Math.min(interval.toMillis(), FIRST_CHECK_AFTER.toMillis()), TimeUnit.MILLISECONDS);
    }

    /** One turn: a check, then the next an interval later; while catching up, only a look again soon. */
    private void run(ScheduledExecutorService on) {
        long next = interval.toMillis();
        try {
            if (catchingUp.getAsBoolean()) {
                next = Math.min(next, WHILE_CATCHING_UP.toMillis());
            } else {
                int done = checkNow();
                if (done > 0) {
                    log.info("{}", describe(done));
                }
            }
        } catch (RuntimeException e) {
            if (on.isShutdown()) {
                log.info("{} check cut off by the stop after {}; the next start checks again", name, FINISH_ON_STOP);
            } else {
                log.warn("{} check failed ({}); next check in {}", name, e.getClass().getSimpleName(), interval);
            }
        }
        synchronized (this) {
            if (scheduler == on && !on.isShutdown()) {
                on.schedule(() -> run(on), next, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Drops the next turn and waits for a check under way, up to {@link #FINISH_ON_STOP}, then interrupts it. */
    @Override
    public void stop() {
        ScheduledExecutorService stopping;
        synchronized (this) {
            stopping = scheduler;
            scheduler = null;
        }
        if (stopping == null) {
            return;
        }
        stopping.shutdown();
        try {
            if (!stopping.awaitTermination(FINISH_ON_STOP.toMillis(), TimeUnit.MILLISECONDS)) {
                stopping.shutdownNow();
            }
        } catch (InterruptedException e) {
            stopping.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
