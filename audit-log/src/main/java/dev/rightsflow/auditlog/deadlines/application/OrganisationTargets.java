package dev.rightsflow.auditlog.deadlines.application;

import java.util.List;
import java.util.Optional;

import dev.rightsflow.deadline.ResponseTargetSpec;
import dev.rightsflow.deadline.UkDivision;

/**
 * Where the calculator learns an organisation's own response targets (and its UK division)
 * from the registry. Implemented by audit-log's registry view
 * ({@code dev.rightsflow.auditlog.registry.RegistryView}, one per service, fed from the REGISTRY
 * topic); the calculator takes the first of its ports that knows the organisation.
 */
public interface OrganisationTargets {

    /** The organisation's targets (possibly none); empty when the organisation is unknown. */
    Optional<List<ResponseTargetSpec>> targetsOf(String organisationId);

    /** The organisation's UK division, when known. */
    default Optional<UkDivision> divisionOf(String organisationId) {
        return Optional.empty();
    }
}
