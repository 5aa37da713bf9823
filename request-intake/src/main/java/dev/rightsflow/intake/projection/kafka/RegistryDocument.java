package dev.rightsflow.intake.projection.kafka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.rightsflow.intake.registry.model.Mailbox;
import dev.rightsflow.intake.registry.model.Relationship;
import dev.rightsflow.intake.request.model.RightType;

/**
 * What intake reads from an organisation's full registry entry ({@code OrganisationPublished.document}, the router's
 * JSON) beyond the event's own fields: each service's relationship rules, the names of the systems and recipients
 * of its data map, so pages and the status API can name them, its inbound mailbox and the name of its processor secret. An unreadable document gives neither (the ids are
 * shown instead), never an error.
 */
record RegistryDocument(JsonNode root) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static RegistryDocument parse(String document) {
        if (document == null || document.isBlank()) {
            return new RegistryDocument(null);
        }
        try {
            JsonNode root = JSON.readTree(document);
            // the router writes its RegistryEntry: {"organisation": {...}, "version": n, "seedDigest": "..."}
            return new RegistryDocument(root.has("organisation") ? root.path("organisation") : root);
        } catch (JacksonException e) {
            return new RegistryDocument(null);
        }
    }

    List<Relationship> relationships(String serviceId) {
        List<Relationship> out = new ArrayList<>();
        if (root == null) {
            return out;
        }
        for (JsonNode service : root.path("services")) {
            if (serviceId.equals(service.path("id").asString(null))) {
                for (JsonNode rule : service.path("relationships")) {
                    String value = Relationship.canonical(rule.path("relationship").asString(null));
                    if (value != null) {
                        out.add(new Relationship(value, rule.path("controllerId").asString(null)));
                    }
                }
            }
        }
        return out;
    }

    Map<String, String> systemNames() {
        Map<String, String> out = new LinkedHashMap<>();
        if (root == null) {
            return out;
        }
        for (JsonNode system : root.path("systems")) {
            put(out, system.path("id").asString(null), system.path("name").asString(null));
        }
        for (JsonNode recipient : root.path("recipients")) {
            String id = recipient.path("id").asString(null);
            put(out, id == null ? null : "recipient:" + id, recipient.path("name").asString(null));
        }
        return out;
    }

    /**
     * The inbound mailbox ({@code "mailbox": {...}}); null when the entry has none. Only names: the password's secret
     * is resolved by the mailbox reader.
     */
    Mailbox mailbox() {
        JsonNode m = root == null ? null : root.path("mailbox");
        if (m == null || !m.isObject() || m.path("host").asString("").isBlank()) {
            return null;
        }
        boolean tls = !m.hasNonNull("tls") || m.path("tls").asBoolean(true);
        int port = m.hasNonNull("port") ? m.path("port").asInt() : tls ? 993 : 143;
        List<Mailbox.SubjectConvention> conventions = new ArrayList<>();
        m.path("conventions").forEach(c -> conventions.add(new Mailbox.SubjectConvention(
                c.path("subject").asString(""), c.hasNonNull("right") ? RightType.parse(c.path("right").asString()) : null)));
        return new Mailbox(text(m, "address"), text(m, "host"), port, tls, text(m, "username"), text(m, "folder"),
                text(m, "passwordSecretRef"), conventions);
    }

    /** The name of the secret of its processor credentials ({@code processorApi.secretRef}); null when it has none. */
    String processorSecretRef() {
        return root == null ? null : text(root.path("processorApi"), "secretRef");
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.path(field).asString() : null;
    }

    private static void put(Map<String, String> out, String id, String name) {
        if (id != null && name != null && !name.isBlank()) {
            out.put(id, name);
        }
    }
}
