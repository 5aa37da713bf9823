package dev.rightsflow.intake.registry.model;

import dev.rightsflow.intake.request.model.RightType;
import dev.rightsflow.intake.request.model.Verification;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.rightsflow.deadline.UkDivision;

/**
 * Intake's view of one organisation of the router's registry (learned from
 * {@code OrganisationPublished}): the rights it accepts requests for and how identity is
 * verified for each, its services, its UK division (bank holidays), how it authenticates as a
 * processor, its own targets, its catalogue of consent purposes, its inbound mailbox if it has one,
 * and the names of its systems and recipients (from the registry entry), and the name of the secret that
 * authenticates it as a processor (its entry's {@code processorApi.secretRef}, resolved by {@code schemas.secrets}).
 */
public record Organisation(String id, String name, long version, UkDivision division, List<Service> services,
        Map<RightType, Verification> rights, ProcessorAuthMethod processorAuth, List<OwnTarget> targets,
        List<ConsentPurpose> consentPurposes, Mailbox mailbox, Map<String, String> systemNames,
        String processorSecretRef) {

    /** An organisation whose processor credentials are not named (none, or a registry entry from before they were). */
    public Organisation(String id, String name, long version, UkDivision division, List<Service> services,
            Map<RightType, Verification> rights, ProcessorAuthMethod processorAuth, List<OwnTarget> targets,
            List<ConsentPurpose> consentPurposes, Mailbox mailbox, Map<String, String> systemNames) {
        this(id, name, version, division, services, rights, processorAuth, targets, consentPurposes, mailbox, systemNames,
                null);
    }

    /** An organisation whose systems' names are not known (their ids stand for them). */
    public Organisation(String id, String name, long version, UkDivision division, List<Service> services,
            Map<RightType, Verification> rights, ProcessorAuthMethod processorAuth, List<OwnTarget> targets,
            List<ConsentPurpose> consentPurposes, Mailbox mailbox) {
        this(id, name, version, division, services, rights, processorAuth, targets, consentPurposes, mailbox, Map.of());
    }

    /** An organisation without an inbound mailbox. */
    public Organisation(String id, String name, long version, UkDivision division, List<Service> services,
            Map<RightType, Verification> rights, ProcessorAuthMethod processorAuth, List<OwnTarget> targets,
            List<ConsentPurpose> consentPurposes) {
        this(id, name, version, division, services, rights, processorAuth, targets, consentPurposes, null);
    }

    /** An organisation that lists no consent purposes, with an inbound mailbox (or null). */
    public Organisation(String id, String name, long version, UkDivision division, List<Service> services,
            Map<RightType, Verification> rights, ProcessorAuthMethod processorAuth, List<OwnTarget> targets,
            Mailbox mailbox) {
        this(id, name, version, division, services, rights, processorAuth, targets, List.of(), mailbox);
    }

    /** An organisation with only its systems' names beyond the basics. */
    public Organisation(String id, String name, long version, UkDivision division, List<Service> services,
            Map<RightType, Verification> rights, ProcessorAuthMethod processorAuth, List<OwnTarget> targets,
            Map<String, String> systemNames) {
        this(id, name, version, division, services, rights, processorAuth, targets, List.of(), null, systemNames);
    }

    public Organisation {
        services = List.copyOf(services);
        rights = Map.copyOf(rights);
        targets = List.copyOf(targets);
        consentPurposes = consentPurposes == null ? List.of() : List.copyOf(consentPurposes);
        systemNames = systemNames == null ? Map.of() : Map.copyOf(systemNames);
    }

    /** An organisation that lists no consent purposes. */
    public Organisation(String id, String name, long version, UkDivision division, List<Service> services,
            Map<RightType, Verification> rights, ProcessorAuthMethod processorAuth, List<OwnTarget> targets) {
        this(id, name, version, division, services, rights, processorAuth, targets, List.<ConsentPurpose>of());
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

    /**
     * How identity is verified for a request whose right is not known yet (a mail that names none):
     * the most demanding method the organisation uses for any right, since the right staff choose in
     * triage may be one that needs it (Art 12(6)).
     */
    public Verification strictestVerification() {
        return rights.values().stream().max(java.util.Comparator.comparingInt(Organisation::strictness))
                .orElse(Verification.NONE);
    }

    private static int strictness(Verification method) {
        return switch (method) {
            case DOCUMENTARY -> 2;
            case EMAIL_CODE -> 1;
            default -> 0;
        };
    }
}
