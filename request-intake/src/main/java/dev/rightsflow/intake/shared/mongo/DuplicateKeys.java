package dev.rightsflow.intake.shared.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;

/**
 * Recognises a write refused on a unique key (an {@code _id} or a unique index already taken): the stores use it
 * where the first insert arbitrates a race (duplicates, idempotency, replayed signatures, the registry).
 */
public final class DuplicateKeys {

    private DuplicateKeys() {
    }

    /** Whether {@code e} is a write refused because the key is already taken. */
    public static boolean duplicate(Throwable e) {
        return e instanceof MongoWriteException w && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }
}
