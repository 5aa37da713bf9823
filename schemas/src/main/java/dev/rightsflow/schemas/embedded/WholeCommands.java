package dev.rightsflow.schemas.embedded;

import java.util.concurrent.locks.Lock;
import java.util.function.UnaryOperator;

import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.bson.Document;
import dev.rightsflow.schemas.state.StateLock;

/**
 * How both embedded backends apply a command: under the fold side of {@link StateLock}, so a checkpoint (which
 * takes the write side) holds every command whole or not at all, a document with its index entries, and waits for
 * the commands in flight only; a {@code find}'s first batch no bigger than MongoDB's ({@link BoundedBatches}).
 */
final class WholeCommands {

    private WholeCommands() {
    }

    /** @param handle the backend's own handling of the command (its superclass's) */
    static Document apply(String command, Document query, CursorRegistry cursors, UnaryOperator<Document> handle) {
        Lock folding = StateLock.folding();
        folding.lock();
        try {
            if (BoundedBatches.applies(command, query)) {
                return BoundedBatches.find(handle, cursors, query);
            }
            return handle.apply(query);
        } finally {
            folding.unlock();
        }
    }
}
