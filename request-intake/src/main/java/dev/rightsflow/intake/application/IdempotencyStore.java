package dev.rightsflow.intake.application;

import java.time.Instant;

import dev.rightsflow.intake.model.Receipt;
import reactor.core.publisher.Mono;

/**
 * Idempotency records: one per (caller scope, Idempotency-Key), unique, holding the hash of the
 * body first sent and, once published, the answer given.
 */
public interface IdempotencyStore {

    sealed interface Claim {
        /** The key is new and now reserved for this call. */
        record Claimed() implements Claim {
        }

        /** The key was used before: its body hash and the answer given, null while still in progress. */
        record Existing(String bodyHash, Receipt receipt) implements Claim {
        }
    }

    Mono<Claim> claim(String scope, String key, String bodyHash, Instant now, Instant expiresAt);

    Mono<Void> complete(String scope, String key, Receipt receipt);

    /** Gives the key back when the request could not be published, so a retry can use it. */
    Mono<Void> release(String scope, String key);
}
