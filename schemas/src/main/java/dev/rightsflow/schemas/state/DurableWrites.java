package dev.rightsflow.schemas.state;

import java.util.Objects;

/**
 * Makes a write that is not on any topic durable before its caller answers. Most of a service's
 * store is a projection of Kafka and can be rebuilt; a few documents are the only copy of what
 * they hold (a logged letter's scan, the files staff attach to a manual task). Against a real
 * MongoDB an acknowledged write is durable and {@link #flush()} does nothing. On the embedded
 * default the store lives in memory and is checkpointed every so often, so such a write would be
 * lost by a {@code kill -9} before the next checkpoint: there the standalone registers its
 * checkpoint here, and a caller that has just written such a document flushes before it answers.
 *
 * <p>One hook for the whole JVM, like {@link StateLock}; the checkpoint takes the lock's write side
 * itself, so call {@link #flush()} outside any folding. It blocks: call it off the event loop.
 */
public final class DurableWrites {

    private static volatile Runnable flusher = () -> {
    };

    private DurableWrites() {
    }

    /** The embedded store's checkpoint; replaces any earlier one. */
    public static void register(Runnable checkpoint) {
        flusher = Objects.requireNonNull(checkpoint);
    }

    /** Back to "every acknowledged write is durable" (a real MongoDB, or the embedded store stopped). */
    public static void clear() {
        flusher = () -> {
        };
    }

    /** Writes what the store holds now where a crash cannot take it; returns once it is written. */
    public static void flush() {
        flusher.run();
    }
}
