package dev.rightsflow.auditlog.registry;

import java.util.List;

import dev.rightsflow.deadline.ResponseTargetSpec;

/**
 * What audit-log needs of an organisation, from the router's {@code OrganisationPublished}: its
 * name, UK division, services (with controller and processors), its own response targets and
 * where its deadline alerts go.
 */
public record Organisation(String id, long version, String name, String division, List<Service> services,
        List<ResponseTargetSpec> targets, String alertEmail, String alertWebhook) {

    public record Service(String serviceId, String name, String controllerId, List<String> processorIds) {
    }
}
