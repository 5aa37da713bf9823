package dev.rightsflow.connectors.spi;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What became of one execution of a task. Sealed: the runtime handles every case.
 * <ul>
 *   <li>{@link Completed}: done, with what was found or done; "subject not found" is a success
 *       for erasure.</li>
 *   <li>{@link RetriableFailure}: try again later (rate limit, outage, timeout), with the vendor's
 *       hint of when if it gave one.</li>
 *   <li>{@link PermanentFailure}: a retry cannot help (credentials rejected, bad configuration,
 *       unsupported action); the reason is for the person who must act.</li>
 *   <li>{@link NeedsPerson}: a person must do it and confirm on the dashboard.</li>
 *   <li>{@link Pending}: the vendor accepted the work and finishes it later (OpenDSR); the runtime
 *       checks again after the given time, without counting a failure.</li>
 * </ul>
 */
public sealed interface Outcome {

    record Completed(boolean subjectFound, String summary, Integer recordsAffected, List<ExportedRecord> exported)
            implements Outcome {
        public Completed {
            Objects.requireNonNull(summary, "summary");
            exported = exported == null ? List.of() : List.copyOf(exported);
        }

        public static Completed notFound(String summary) {
            return new Completed(false, summary, 0, List.of());
        }

        public static Completed done(String summary, int recordsAffected) {
            return new Completed(true, summary, recordsAffected, List.of());
        }

        public static Completed exported(String summary, List<ExportedRecord> records) {
            return new Completed(!records.isEmpty(), summary, records.size(), records);
        }
    }

    /** @param retryAfter the vendor's hint (e.g. {@code Retry-After}); null when it gave none */
    record RetriableFailure(String reason, Duration retryAfter) implements Outcome {
        public RetriableFailure {
            Objects.requireNonNull(reason, "reason");
        }
    }

    record PermanentFailure(String reason) implements Outcome {
        public PermanentFailure {
            Objects.requireNonNull(reason, "reason");
        }
    }

    record NeedsPerson(String instructions) implements Outcome {
        /**
         * Configuration key (ISO-8601 duration) any connector may declare: how often the runtime
         * reminds people of a task that waits for them, until it is confirmed.
         */
        public static final String REMINDER_EVERY = "reminderEvery";

        public NeedsPerson {
            Objects.requireNonNull(instructions, "instructions");
        }
    }

    record Pending(String note, Duration checkAfter) implements Outcome {
        public Pending {
            Objects.requireNonNull(note, "note");
            Objects.requireNonNull(checkAfter, "checkAfter");
        }
    }
}
