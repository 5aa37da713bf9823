package dev.rightsflow.auditlog.registry;

import java.util.List;
import java.util.Map;

import dev.rightsflow.deadline.ResponseTargetSpec;

/**
 * What audit-log needs of an organisation, from the router's {@code OrganisationPublished}: its
 * name, UK division, services (with controller and processors), its own response targets, where
 * its deadline alerts go, its consent purposes (which staff map a free-words withdrawal to), and its systems'
 * names by id (from the registry entry's document), so the dashboard names systems as staff know them.
 */
public record Organisation(String id, long version, String name, String division, List<Service> services,
        List<ResponseTargetSpec> targets, String alertEmail, String alertWebhook, List<ConsentPurpose> consentPurposes,
        Map<String, String> systemNames) {

    public Organisation {
        consentPurposes = consentPurposes == null ? List.of() : List.copyOf(consentPurposes);
        systemNames = systemNames == null ? Map.of() : Map.copyOf(systemNames);
    }

    /** An organisation whose systems' names are not known (their ids stand for them). */
    public Organisation(String id, long version, String name, String division, List<Service> services,
            List<ResponseTargetSpec> targets, String alertEmail, String alertWebhook, List<ConsentPurpose> consentPurposes) {
        this(id, version, name, division, services, targets, alertEmail, alertWebhook, consentPurposes, Map.of());
    }

    /** An organisation that lists no consent purposes. */
    public Organisation(String id, long version, String name, String division, List<Service> services,
            List<ResponseTargetSpec> targets, String alertEmail, String alertWebhook) {
        this(id, version, name, division, services, targets, alertEmail, alertWebhook, List.of());
    }

    /** A purpose it asks consent for: the id a withdrawal names, and its name in plain words. */
    public record ConsentPurpose(String id, String name) {
    }

    public record Service(String serviceId, String name, String controllerId, List<String> processorIds) {
    }
}
