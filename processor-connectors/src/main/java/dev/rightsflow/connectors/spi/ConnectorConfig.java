package dev.rightsflow.connectors.spi;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One system's validated configuration with defaults applied. Holds secret references, never
 * secrets: resolve them with {@link ConnectorContext#secret(String)}.
 */
public final class ConnectorConfig {

    private final Map<String, String> values;

    public ConnectorConfig(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public String string(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalStateException("configuration key not set: " + key);
        }
        return value;
    }

    public Optional<String> optional(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public int integer(String key) {
        return Integer.parseInt(string(key));
    }

    public boolean bool(String key) {
        return Boolean.parseBoolean(string(key));
    }

    public Duration duration(String key) {
        return Duration.parse(string(key));
    }

    /** A comma-separated list, trimmed, without empty items. */
    public List<String> list(String key) {
        return optional(key).map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    /** Every key starting with the prefix, with the prefix removed (e.g. field mappings {@code map.email=Email}). */
    public Map<String, String> withPrefix(String prefix) {
        return values.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .collect(Collectors.toMap(e -> e.getKey().substring(prefix.length()), Map.Entry::getValue));
    }

    public Map<String, String> asMap() {
        return values;
    }
}
