package dev.rightsflow.intake.kafka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.rightsflow.intake.model.Relationship;

/**
 * What intake reads from an organisation's full registry entry ({@code OrganisationPublished.document}, the router's
 * JSON) beyond the event's own fields: each service's relationship rules, and the names of the systems and recipients
 * of its data map, so pages and the status API can name them. An unreadable document gives neither (the ids are
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

    private static void put(Map<String, String> out, String id, String name) {
        if (id != null && name != null && !name.isBlank()) {
            out.put(id, name);
        }
    }
}
