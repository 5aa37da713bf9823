package dev.rightsflow.connectors.spi;

import java.util.Objects;

/**
 * One configuration key a connector reads.
 *
 * @param name         key in the task's connector configuration
 * @param type         how the value is parsed and checked
 * @param required     whether the key must be present (and non-blank) when it has no default
 * @param defaultValue value used when the key is absent; null for none
 * @param description  what the key means, for administrators
 */
public record ConfigKey(String name, Type type, boolean required, String defaultValue, String description) {

    /** Value types. A {@link #SECRET_REF} holds the name of a secret, never the secret itself. */
    public enum Type { STRING, URL, INT, BOOLEAN, LIST, DURATION, SECRET_REF }

    public ConfigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
    }

    public static ConfigKey required(String name, Type type, String description) {
        return new ConfigKey(name, type, true, null, description);
    }

    public static ConfigKey optional(String name, Type type, String defaultValue, String description) {
        return new ConfigKey(name, type, false, defaultValue, description);
    }

    /** Whether the key names a secret (the runtime resolves it; its value is never logged). */
    public boolean secret() {
        return type == Type.SECRET_REF;
    }
}
