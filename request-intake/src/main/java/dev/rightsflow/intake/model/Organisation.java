package dev.rightsflow.intake.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.rightsflow.deadline.UkDivision;

/**
 * Intake's view of one organisation of the router's registry (learned from
 * {@code OrganisationPublished}): the rights it accepts requests for and how identity is
 * verified for each, its services, its UK division (bank holidays) and how it authenticates as a
 * processor, and the names of its systems and recipients (from the registry entry).
 */
public record Organisation(String id, String name, long version, UkDivision division, List<Service> services,
        Map<RightType, Verification> rights, ProcessorAuthMethod processorAuth, List<OwnTarget> targets,
        Map<String, String> systemNames) {

    public Organisation {
        services = List.copyOf(services);
        rights = Map.copyOf(rights);
        targets = List.copyOf(targets);
        systemNames = systemNames == null ? Map.of() : Map.copyOf(systemNames);
    }

    public Organisation(String id, String name, long version, UkDivision division, List<Service> services,
            Map<RightType, Verification> rights, ProcessorAuthMethod processorAuth, List<OwnTarget> targets) {
        this(id, name, version, division, services, rights, processorAuth, targets, Map.of());
    }

    /** The name people read for one of its systems or recipients ({@code recipient:<id>}), else the id. */
    public String systemName(String systemId) {
        return systemNames.getOrDefault(systemId, systemId);
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
