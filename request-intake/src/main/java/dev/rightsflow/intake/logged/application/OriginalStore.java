package dev.rightsflow.intake.logged.application;

import java.time.Instant;

import dev.rightsflow.intake.logged.model.OriginalFile;
import reactor.core.publisher.Mono;

/**
 * Where the original of a request staff logged is kept (the scanned letter, the email), sealed with the request's
 * own key; deleted when the request's personal data is erased. Not a projection of a topic: a rebuild of intake's
 * views leaves it alone.
 */
public interface OriginalStore {

    /** What is kept besides the file: whose request it is and who logged it, in clear for access checks. */
    record Stored(String requestId, String organisationId, String loggedBy, Instant loggedAt, OriginalFile file) {
    }

    /**
     * Keeps the original of a request, replacing one kept before (a retried call); completes only once it is durable
     * (an error when it could not be made so: then it is not kept).
     */
    Mono<Void> save(Stored original);

    /** The original, opened; empty when there is none or the request's key is gone. */
    Mono<Stored> find(String requestId);

    /** Erases the original. Idempotent. */
    Mono<Void> delete(String requestId);
}
