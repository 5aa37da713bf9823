package dev.rightsflow.router.resolution.model;

import dev.rightsflow.router.registry.model.Organisation;
import dev.rightsflow.router.registry.model.Registry;
import java.util.List;
import java.util.Optional;

/**
 * Decides who the controller is for a request from the organisation addressed, the service or
 * site it concerns and the subject's relationship to it. The role depends on the service, not on
 * the organisation alone (MES is processor for an NHS trust's membership site and controller for
 * its corporate website; a Research in Practice user is covered by a Partner's membership or has a
 * public account). Anything it cannot decide with certainty goes to triage with candidates.
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>The receiving organisation must be in the registry.</li>
 *   <li>A named service must be in the registry, and the receiving organisation must be its
 *       controller or one of its processors (or a controller reached through a relationship rule).</li>
 *   <li>A service with relationship rules resolves by the subject's relationship; a relationship
 *       that matches none of them, or none stated, goes to triage with every rule's controller.</li>
 *   <li>Otherwise the service's controller answers.</li>
 *   <li>No service named: a stated relationship that matches exactly one of the receiving
 *       organisation's rules resolves by it; otherwise the receiving organisation answers as
 *       controller of its own data.</li>
 * </ol>
 */
public final class ControllerResolver {

    private final Registry registry;

    public ControllerResolver(Registry registry) {
        this.registry = registry;
    }

    public Resolution resolve(String receivingOrganisationId, String serviceId, String relationship) {
        Optional<Organisation> receiver = registry.organisation(receivingOrganisationId);
        if (receiver.isEmpty()) {
            return new Resolution.NeedsTriage("the receiving organisation '" + receivingOrganisationId
                    + "' is not in the registry", List.of());
        }
        if (serviceId != null && !serviceId.isBlank()) {
            return resolveService(receiver.get(), serviceId, relationship);
        }
        if (relationship != null && !relationship.isBlank()) {
            List<Organisation.Service> matching = receiver.get().services().stream()
                    .filter(s -> s.relationships().stream().anyMatch(r -> sameRelationship(r.relationship(), relationship)))
                    .toList();
            if (matching.size() == 1) {
                return resolveService(receiver.get(), matching.get(0).id(), relationship);
            }
        }
        return new Resolution.Resolved(receiver.get().id(), null, false,
                "no service named: " + receiver.get().name() + " answers as controller of its own data");
    }

    private Resolution resolveService(Organisation receiver, String serviceId, String relationship) {
        Optional<Organisation.Service> found = registry.service(serviceId);
        if (found.isEmpty()) {
            return new Resolution.NeedsTriage("service '" + serviceId + "' is not in the registry; "
                    + receiver.name() + " received the request", List.of(receiver.id()));
        }
        Organisation.Service service = found.get();
        String controllerId = service.controllerId();
        String rule;
        if (!service.relationships().isEmpty()) {
            Optional<Organisation.RelationshipRule> match = relationship == null ? Optional.empty()
                    : service.relationships().stream().filter(r -> sameRelationship(r.relationship(), relationship))
                            .findFirst();
            if (match.isEmpty()) {
                List<String> candidates = service.relationships().stream()
                        .map(Organisation.RelationshipRule::controllerId).distinct().toList();
                return new Resolution.NeedsTriage("the controller of '" + service.name()
                        + "' depends on the subject's relationship, and "
                        + (relationship == null || relationship.isBlank() ? "none was stated"
                                : "'" + relationship + "' matches no rule"),
                        candidates);
            }
            controllerId = match.get().controllerId();
            rule = "'" + service.name() + "': a subject with relationship '" + match.get().relationship() + "' has "
                    + name(controllerId) + " as controller"
                    + (match.get().explanation() == null ? "" : " (" + match.get().explanation() + ")");
        } else {
            rule = "'" + service.name() + "' is controlled by " + name(controllerId);
        }
        if (registry.organisation(controllerId).isEmpty()) {
            return new Resolution.NeedsTriage("the controller '" + controllerId + "' of '" + service.name()
                    + "' is not in the registry", List.of(receiver.id()));
        }
        boolean receiverIsController = receiver.id().equals(controllerId);
        boolean receiverIsProcessor = !receiverIsController && service.processorIds().contains(receiver.id());
        boolean receiverRunsService = receiverIsController || receiverIsProcessor
                || service.controllerId().equals(receiver.id());
        if (!receiverRunsService) {
            return new Resolution.NeedsTriage(receiver.name() + " is neither controller nor processor of '"
                    + service.name() + "'", List.of(controllerId));
        }
        if (receiverIsProcessor) {
            rule = rule + "; " + receiver.name() + " runs it as processor and forwards the request (Art 28(3)(e))";
        } else if (!receiverIsController) {
            rule = rule + "; " + receiver.name() + " runs it and forwards the request to the controller";
            receiverIsProcessor = true;
        }
        return new Resolution.Resolved(controllerId, service.id(), receiverIsProcessor, rule);
    }

    private String name(String organisationId) {
        return registry.organisation(organisationId).map(Organisation::name).orElse(organisationId);
    }

    /**
     * Whether a stated relationship is the rule's: case-insensitive, and an underscore counts as a hyphen, so the
     * older documented spelling ({@code PARTNER_MEMBER:camden}) matches the registry's ({@code partner-member:camden}).
     */
    static boolean sameRelationship(String rule, String stated) {
        return stated != null && spelling(rule).equals(spelling(stated));
    }

    private static String spelling(String relationship) {
        return relationship.trim().toLowerCase(java.util.Locale.ROOT).replace('_', '-').replaceAll("\\s*:\\s*", ":");
    }
}
