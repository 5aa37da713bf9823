package dev.rightsflow.router.kafka;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dev.rightsflow.router.application.CaseService;
import dev.rightsflow.schemas.privacy.KeyStore;

/**
 * Erases, on a fixed interval and with the router's clock, the requester's personal data of every request whose
 * organisation's retention period for request records has ended since it was closed
 * ({@link CaseService#eraseAfterRetention}): the request's data key is deleted (crypto-shredding) and
 * {@code PersonalDataErased} is published. Runs on its own single thread.
 */
public class RetentionSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RetentionSchedule.class);
    /** The first check soon after start, so a restart does not delay erasure by a whole interval. */
    private static final Duration FIRST_CHECK_AFTER = Duration.ofMinutes(1);

    private final CaseService cases;
    private final KeyStore keys;
    private final Clock clock;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    public RetentionSchedule(CaseService cases, KeyStore keys, Clock clock, Duration interval) {
        this.cases = cases;
        this.keys = keys;
        this.clock = clock;
        this.interval = interval;
    }

    /** One check now, on the router's clock. @return requests erased */
    public int checkNow() {
        return cases.eraseAfterRetention(clock.instant(), keys);
    }

    @Override
    public synchronized void start() {
        if (interval.isZero() || interval.isNegative()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "router-retention");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                int erased = checkNow();
                if (erased > 0) {
                    log.info("retention check erased the personal data of {} request(s)", erased);
                }
            } catch (RuntimeException e) {
                log.warn("retention check failed ({}); next check in {}", e.getClass().getSimpleName(), interval);
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
