package dev.rightsflow.intake.submission.application;

import dev.rightsflow.intake.shared.application.BatchWritten;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.rightsflow.intake.submission.model.Receipt;
import reactor.core.publisher.Mono;

/**
 * Idempotency records: one per keyed request, addressed by the request id derived from the caller's
 * scope and Idempotency-Key ({@link dev.rightsflow.intake.request.model.RequestKeys}), holding the digest of
 * the content first sent and, once the request is on the topic, the receipt given (without its
 * token, which is derived again when answering).
 *
 * <p>A record has two writers, which agree:
 * <ol>
 *   <li>the HTTP path {@link #claim claims} the id while it publishes (a lease, so that a claim left
 *       by a process that died can be taken over), then {@link #complete completes} or
 *       {@link #release releases} it;</li>
 *   <li>intake's listener {@link #remember remembers} every keyed {@code RequestReceived} it folds,
 *       history and live alike, so the records are rebuilt from the topic with the rest of the
 *       projection and a retry after any crash finds the request it made.</li>
 * </ol>
 * Records do not expire: a key stays bound to its request for as long as the request exists, since
 * its id is derived from the key.
 */
public interface IdempotencyStore {

    sealed interface Claim {
        /** The request id is new and now reserved for this call. */
        record Claimed() implements Claim {
        }

        /**
         * The key was used before: the digest of its content and the receipt given (token left out),
         * null while the first call is still publishing.
         */
        record Existing(String contentDigest, Receipt receipt) implements Claim {
        }
    }

    /**
     * Reserves {@code requestId} for this call until {@code leaseUntil}, unless a record exists; a
     * record still without receipt whose lease ended before {@code now} is taken over.
     *
     * @param scope and {@code key}: kept on the record for operators; the id is derived from them
     */
    Mono<Claim> claim(String requestId, String scope, String key, String contentDigest, Instant now, Instant leaseUntil);

    /** The claimed request is on the topic: later calls with the key get this receipt (its token is not stored). */
    Mono<Void> complete(String requestId, Receipt receipt);

    /** Gives the key back when the request could not be published, so a retry can use it. */
    Mono<Void> release(String requestId);

    /** Folds a keyed request found on the topic (listener, history and live); a no-op when already known. */
    Mono<Void> remember(String requestId, String contentDigest, Receipt receipt);

    /** One keyed request of a batch: the arguments of {@link #remember}. */
    record Remembered(String requestId, String contentDigest, Receipt receipt) {
    }

    /**
     * {@link #remember}s each, with the same outcome as one at a time. This default takes them one at a time; a
     * store may write the batch in bulk.
     *
     * @return the request ids remembered, in order, and why the next could not be, if it failed
     */
    default Mono<BatchWritten<String>> rememberAll(List<Remembered> requests) {
        return Mono.defer(() -> {
            List<String> done = new ArrayList<>();
            return reactor.core.publisher.Flux.fromIterable(requests)
                    .concatMap(r -> remember(r.requestId(), r.contentDigest(), r.receipt()).thenReturn(r.requestId()))
                    .doOnNext(done::add)
                    .then(Mono.fromSupplier(() -> BatchWritten.all(done)))
                    .onErrorResume(RuntimeException.class, e -> Mono.just(new BatchWritten<>(done, e)));
        });
    }

    Mono<Void> clear();
}
