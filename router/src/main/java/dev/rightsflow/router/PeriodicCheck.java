package dev.rightsflow.router;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A check the router runs on a fixed interval on a thread of its own (task risk, retention): the
 * first one soon after start, so a restart does not delay it by a whole interval; a failed check is
 * logged in one line and tried again at the next interval; a zero or negative interval runs none.
 */
public abstract class PeriodicCheck implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PeriodicCheck.class);
    private static final Duration FIRST_CHECK_AFTER = Duration.ofMinutes(1);

    private final String name;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    /** @param name what the check is called in its thread's name and the logs, e.g. "task risk" */
    protected PeriodicCheck(String name, Duration interval) {
        this.name = name;
        this.interval = interval;
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
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "router-" + name.replace(' ', '-'));
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                int done = checkNow();
                if (done > 0) {
                    log.info("{}", describe(done));
                }
            } catch (RuntimeException e) {
                log.warn("{} check failed ({}); next check in {}", name, e.getClass().getSimpleName(), interval);
            }
        }, Math.min(interval.toMillis(), FIRST_CHECK_AFTER.toMillis()), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
