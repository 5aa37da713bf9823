package dev.rightsflow.intake.request.model;

import java.time.Instant;

/**
 * A processor handing a request to its controller (Art 28(3)(e); EDPB Guidelines 07/2020
 * paras 127-129). The controller's clock counts from the processor's receipt, the earliest in the
 * chain: a slow processor does not extend the controller's deadline.
 */
public record Forwarding(String fromOrganisationId, String toOrganisationId, String reference, Instant receivedAt) {
}
