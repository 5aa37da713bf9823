package dev.rightsflow.router.registry.application;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import dev.rightsflow.router.registry.model.Organisation;

/**
 * Reads and writes registry entries: the seed YAML, the JSON {@code document} carried by
 * {@code OrganisationPublished} (the router's own rebuild reads it back), and digests of entries.
 * Unknown fields are errors, so a misspelt key in the seed or an admin edit is caught.
 */
public final class RegistryCodec {

    private final JsonMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    public JsonMapper json() {
        return json;
    }

    /** The organisations of a seed registry YAML ({@code organisations: [...]}). */
    public List<Organisation> readSeed(InputStream yaml) {
        Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        if (!(root instanceof Map<?, ?> map) || !(map.get("organisations") instanceof List<?> list)) {
            throw new IllegalArgumentException("a registry file must have a list 'organisations'");
        }
        return list.stream().map(o -> json.convertValue(o, Organisation.class)).toList();
    }

    public String document(RegistryEntry entry) {
        return json.writeValueAsString(entry);
    }

    public RegistryEntry readDocument(String document) {
        return json.readValue(document, RegistryEntry.class);
    }

    public Organisation readOrganisation(String body) {
        return json.readValue(body, Organisation.class);
    }

    /** SHA-256 of the organisation's canonical JSON: equal content, equal digest. */
    public String digest(Organisation organisation) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(json.writeValueAsString(organisation).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
