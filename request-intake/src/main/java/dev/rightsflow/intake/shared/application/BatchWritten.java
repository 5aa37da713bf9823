package dev.rightsflow.intake.shared.application;

import dev.rightsflow.intake.submission.application.DuplicateRegister;
import dev.rightsflow.intake.submission.application.IdempotencyStore;
import dev.rightsflow.intake.status.application.StatusStore;

import java.util.List;

/**
 * How far a store's batch write got ({@link StatusStore#applyAll}, {@link DuplicateRegister#registerAll},
 * {@link IdempotencyStore#rememberAll}): the first {@code results().size()} items are written, in order, with what
 * each came to; {@code failure}, when not null, is why the next item could not be. A batch listener names that item
 * as the one it failed at, so the items before it count as handled and it is retried, then dead-lettered.
 *
 * @param <T> what one item came to
 */
public record BatchWritten<T>(List<T> results, RuntimeException failure) {

    public BatchWritten {
        results = List.copyOf(results);
    }

    /** Every item written. */
    public static <T> BatchWritten<T> all(List<T> results) {
        return new BatchWritten<>(results, null);
    }

    /** How many items, from the first, are written. */
    public int done() {
        return results.size();
    }
}
