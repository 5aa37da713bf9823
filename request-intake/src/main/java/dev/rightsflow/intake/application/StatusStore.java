package dev.rightsflow.intake.application;

import java.util.Optional;

import dev.rightsflow.intake.model.CaseFact;
import dev.rightsflow.intake.model.RequestStatus;
import reactor.core.publisher.Mono;

/** The citizen-status projection, one document per request, folded from {@link CaseFact}s. */
public interface StatusStore {

    Mono<Optional<RequestStatus>> find(String requestId);

    /** Folds a fact into the request's status; concurrent writers are serialised by a version check. */
    Mono<RequestStatus> apply(String requestId, CaseFact fact);

    /**
     * Removes the request's duplicate fingerprint from its status, once its personal data is erased
     * ({@code PersonalDataErased}); the rest of the status, including the duplicate link, stays.
     */
    Mono<Void> forgetFingerprint(String requestId);

    Mono<Boolean> isEmpty();

    Mono<Void> clear();
}
