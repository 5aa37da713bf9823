package dev.rightsflow.intake.application;

import reactor.core.publisher.Mono;

/** Sends an OpenDSR status callback to the submitter's URLs. */
public interface StatusCallbacks {

    /** Completes when every URL answered 2xx; fails otherwise. */
    Mono<Void> send(CallbackStore.Registration registration, java.util.Map<String, Object> statusBody);
}
