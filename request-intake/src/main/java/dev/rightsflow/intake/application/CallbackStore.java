package dev.rightsflow.intake.application;

import java.util.List;
import java.util.Optional;

import reactor.core.publisher.Mono;

/** OpenDSR status-callback registrations: where to tell a submitter about its request, and what it was last told. */
public interface CallbackStore {

    record Registration(String requestId, String organisationId, String subjectRequestId, List<String> urls,
            String lastStatus) {
    }

    Mono<Void> register(Registration registration);

    Mono<Optional<Registration>> find(String requestId);

    Mono<Void> markSent(String requestId, String status);
}
