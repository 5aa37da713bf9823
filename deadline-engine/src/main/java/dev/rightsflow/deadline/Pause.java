package dev.rightsflow.deadline;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A stop of the clock while the controller waits for clarification it reasonably asked for
 * (Art 12A UK GDPR, inserted by the Data (Use and Access) Act 2025; ICO guidance, "stopping the
 * clock"). A request for clarification about format only does not stop the clock; callers
 * record only pauses that do.
 *
 * @param from the day clarification was asked for
 * @param to   the day it was received, or {@code null} while still awaited
 */
public record Pause(LocalDate from, LocalDate to) {

    public Pause {
        Objects.requireNonNull(from, "from");
        if (to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("a pause cannot end before it starts");
        }
    }

    /** A pause still waiting for the requester's answer. */
    public static Pause ongoing(LocalDate from) {
        return new Pause(from, null);
    }

    public boolean isOngoing() {
        return to == null;
    }

    /**
     * Calendar days the clock stood still: from the day clarification was asked up to (not
     * including) the day it arrived. The day it arrives counts again, as the day of receipt
     * does.
     */
    public long days() {
        if (to == null) {
            throw new IllegalStateException("an ongoing pause has no length yet");
        }
        return ChronoUnit.DAYS.between(from, to);
    }
}
