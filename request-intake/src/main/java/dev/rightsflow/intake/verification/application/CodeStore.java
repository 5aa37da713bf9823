package dev.rightsflow.intake.verification.application;

import java.util.Optional;

import dev.rightsflow.intake.verification.model.VerificationCode;
import reactor.core.publisher.Mono;

/**
 * Identity codes, hashed, one per request, with the address they go to. Not rebuilt from Kafka:
 * codes are secrets and never published; after a rebuild the subject asks for a new code.
 */
public interface CodeStore {

    record Entry(VerificationCode code, String email) {
    }

    Mono<Void> save(VerificationCode code, String email);

    Mono<Optional<Entry>> find(String requestId);

    Mono<Void> recordWrongAttempt(String requestId);

    /** Marks the code used if it was not; false when another call used it first (single use). */
    Mono<Boolean> markUsed(String requestId);

    Mono<Void> unmarkUsed(String requestId);

    /** Forgets the request's code and the address it went to (its retention ended). */
    Mono<Void> delete(String requestId);
}
