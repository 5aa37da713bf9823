package dev.rightsflow.connectors.tasks.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * When retrying a task would put its case's statutory deadline at risk, so that it must go to a
 * person now (a dead letter) whatever retry budget is left. The last day a retry may still be
 * scheduled is the task's last safe dispatch date (the router's: the deadline less the holder's
 * turnaround), or, when that is unknown, the deadline less {@link #MARGIN_DAYS} days, which leaves
 * a person time to act. Days are UTC calendar days, as the task's dates are.
 */
public final class DeadlineGuard {

    /** Days before the deadline a task without a known turnaround stops retrying. */
    public static final int MARGIN_DAYS = 2;

    private DeadlineGuard() {
    }

    /** The last day on which a retry may still happen; null when the task has neither date. */
    public static LocalDate lastRetryDay(TaskRecord task) {
        if (task.lastSafeDispatch() != null) {
            return task.lastSafeDispatch();
        }
        return task.deadline() == null ? null : task.deadline().minusDays(MARGIN_DAYS);
    }

    /** Whether an attempt at {@code when} would be later than the last day a retry may happen. */
    public static boolean atRisk(TaskRecord task, Instant when) {
        LocalDate last = lastRetryDay(task);
        return last != null && when.atZone(ZoneOffset.UTC).toLocalDate().isAfter(last);
    }
}
