package dev.rightsflow.connectors.databases;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An Art 16 correction as a database connector can apply it: labelled values, either a JSON object
 * ({@code {"surname": "Smith"}}) or one {@code label: value} per line ({@code surname: Smith}),
 * as staff or the request form record it. Anything else (a sentence) is not applied by a machine:
 * the connector hands the task to a person.
 */
final class Correction {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_VALUE = 1_000;

    private Correction() {
    }

    /** Label (lower case) → value; empty when the text is not in one of the two forms. */
    static Optional<Map<String, String>> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        String trimmed = text.strip();
        if (trimmed.startsWith("{")) {
            try {
                JsonNode node = JSON.readTree(trimmed);
                if (!node.isObject()) {
                    return Optional.empty();
                }
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    if (!field.getValue().isValueNode() || field.getValue().isNull()) {
                        return Optional.empty();
                    }
                    values.put(field.getKey().trim().toLowerCase(Locale.ROOT), field.getValue().asString());
                }
            } catch (JacksonException e) {
                return Optional.empty();
            }
        } else {
            for (String line : trimmed.split("\\R")) {
                if (line.isBlank()) {
                    continue;
                }
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    return Optional.empty();
                }
                values.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        if (values.isEmpty() || values.values().stream().anyMatch(v -> v.length() > MAX_VALUE)) {
            return Optional.empty();
        }
        return Optional.of(values);
    }
}
