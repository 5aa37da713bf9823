package dev.rightsflow.auditlog.trail.model;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical serialisation that audit hashes are computed over. It is the JSON Canonicalization
 * Scheme (RFC 8785) restricted to the value types an audit entry holds: objects (members sorted by
 * key in UTF-16 code-unit order, as RFC 8785 §3.2.3 requires), arrays, strings (escaped per
 * RFC 8785 §3.2.2.2), integers (written without exponent or fraction), booleans and null; no
 * whitespace. Dates and instants are held as ISO-8601 strings before they get here, and floating
 * point numbers never occur, so any reader can re-create the exact bytes from the stored entry.
 */
public final class CanonicalJson {

    private CanonicalJson() {
    }

    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        append(out, value);
        return out.toString();
    }

    private static void append(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(out, s);
        } else if (value instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (value instanceof Number n) {
            if (n instanceof Double || n instanceof Float) {
                throw new IllegalArgumentException("floating point values are not part of the audit canon");
            }
            out.append(n.longValue());
        } else if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, e.getKey());
                out.append(':');
                append(out, e.getValue());
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                append(out, list.get(i));
            }
            out.append(']');
        } else {
            string(out, value.toString());
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
