package dev.rightsflow.connectors.spi;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A connector's whole configuration, declared once (Kafka Connect's {@code ConfigDef}): keys,
 * types, required or not, defaults, which are secret references. {@link #validate(Map)} checks a
 * system's configuration before any task runs; {@link #parse(Map)} gives typed access.
 */
public final class ConfigDef {

    private final Map<String, ConfigKey> keys = new LinkedHashMap<>();

    public static ConfigDef of(ConfigKey... keys) {
        ConfigDef def = new ConfigDef();
        for (ConfigKey key : keys) {
            if (def.keys.put(key.name(), key) != null) {
                throw new IllegalArgumentException("configuration key declared twice: " + key.name());
            }
        }
        return def;
    }

    /** A new definition with these keys added after this one's. */
    public ConfigDef with(ConfigKey... more) {
        List<ConfigKey> all = new ArrayList<>(keys.values());
        all.addAll(Arrays.asList(more));
        return of(all.toArray(ConfigKey[]::new));
    }

    public List<ConfigKey> keys() {
        return List.copyOf(keys.values());
    }

    public Optional<ConfigKey> key(String name) {
        return Optional.ofNullable(keys.get(name));
    }

    /**
     * Problems with one system's configuration: missing required keys and values that do not
     * parse as their type. Keys the connector does not declare are allowed (the registry may carry
     * information for other readers, e.g. {@code art15.*}).
     */
    public List<ConfigProblem> validate(Map<String, String> config) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (ConfigKey key : keys.values()) {
            String value = config.get(key.name());
            if (value == null || value.isBlank()) {
                if (key.required() && key.defaultValue() == null) {
                    problems.add(new ConfigProblem(key.name(), "is required: " + key.description()));
                }
                continue;
            }
            String typeProblem = typeProblem(key.type(), value.trim());
            if (typeProblem != null) {
                problems.add(new ConfigProblem(key.name(), typeProblem));
            }
        }
        return problems;
    }

    /** Typed access to a configuration that passed {@link #validate(Map)}. */
    public ConnectorConfig parse(Map<String, String> config) {
        Map<String, String> effective = new LinkedHashMap<>();
        for (ConfigKey key : keys.values()) {
            if (key.defaultValue() != null) {
                effective.put(key.name(), key.defaultValue());
            }
        }
        config.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                effective.put(k, v.trim());
            }
        });
        return new ConnectorConfig(effective);
    }

    private static String typeProblem(ConfigKey.Type type, String value) {
        switch (type) {
            case INT -> {
                try {
                    Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    return "must be a whole number";
                }
            }
            case BOOLEAN -> {
                if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                    return "must be true or false";
                }
            }
            case URL -> {
                try {
                    URI uri = URI.create(value);
                    if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                            || uri.getHost() == null) {
                        return "must be an http(s) URL";
                    }
                } catch (IllegalArgumentException e) {
                    return "must be an http(s) URL";
                }
            }
            case DURATION -> {
                try {
                    Duration.parse(value);
                } catch (DateTimeParseException e) {
                    return "must be an ISO-8601 duration such as PT30S";
                }
            }
            case SECRET_REF -> {
                if (!value.matches("[A-Za-z0-9_.\\-]+")) {
                    return "must be the name of a secret (letters, digits, '_', '.', '-'), never the secret itself";
                }
            }
            default -> {
                return null;
            }
        }
        return null;
    }
}
