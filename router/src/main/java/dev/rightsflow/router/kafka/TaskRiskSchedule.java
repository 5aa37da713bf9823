package dev.rightsflow.router.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dev.rightsflow.router.application.CaseService;
import dev.rightsflow.router.application.DeadlineCalendar;

/**
 * Checks open tasks against their last safe dispatch date on a fixed interval, with the router's
 * clock (a {@link Clock} bean, so tests and demos can move time), and publishes TASK_AT_RISK
 * alerts on the alerts topic. Runs on its own single thread, after the start-up rebuild.
 */
public class TaskRiskSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TaskRiskSchedule.class);
    /** The first check soon after start, so a restart does not delay alerts by a whole interval. */
    private static final Duration FIRST_CHECK_AFTER = Duration.ofMinutes(1);

    private final CaseService cases;
    private final Clock clock;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    public TaskRiskSchedule(CaseService cases, Clock clock, Duration interval) {
        this.cases = cases;
        this.clock = clock;
        this.interval = interval;
    }

    /** One check now, on the router's clock. @return alerts raised */
    public int checkNow() {
        return cases.checkRisks(LocalDate.now(clock.withZone(DeadlineCalendar.UK)));
    }

    @Override
    public synchronized void start() {
        if (interval.isZero() || interval.isNegative()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "router-task-risk");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                int raised = checkNow();
                if (raised > 0) {
                    log.info("task risk check raised {} alert(s)", raised);
                }
            } catch (RuntimeException e) {
                log.warn("task risk check failed ({}); next check in {}", e.getClass().getSimpleName(), interval);
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
