package dev.rightsflow.schemas.state;

import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One lock for the whole JVM that makes a checkpoint of the projections consistent with the
 * offsets it records. Every listener holds the read side while it folds one record and stores
 * its offset ({@link ProjectionState}); a checkpoint of the embedded store takes the write side,
 * so it never sees a record half applied. In the standalone all four services share it; a
 * service on its own holds it alone.
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
