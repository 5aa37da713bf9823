package dev.rightsflow.intake.submission.application;

import dev.rightsflow.intake.shared.application.BatchWritten;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import reactor.core.publisher.Mono;

/**
 * The arbiter of duplicate flagging: one entry per duplicate fingerprint (subject email,
 * organisation, right; hashed), naming the first request of the current window. Registration is
 * atomic in the store (a unique key per fingerprint), so of two identical requests arriving at the
 * same moment exactly one is the first and the other is flagged as its duplicate.
 */
public interface DuplicateRegister {

    /**
     * Registers {@code requestId} as the first request with this fingerprint, unless a request
     * registered at or after {@code windowStart} already holds it.
     *
     * @return empty when {@code requestId} is (now) the first; otherwise the first request's id
     */
    Mono<Optional<String>> firstOrRegister(String fingerprint, String requestId, Instant at, Instant windowStart);

    /** One registration of a batch: the arguments of {@link #firstOrRegister}. */
    record Registration(String fingerprint, String requestId, Instant at, Instant windowStart) {
    }

    /**
     * Registers each in order, with the same outcome as {@link #firstOrRegister} one at a time. This default
     * takes them one at a time; a store may read and write the batch in bulk.
     *
     * @return for each registration written, in order, the first request's id (empty: it is the first)
     */
    default Mono<BatchWritten<Optional<String>>> registerAll(List<Registration> registrations) {
        return Mono.defer(() -> {
            List<Optional<String>> done = new ArrayList<>();
            return reactor.core.publisher.Flux.fromIterable(registrations)
                    .concatMap(r -> firstOrRegister(r.fingerprint(), r.requestId(), r.at(), r.windowStart()))
                    .doOnNext(done::add)
                    .then(Mono.fromSupplier(() -> BatchWritten.all(done)))
                    .onErrorResume(RuntimeException.class, e -> Mono.just(new BatchWritten<>(done, e)));
        });
    }

    /** Gives the fingerprint back when {@code requestId} was never published (broker unavailable). */
    Mono<Void> forget(String fingerprint, String requestId);

    /**
     * Removes the fingerprints {@code requestId} holds, once its personal data is erased ({@code PersonalDataErased}):
     * a fingerprint is pseudonymous personal data (a hash of the subject's email). A request flagged as its
     * duplicate keeps the link, which holds only request ids.
     */
    Mono<Void> forgetRequest(String requestId);

    Mono<Void> clear();
}
