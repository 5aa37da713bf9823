package dev.rightsflow.intake.opendsr.application;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * OpenDSR requests as their submitter sees them: the registration made when a request is accepted
 * (who submitted it, under which {@code subject_request_id}, which regulation, where to call back,
 * what it was last told) and the outbox of status callbacks (OpenDSR 2.0 §8.5), one per status
 * change and URL, kept until the URL acknowledged it.
 */
public interface CallbackStore {

    /**
     * @param expectedCompletion when the request is expected to be fulfilled under its regulation
     *                           (used while no deadline is known from the case)
     * @param lastStatus         the last status callbacks were queued for; null before the first
     * @param cancelled          the submitter cancelled the request (§9)
     */
    record Registration(String requestId, String organisationId, String subjectRequestId, List<String> urls,
            String lastStatus, String regulation, Instant expectedCompletion, boolean cancelled) {

        public Registration {
            urls = urls == null ? List.of() : List.copyOf(urls);
        }
    }

    /**
     * One callback to deliver. {@code id} is derived from request, change number and URL, so
     * queuing the same status change twice queues it once, and a status reached again later (paused
     * then resumed) is a new change with its own callback.
     */
    record Delivery(String id, String requestId, String url, String status, String body, long sequence, int attempts,
            Instant nextAttempt) {
    }

    Mono<Void> register(Registration registration);

    Mono<Optional<Registration>> find(String requestId);

    /**
     * Sets {@code lastStatus} to {@code status} only if it still is {@code expected}, counting the
     * change. @return the number of this change (1, 2, ...), empty if another call changed it first
     */
    Mono<Optional<Long>> advanceStatus(String requestId, String expected, String status);

    Mono<Void> markCancelled(String requestId);

    /** Queues a delivery unless one with its id is queued or delivered already. */
    Mono<Void> enqueue(Delivery delivery);

    /** Undelivered callbacks, oldest first. */
    Flux<Delivery> undelivered(int limit);

    Mono<Void> delivered(String deliveryId, Instant at);

    Mono<Void> retryLater(String deliveryId, int attempts, Instant next);
}
