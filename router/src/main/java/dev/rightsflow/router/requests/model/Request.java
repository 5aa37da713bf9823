package dev.rightsflow.router.requests.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.rightsflow.router.registry.model.Right;
import dev.rightsflow.router.registry.model.Verification;

/**
 * A data subject's request as the router reads it (the contract's {@code RequestReceived}, field for field where the
 * router uses it): the case folds it, the planner plans from it, a task carries a cut-down copy of its subject and
 * details ({@code cases.model.TaskContent}), a signed call forwards it. Holds personal data (the subject and
 * the free text): never logged.
 *
 * @param right        null when the request does not say which right it exercises (it arrived by a mail)
 * @param forwardedBy  the hop by which a processor forwarded it into the platform; null when received directly
 * @param verification the identity check asked for ({@link Verification#NONE} when none)
 * @param duplicateOf  the request this one repeats, as intake saw it; null otherwise
 */
public record Request(String requestId, Right right, String organisationId, String serviceId, String relationship,
        Instant receivedAt, Hop forwardedBy, Verification verification, String duplicateOf, Subject subject,
        Details details) {

    /** The same request exercising {@code chosen} (the right staff chose in triage for one that named none). */
    public Request withRight(Right chosen) {
        return new Request(requestId, chosen, organisationId, serviceId, relationship, receivedAt, forwardedBy,
                verification, duplicateOf, subject, details);
    }

    /** The purpose ids a consent withdrawal names, as the subject gave them. */
    public List<String> namedPurposes() {
        return details.consentPurposes();
    }

    /** One hop of a forwarding chain: who passed the request to whom, their reference and when it was first received. */
    public record Hop(String fromOrganisationId, String toOrganisationId, String reference, Instant receivedAt) {
    }

    /**
     * The data subject. Personal data.
     *
     * @param phone         null when not given
     * @param postalAddress null when not given
     * @param identifiers   the identifiers the organisation knows the subject by, e.g. a membership number
     */
    public record Subject(String name, String email, String phone, String postalAddress,
            Map<String, String> identifiers) {
    }

    /**
     * What the subject asks for beyond the right itself; each field applies to one right (null when not given).
     *
     * @param description     the subject's own words (free text: never leaves the case in a task)
     * @param consentPurposes Art 7(3): the purposes whose consent is withdrawn
     */
    public record Details(String description, String rectificationWhatIsWrong, String rectificationCorrection,
            String restrictionGround, String objectionProcessing, boolean objectionDirectMarketing,
            String portabilityTargetController, List<String> consentPurposes) {
    }
}
