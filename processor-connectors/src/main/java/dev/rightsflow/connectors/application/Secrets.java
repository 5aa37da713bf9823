package dev.rightsflow.connectors.application;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Secrets (API keys, tokens) named by {@code secretRef} in a system's connector configuration,
 * so that they never sit in the registry YAML or in an event. Looked up, in order, in: the
 * environment variable {@code RIGHTSFLOW_SECRET_<NAME>} (name upper-cased, other characters
 * turned into {@code _}), then the secrets file ({@code rightsflow.connectors.secrets-file}, Java
 * properties format {@code name=value}, re-read when it changes). Values are never logged.
 */
public final class Secrets {

    private final Map<String, String> environment;
    private final Path file;
    private volatile Properties fromFile = new Properties();
    private volatile long fileStamp = -1;

    public Secrets(Map<String, String> environment, Path file) {
        this.environment = Map.copyOf(environment);
        this.file = file;
    }

    public static Secrets fromSystem(Path file) {
        return new Secrets(System.getenv(), file);
    }

    public static String environmentName(String name) {
        return "RIGHTSFLOW_SECRET_" + name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    public Optional<String> get(String name) {
        String env = environment.get(environmentName(name));
        if (env != null && !env.isBlank()) {
            return Optional.of(env);
        }
        return Optional.ofNullable(file().getProperty(name)).filter(v -> !v.isBlank());
    }

    private Properties file() {
        if (file == null || !Files.isReadable(file)) {
            return new Properties();
        }
        try {
            long stamp = Files.getLastModifiedTime(file).toMillis();
            if (stamp != fileStamp) {
                Properties loaded = new Properties();
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    loaded.load(reader);
                }
                fromFile = loaded;
                fileStamp = stamp;
            }
            return fromFile;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the secrets file " + file, e);
        }
    }
}
