package dev.rightsflow.router.forwarding.application;

import dev.rightsflow.router.registry.model.Organisation;
import dev.rightsflow.router.requests.model.Request;

/**
 * Sends a request to an external controller's endpoint (signed), given as the model reads it
 * ({@link Request}). Retries belong to the implementation; the result is final.
 */
public interface ExternalForwarder {

    /** @param reference the controller's reference for the request, when it gave one */
    record Result(boolean delivered, String reference, String failure) {
        public static Result delivered(String reference) {
            return new Result(true, reference, null);
        }

        public static Result failed(String failure) {
            return new Result(false, null, failure);
        }
    }

    Result forward(Organisation controller, Request request, String forwardedByOrganisationId,
            String idempotencyKey);

    /**
     * Cancels a request forwarded earlier (OpenDSR 2.0 §9, mode OPENDSR only); the controller
     * accepts it only while the request is pending there. Final like {@link #forward}.
     */
    default Result cancel(Organisation controller, Request request, String forwardedByOrganisationId) {
        return Result.failed("cancellation is not supported by this forwarder");
    }
}
