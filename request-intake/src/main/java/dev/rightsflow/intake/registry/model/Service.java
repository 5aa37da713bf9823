package dev.rightsflow.intake.registry.model;

import java.util.List;

/**
 * A service or site as the registry describes it: who controls its data and which organisations
 * process it for the controller (Art 28), and the subject's relationships it tells apart (each with its controller).
 */
public record Service(String id, String name, String controllerId, List<String> processorIds, List<Relationship> relationships) {

    public Service {
        processorIds = List.copyOf(processorIds);
        relationships = relationships == null ? List.of() : List.copyOf(relationships);
    }

    public Service(String id, String name, String controllerId, List<String> processorIds) {
        this(id, name, controllerId, processorIds, List.of());
    }

    public boolean processedBy(String organisationId) {
        return processorIds.contains(organisationId);
    }
}
