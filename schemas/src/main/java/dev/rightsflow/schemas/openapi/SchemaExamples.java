package dev.rightsflow.schemas.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.media.Schema;

/**
 * An example value built from a schema, for a body the code documents by its type but with no example of its own: a
 * property's own example or first enum value where it has one, else a plausible value for its format or name (an id
 * looks like a UUID, a date like a date). Returns null where the schema says nothing to build from (a bare
 * {@code object}), so such a body is left for the service's overlay ({@code openapi/<group>.json}) to describe.
 */
final class SchemaExamples {

    private static final int MAX_DEPTH = 6;

    private final Components components;

    SchemaExamples(Components components) {
        this.components = components;
    }

    /** An example of {@code schema}, or null when it has no structure to show. */
    Object of(Schema<?> schema) {
        return value(schema, null, 0, Set.of());
    }

    private Object value(Schema<?> schema, String name, int depth, Set<String> seen) {
        if (schema == null || depth > MAX_DEPTH) {
            return null;
        }
        if (schema.get$ref() != null) {
            String ref = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
            if (seen.contains(ref) || components == null || components.getSchemas() == null) {
                return null;
            }
            Schema<?> target = components.getSchemas().get(ref);
            Set<String> now = new java.util.HashSet<>(seen);
            now.add(ref);
            return value(target, name, depth + 1, now);
        }
        if (schema.getExample() != null) {
            return schema.getExample();
        }
        if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
            return schema.getEnum().get(0);
        }
        if (schema.getAllOf() != null && !schema.getAllOf().isEmpty()) {
            return value(schema.getAllOf().get(0), name, depth + 1, seen);
        }
        if (schema.getOneOf() != null && !schema.getOneOf().isEmpty()) {
            return value(schema.getOneOf().get(0), name, depth + 1, seen);
        }
        String type = type(schema);
        if ("array".equals(type)) {
            Object item = value(schema.getItems(), singular(name), depth + 1, seen);
            return item == null ? null : List.of(item);
        }
        if ("object".equals(type) || schema.getProperties() != null) {
            if (schema.getProperties() == null || schema.getProperties().isEmpty()) {
                return null;
            }
            Map<String, Object> object = new LinkedHashMap<>();
            schema.getProperties().forEach((property, propertySchema) -> {
                Object v = value(propertySchema, property, depth + 1, seen);
                if (v != null) {
                    object.put(property, v);
                }
            });
            return object.isEmpty() ? null : object;
        }
        return scalar(type, schema.getFormat(), name);
    }

    private static String type(Schema<?> schema) {
        if (schema.getType() != null) {
            return schema.getType();
        }
        if (schema.getTypes() != null) {
            List<String> types = new ArrayList<>(schema.getTypes());
            types.remove("null");
            return types.isEmpty() ? null : types.get(0);
        }
        return null;
    }

    private static Object scalar(String type, String format, String name) {
        String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
        if ("integer".equals(type)) {
            return n.contains("status") ? 200 : 1;
        }
        if ("number".equals(type)) {
            return 1.5;
        }
        if ("boolean".equals(type)) {
            return true;
        }
        if (!"string".equals(type)) {
            return null;
        }
        if ("date-time".equals(format) || n.endsWith("at") && n.length() > 2 && !n.equals("format")) {
            return "2026-01-05T10:15:30Z";
        }
        if ("date".equals(format) || n.endsWith("on") && !n.equals("reason") || n.contains("deadline") || n.endsWith("date")) {
            return "2026-02-04";
        }
        if ("uuid".equals(format) || n.equals("requestid") || n.equals("taskid") || n.equals("eventid")
                || n.equals("packageid") || n.equals("deliveryid")) {
            return "7d3b0a52-4c1e-4f0e-9d59-2f8b8e0a6c11";
        }
        if ("email".equals(format) || n.contains("email")) {
            return "sam.jones@example.org";
        }
        if ("uri".equals(format) || n.endsWith("url")) {
            return "https://rightsflow.example/api/v1/requests/7d3b0a52-4c1e-4f0e-9d59-2f8b8e0a6c11";
        }
        if ("byte".equals(format)) {
            return "SGVsbG8=";
        }
        if (n.contains("organisation") || n.contains("controller")) {
            return "riverside-council";
        }
        if (n.equals("systemid")) {
            return "mes";
        }
        if (n.equals("right")) {
            return "erasure";
        }
        if (n.equals("name")) {
            return "Riverside Council";
        }
        return "text";
    }

    private static String singular(String name) {
        return name == null ? null : name.endsWith("s") ? name.substring(0, name.length() - 1) : name;
    }
}
