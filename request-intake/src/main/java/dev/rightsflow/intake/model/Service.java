package dev.rightsflow.intake.model;

import java.util.List;

/**
 * A service or site as the registry describes it: who controls its data and which organisations
 * process it for the controller (Art 28).
 */
public record Service(String id, String name, String controllerId, List<String> processorIds) {

    public Service {
        processorIds = List.copyOf(processorIds);
    }

    public boolean processedBy(String organisationId) {
        return processorIds.contains(organisationId);
    }
}
