package dev.rightsflow.deadline;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The statutory time limit for answering a request (Art 12(3) UK GDPR), with the steps that
 * produced it.
 *
 * @param clockStart        the day the clock started (latest of receipt, identity, fee)
 * @param due               the last day to answer (or refuse, Art 12(4)); {@code null} while a
 *                          clarification pause is ongoing, because the law gives no date until
 *                          the clock restarts (see {@link #paused()})
 * @param steps             how the date was reached
 * @param paused            whether a clarification is still awaited
 * @param extended          whether the date includes an Art 12(3) extension
 * @param pausedDays        calendar days added for completed clarification pauses
 * @param provisionalReason why the date is only provisional (it depends on bank holidays gov.uk
 *                          has not published, computed from the rules), or {@code null} when it
 *                          rests on the published list; a provisional date is worked out again
 *                          when the list arrives and may move
 */
public record StatutoryDeadline(
        LocalDate clockStart,
        LocalDate due,
        List<DeadlineStep> steps,
        boolean paused,
        boolean extended,
        long pausedDays,
        String provisionalReason) {

    public StatutoryDeadline {
        steps = List.copyOf(steps);
        if (due == null && !paused) {
            throw new IllegalArgumentException("only a paused deadline has no due date");
        }
    }

    /** A deadline resting on published bank holidays. */
    public StatutoryDeadline(LocalDate clockStart, LocalDate due, List<DeadlineStep> steps, boolean paused,
            boolean extended, long pausedDays) {
        this(clockStart, due, steps, paused, extended, pausedDays, null);
    }

    /** A known deadline, not extended, with no pauses. */
    public StatutoryDeadline(LocalDate clockStart, LocalDate due, List<DeadlineStep> steps) {
        this(clockStart, due, steps, false, false, 0, null);
    }

    /** The due date, empty while the clock is stopped for clarification. */
    public Optional<LocalDate> dueDate() {
        return Optional.ofNullable(due);
    }

    /** Whether the due date depends on bank holidays not yet published (see {@link #provisionalReason}). */
    public boolean provisional() {
        return provisionalReason != null;
    }
}
