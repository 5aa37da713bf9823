package dev.rightsflow.intake.status.application;

import dev.rightsflow.intake.shared.application.BatchWritten;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import dev.rightsflow.intake.status.model.CaseFact;
import dev.rightsflow.intake.status.model.RequestStatus;
import reactor.core.publisher.Mono;

/** The citizen-status projection, one document per request, folded from {@link CaseFact}s. */
public interface StatusStore {

    Mono<Optional<RequestStatus>> find(String requestId);

    /** Folds a fact into the request's status; concurrent writers are serialised by a version check. */
    Mono<RequestStatus> apply(String requestId, CaseFact fact);

    /** One fact of a batch, for the request it belongs to. */
    record Keyed(String requestId, CaseFact fact) {
    }

    /**
     * Folds the facts in order, with the same outcome as {@link #apply} one at a time, stopping after the first
     * fact whose resulting status {@code stopAfter} accepts (so the caller can act on a status as it stood then)
     * or before the first that cannot be folded or written; every fact taken is written when this completes.
     * This default takes them one at a time; a store may read and write the batch in bulk.
     *
     * @return the status after each fact taken, in order, and why the next could not be taken, if it failed
     */
    default Mono<BatchWritten<RequestStatus>> applyAll(List<Keyed> facts, Predicate<RequestStatus> stopAfter) {
        return Mono.defer(() -> {
            List<RequestStatus> after = new ArrayList<>();
            return reactor.core.publisher.Flux.fromIterable(facts)
                    .concatMap(f -> apply(f.requestId(), f.fact()))
                    .doOnNext(after::add)
                    .takeUntil(stopAfter)
                    .then(Mono.fromSupplier(() -> BatchWritten.all(after)))
                    .onErrorResume(RuntimeException.class, e -> Mono.just(new BatchWritten<>(after, e)));
        });
    }

    /**
     * Removes the request's duplicate fingerprint from its status, once its personal data is erased
     * ({@code PersonalDataErased}); the rest of the status, including the duplicate link, stays.
     */
    Mono<Void> forgetFingerprint(String requestId);

    Mono<Boolean> isEmpty();

    Mono<Void> clear();
}
