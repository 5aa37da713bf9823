package dev.rightsflow.schemas.embedded;

import org.h2.mvstore.MVMap;

/**
 * What holds a map of {@link IndexedDiskBackend}'s file (a collection, a unique or a secondary index): when a scrub
 * replaces the file by a compacted copy while the store is open, the holder is handed the same map of the new file.
 */
interface StoredMap {

    /** The map it reads and writes now. */
    MVMap<?, ?> map();

    /** From now on it reads and writes {@code reopened}: the same map, with the same types, of the new file. */
    void moveTo(MVMap<Object, Object> reopened);
}
