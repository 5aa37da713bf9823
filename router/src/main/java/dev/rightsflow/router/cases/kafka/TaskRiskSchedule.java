package dev.rightsflow.router.cases.kafka;

import dev.rightsflow.router.PeriodicCheck;
import static dev.rightsflow.deadline.UkTime.UK;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;


import dev.rightsflow.router.cases.application.CaseService;
import dev.rightsflow.router.cases.application.DeadlineCalendar;

/**
 * Checks open tasks against their last safe dispatch date on a fixed interval, with the router's
 * clock (a {@link Clock} bean, so tests and demos can move time), and publishes TASK_AT_RISK
 * alerts on the alerts topic. Runs on its own single thread, once the router is live (never while it catches up).
 */
public class TaskRiskSchedule extends PeriodicCheck {

    private final CaseService cases;
    private final Clock clock;

    public TaskRiskSchedule(CaseService cases, Clock clock, Duration interval, java.util.function.BooleanSupplier catchingUp) {
        super("task risk", interval, catchingUp);
        this.cases = cases;
        this.clock = clock;
    }

    /** One check now, on the router's clock. @return alerts raised */
    @Override
    public int checkNow() {
        return cases.checkRisks(LocalDate.now(clock.withZone(UK)));
    }

    @Override
    protected String describe(int done) {
        return "task risk check raised " + done + " alert(s)";
    }
}
