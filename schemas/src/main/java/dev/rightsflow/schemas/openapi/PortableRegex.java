package dev.rightsflow.schemas.openapi;

/**
 * A Bean Validation pattern as a JSON Schema one. JSON Schema's {@code pattern} is an ECMA-262 regular expression,
 * which has no inline flags: Java's case-insensitive {@code (?i)} prefix is rewritten by spelling each letter outside
 * a character class in both cases ({@code (?i)ab} becomes {@code [aA][bB]}); a letter inside a class gets its other
 * case added to the class, a range its other-case range ({@code [a-z]} becomes {@code [a-zA-Z]}). Patterns without inline flags are returned unchanged.
 */
final class PortableRegex {

    private static final String CASE_INSENSITIVE = "(?i)";

    private PortableRegex() {
    }

    static String of(String pattern) {
        if (pattern == null || !pattern.startsWith(CASE_INSENSITIVE)) {
            return pattern;
        }
        String body = pattern.substring(CASE_INSENSITIVE.length());
        StringBuilder out = new StringBuilder();
        boolean inClass = false;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                out.append(c).append(body.charAt(++i));
            } else if (c == '[' && !inClass) {
                inClass = true;
                out.append(c);
            } else if (c == ']' && inClass) {
                inClass = false;
                out.append(c);
            } else if (inClass && cased(c) && i + 2 < body.length() && body.charAt(i + 1) == '-' && cased(body.charAt(i + 2))) {
                char end = body.charAt(i + 2);
                out.append(c).append('-').append(end).append(other(c)).append('-').append(other(end));
                i += 2;
            } else if (cased(c)) {
                char lower = Character.toLowerCase(c);
                char upper = Character.toUpperCase(c);
                if (inClass) {
                    out.append(lower).append(upper);
                } else {
                    out.append('[').append(lower).append(upper).append(']');
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean cased(char c) {
        return Character.toLowerCase(c) != Character.toUpperCase(c);
    }

    private static char other(char c) {
        return Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c);
    }
}
