package dev.rightsflow.intake.security.application;

import java.time.Instant;

import reactor.core.publisher.Mono;

/** Remembers processor signatures already seen, so a captured call cannot be sent again. */
public interface ReplayGuard {

    /** True the first time this signature of this organisation is seen; false on a replay. */
    Mono<Boolean> firstUse(String organisationId, String signature, Instant expiresAt);
}
