package dev.rightsflow.auditlog.deadlines.application;

import java.util.List;
import java.util.Optional;

import dev.rightsflow.deadline.ResponseTargetSpec;
import dev.rightsflow.deadline.UkDivision;

/**
 * Where the calculator learns an organisation's own response targets (and its UK division)
 * from the registry. audit-log may hold several implementations (the default one reads the
 * REGISTRY topic itself); the calculator asks them in their {@code @Order} and takes the first
 * that knows the organisation.
 */
public interface OrganisationTargets {

    /** The organisation's targets (possibly none); empty when the organisation is unknown. */
    Optional<List<ResponseTargetSpec>> targetsOf(String organisationId);

    /** The organisation's UK division, when known. */
    default Optional<UkDivision> divisionOf(String organisationId) {
        return Optional.empty();
    }
}
