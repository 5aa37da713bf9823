package dev.rightsflow.intake.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.rightsflow.deadline.UkDivision;

/**
 * Intake's view of one organisation of the router's registry (learned from
 * {@code OrganisationPublished}): the rights it accepts requests for and how identity is
 * verified for each, its services, its UK division (bank holidays), how it authenticates as a
 * processor, its own targets and its catalogue of consent purposes.
 */
public record Organisation(String id, String name, long version, UkDivision division, List<Service> services,
        Map<RightType, Verification> rights, ProcessorAuthMethod processorAuth, List<OwnTarget> targets,
        List<ConsentPurpose> consentPurposes) {

    public Organisation {
        services = List.copyOf(services);
        rights = Map.copyOf(rights);
        targets = List.copyOf(targets);
        consentPurposes = consentPurposes == null ? List.of() : List.copyOf(consentPurposes);
    }

    /** An organisation that lists no consent purposes. */
    public Organisation(String id, String name, long version, UkDivision division, List<Service> services,
            Map<RightType, Verification> rights, ProcessorAuthMethod processorAuth, List<OwnTarget> targets) {
        this(id, name, version, division, services, rights, processorAuth, targets, List.of());
    }

    public Optional<Service> service(String serviceId) {
        return services.stream().filter(s -> s.id().equals(serviceId)).findFirst();
    }

    public boolean accepts(RightType right) {
        return rights.containsKey(right);
    }

    public Verification verificationFor(RightType right) {
        return rights.getOrDefault(right, Verification.NONE);
    }
}
