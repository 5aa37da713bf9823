package dev.rightsflow.schemas.state;

import java.util.Objects;

/**
 * Personal data was just blanked or deleted in a service's store (a {@code PersonalDataErased} folded): the store
 * must not keep an older copy of it readable on disk. Against a real MongoDB, and on the embedded memory store (whose
 * checkpoint is written whole, to a new file, every interval), there is nothing to do. The embedded disk store is a
 * log-structured file whose dead chunks keep a document's old bytes until they are written over: there the standalone
 * registers a hook that has the store's next commit replace the file by a compacted copy, which holds only the live
 * data ({@code embedded.IndexedDiskBackend#scrubAtNextCommit}; a store too large to copy within its bound is copied at
 * the next clean stop or open).
 *
 * <p>One hook for the whole JVM, like {@link DurableWrites}. {@link #erased()} only notes the request and returns: it
 * is called while a record is being folded, and the copy takes the checkpoint lock's write side.
 */
public final class ErasedOnDisk {

    private static volatile Runnable hook = () -> {
    };

    private ErasedOnDisk() {
    }

    /** What the embedded disk store does when personal data was erased; replaces any earlier hook. */
    public static void register(Runnable scrub) {
        hook = Objects.requireNonNull(scrub);
    }

    /** Back to "nothing to do" (a real MongoDB, the memory store, or the embedded store stopped). */
    public static void clear() {
        hook = () -> {
        };
    }

    /** Called once a {@code PersonalDataErased} has been folded, its effects written. */
    public static void erased() {
        hook.run();
    }
}
