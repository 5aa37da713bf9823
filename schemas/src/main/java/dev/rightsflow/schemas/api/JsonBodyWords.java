package dev.rightsflow.schemas.api;

import tools.jackson.core.TokenStreamLocation;

/**
 * The words every service answers a JSON body it cannot read with (in a 400 {@link ProblemType#MALFORMED}), so the
 * same mistake reads the same everywhere and no parser message (which names the server's classes) reaches a client.
 */
public final class JsonBodyWords {

    private JsonBodyWords() {
    }

    /** A body that does not parse, with where the parser stopped when it knows. */
    public static String notWellFormed(TokenStreamLocation at) {
        return at == null ? "The body is not well-formed JSON or does not have the expected shape."
                : "The body is not well-formed JSON (line " + at.getLineNr() + ", column " + at.getColumnNr() + ").";
    }

    /** A body whose top level is not an object: what it is instead, from its first significant character. */
    public static String notAnObject(CharSequence body) {
        return "The request body is " + kind(body) + "; send a JSON object.";
    }

    private static String kind(CharSequence body) {
        for (int i = 0; i < body.length(); i++) {
            switch (body.charAt(i)) {
                case ' ', '\t', '\r', '\n' -> {
                    continue;
                }
                case '[' -> {
                    return "a JSON array";
                }
                case '"' -> {
                    return "a JSON string";
                }
                case 't', 'f' -> {
                    return "a JSON boolean";
                }
                case 'n' -> {
                    return "null";
                }
                default -> {
                    return "a JSON number";
                }
            }
        }
        return "empty";
    }
}
