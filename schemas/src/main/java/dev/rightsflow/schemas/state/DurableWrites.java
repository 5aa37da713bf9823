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
 * A checkpoint that fails (the disk store's commit, the memory store's snapshot) fails the flush
 * ({@link NotWritten}): the caller must not tell anyone the document is kept.
 *
 * <p>One hook for the whole JVM, like {@link StateLock}; the checkpoint takes the lock's write side
 * itself, so call {@link #flush()} outside any folding. It blocks: call it off the event loop.
 */
public final class DurableWrites {

    /** Writes what the store holds now where a crash cannot take it, or throws. */
    @FunctionalInterface
    public interface Checkpoint {
        void write() throws Exception;
    }

    /** The store could not make what it holds durable: the document just written may be lost by a crash. */
    public static final class NotWritten extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotWritten(Exception cause) {
            super("the store could not write its checkpoint (" + cause + "): what was just written is not durable", cause);
        }
    }

    private static final Checkpoint NOTHING = () -> {
    };

    private static volatile Checkpoint flusher = NOTHING;

    private DurableWrites() {
    }

    /** The embedded store's checkpoint, which throws when it could not write; replaces any earlier one. */
    public static void register(Checkpoint checkpoint) {
        flusher = Objects.requireNonNull(checkpoint);
    }

    /** Back to "every acknowledged write is durable" (a real MongoDB, or the embedded store stopped). */
    public static void clear() {
        flusher = NOTHING;
    }

    /**
     * Writes what the store holds now where a crash cannot take it; returns once it is written.
     *
     * @throws NotWritten when the checkpoint failed: nothing written since the last good checkpoint is durable
     */
    public static void flush() {
        try {
            flusher.write();
        } catch (Exception e) {
            throw new NotWritten(e);
        }
    }
}
