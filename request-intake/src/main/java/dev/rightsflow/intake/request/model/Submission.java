package dev.rightsflow.intake.request.model;

/**
 * A rights request as submitted, before it is checked against the registry.
 *
 * @param serviceId    the service or site concerned, optional for citizens
 * @param relationship the subject's relationship, e.g. PARTNER_MEMBER:partner-id; optional
 */
public record Submission(RightType right, Subject subject, String organisationId, String serviceId,
        String relationship, RightDetails details) {
}
