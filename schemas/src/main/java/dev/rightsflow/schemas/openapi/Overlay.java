package dev.rightsflow.schemas.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a service says about its operations that the code cannot: {@code openapi/<group>.json}, one entry per handler
 * ({@code "RequestsApi#submit"}) with any of {@code id} (the operation id), {@code summary}, {@code status} (the
 * success status when it is not 200), {@code errors} (error statuses besides those every operation of its kind gets,
 * e.g. {@code [409]}), {@code request} and {@code response} (example bodies, as JSON; a string is a body that is not
 * JSON, e.g. a PEM certificate), {@code requestType} and {@code responseType} (the class of a body the handler reads
 * or writes as raw bytes, {@code "some.Class$Nested as SchemaName"}) and {@code responseMedia} (the success body's
 * media type where the code does not declare it; {@code "none"} for an answer without a body).
 */
record Overlay(Map<String, Entry> entries) {

    record Entry(String id, String summary, Integer status, List<Integer> errors, Object request, Object response,
            String requestType, String responseType, String responseMedia) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static Overlay load(String group) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        try (InputStream in = Overlay.class.getClassLoader().getResourceAsStream("openapi/" + group + ".json")) {
            if (in != null) {
                JsonNode root = JSON.readTree(in);
                for (var field : root.properties()) {
                    JsonNode e = field.getValue();
                    List<Integer> errors = new ArrayList<>();
                    if (e.has("errors")) {
                        e.get("errors").forEach(code -> errors.add(code.asInt()));
                    }
                    entries.put(field.getKey(), new Entry(text(e, "id"), text(e, "summary"),
                            e.has("status") ? e.get("status").asInt() : null, errors, plain(e.get("request")),
                            plain(e.get("response")), text(e, "requestType"), text(e, "responseType"),
                            text(e, "responseMedia")));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Overlay(entries);
    }

    Entry find(String handler) {
        return entries.get(handler);
    }

    private static String text(JsonNode node, String field) {
        return node.has(field) ? node.get(field).asString() : null;
    }

    /** A JSON value as plain maps, lists, strings and numbers, which any serialiser writes as it was. */
    private static Object plain(JsonNode node) {
        return node == null ? null : JSON.convertValue(node, Object.class);
    }
}
