package dev.rightsflow.deadline;

import java.time.LocalDate;
import java.util.List;

/**
 * One due date from a {@link ResponseTargetSpec}.
 *
 * @param regime            the spec's regime
 * @param kind              what is due: {@link #ACKNOWLEDGE}, {@link #RESPOND} or
 *                          {@link #RESPOND_EXTENDED}
 * @param due               the last day; {@code null} for an answer in working days while a
 *                          clarification is awaited (the clock is stopped)
 * @param steps             how the date was reached
 * @param provisionalReason why the date is only provisional (working days counted over bank
 *                          holidays gov.uk has not published), or {@code null}
 */
public record TargetDeadline(String regime, String kind, LocalDate due, List<DeadlineStep> steps,
        String provisionalReason) {
    public static final String ACKNOWLEDGE = "acknowledge";
    public static final String RESPOND = "respond";
    public static final String RESPOND_EXTENDED = "respond-extended";

    public TargetDeadline {
        steps = List.copyOf(steps);
    }

    /** A date resting on published bank holidays (or on none). */
    public TargetDeadline(String regime, String kind, LocalDate due, List<DeadlineStep> steps) {
        this(regime, kind, due, steps, null);
    }

    /** Whether the date depends on bank holidays not yet published. */
    public boolean provisional() {
        return provisionalReason != null;
    }
}
