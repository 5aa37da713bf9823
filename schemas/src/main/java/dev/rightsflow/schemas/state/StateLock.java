package dev.rightsflow.schemas.state;

import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One lock for the whole JVM that makes a checkpoint of the embedded store consistent with the
 * offsets it records. The embedded store applies each command (an insert, an update, a bulk write)
 * under the read side ({@code IndexedDiskBackend}, {@code IndexedMemoryBackend}); a checkpoint takes the
 * write side, so it holds every command whole or not at all, a document with its index entries. A
 * listener stores its offsets in one command sent only after every effect of those records was
 * acknowledged ({@link ProjectionState}), so a checkpoint that holds an offset holds its effects; one
 * that holds part of a poll's effects without its offsets makes a crash fold that poll again (folds are
 * idempotent). Listeners hold nothing across a poll: a checkpoint waits for the commands in flight, not
 * for the slowest poll of any service (under load, with the lock held for a whole poll, each checkpoint
 * waited seconds for one and stopped every other listener meanwhile). In the standalone all four
 * services share it; a service on its own holds it alone.
 */
public final class StateLock {

    private static final ReentrantReadWriteLock LOCK = new ReentrantReadWriteLock();

    private StateLock() {
    }

    public static ReentrantReadWriteLock.ReadLock folding() {
        return LOCK.readLock();
    }

    public static ReentrantReadWriteLock.WriteLock checkpoint() {
        return LOCK.writeLock();
    }
}
