package dev.rightsflow.schemas.secrets;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;

/**
 * The one way every service resolves a secret (an API key, a bearer token, a signing key, a mailbox password) from
 * the name the registry or the configuration gives it (a {@code secretRef}); secrets never sit in the registry, in an
 * event or in a log. For a reference {@code name}, in this order and nothing else:
 * <ol>
 * <li>the environment variable {@code RIGHTSFLOW_SECRET_<NAME>} ({@link #environmentName}: upper-cased, every
 * character other than A-Z and 0-9 turned into {@code _});</li>
 * <li>the file {@code <directory>/<name>} ({@code rightsflow.secrets.directory}, default {@code /run/secrets}, where
 * Docker and Kubernetes mount secrets; the whole file, a trailing line break dropped; read on each look-up, so a
 * rotated secret is picked up);</li>
 * <li>the Spring property {@code rightsflow.secrets.values.<name>} (the demo and tests).</li>
 * </ol>
 * A blank value counts as absent. A missing secret is an {@link Optional#empty()} from {@link #find}, or from
 * {@link #require} a {@link MissingSecretException} that names the reference and where it was looked for. Values
 * are never logged.
 * <p>
 * <b>Deprecated sources</b> ({@link Legacy}): the three ways the services used before (the connectors' properties
 * file, the router's {@code rightsflow.router.secrets.<name>} and a bare property or variable {@code <name>},
 * intake's {@code rightsflow.intake.processor-secrets.<organisationId>}) still answer for one release, after the
 * three above, with one warning per reference naming the variable to set instead.
 */
public final class Secrets {

    public static final String ENVIRONMENT_PREFIX = "RIGHTSFLOW_SECRET_";
    public static final String DIRECTORY_PROPERTY = "rightsflow.secrets.directory";
    public static final String PROPERTY_PREFIX = "rightsflow.secrets.values.";
    public static final Path DEFAULT_DIRECTORY = Path.of("/run/secrets");

    private static final Logger log = LoggerFactory.getLogger(Secrets.class);
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final Map<String, String> environment;
    private final Path directory;
    private final Function<String, String> properties;
    private final List<Legacy> legacy;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /**
     * @param environment the process environment ({@link System#getenv()})
     * @param directory   the secrets directory, or null for none
     * @param properties  the Spring properties ({@link Environment#getProperty(String)}), or null for none
     * @param legacy      deprecated sources, asked last
     */
    public Secrets(Map<String, String> environment, Path directory, Function<String, String> properties,
            List<Legacy> legacy) {
        this.environment = Map.copyOf(environment);
        this.directory = directory;
        this.properties = properties == null ? name -> null : properties;
        this.legacy = List.copyOf(legacy);
    }

    /** The resolver of a Spring service: the process environment, {@code rightsflow.secrets.*}, these legacy sources. */
    public static Secrets of(Environment spring, Legacy... legacy) {
        Path directory = Path.of(spring.getProperty(DIRECTORY_PROPERTY, DEFAULT_DIRECTORY.toString()));
        return new Secrets(System.getenv(), directory, spring::getProperty, List.of(legacy));
    }

    /** {@code RIGHTSFLOW_SECRET_} and the name upper-cased, other characters than A-Z and 0-9 turned into {@code _}. */
    public static String environmentName(String name) {
        return ENVIRONMENT_PREFIX + name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** The secret named {@code name}; empty when no source has it (or the name is blank). */
    public Optional<String> find(String name) {
        return find(name, List.of());
    }

    /**
     * The secret named {@code name}, asking these deprecated sources too (after this resolver's own) when it is not
     * found: for an old setting keyed by something else than the name (intake's processor secrets by organisation).
     * With a blank name only {@code alsoDeprecated} is asked.
     */
    public Optional<String> find(String name, List<Legacy> alsoDeprecated) {
        boolean named = name != null && !name.isBlank();
        if (named) {
            Optional<String> found = present(environment.get(environmentName(name)))
                    .or(() -> present(file(name)))
                    .or(() -> present(properties.apply(PROPERTY_PREFIX + name)));
            if (found.isPresent()) {
                return found;
            }
        }
        for (Legacy source : named ? concat(legacy, alsoDeprecated) : alsoDeprecated) {
            Optional<String> old = present(source.lookup().apply(name));
            if (old.isPresent()) {
                if (warned.add(name + "\u001f" + source.where())) {
                    log.warn("secret {} was read from {}, which is deprecated and will be ignored from the next release:"
                            + " set the environment variable {} (or the file {}) instead", named ? name : "(unnamed)",
                            source.where(), named ? environmentName(name) : ENVIRONMENT_PREFIX + "<NAME>",
                            directory == null ? "<secrets directory>/<name>" : directory.resolve(named ? name : "<name>"));
                }
                return old;
            }
        }
        return Optional.empty();
    }

    private static List<Legacy> concat(List<Legacy> a, List<Legacy> b) {
        return b.isEmpty() ? a : java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    /** The secret named {@code name}, or a {@link MissingSecretException} naming the reference (never a value). */
    public String require(String name) {
        return find(name).orElseThrow(() -> new MissingSecretException(name, where(name)));
    }

    /** Where the secret {@code name} is looked for, in words, for error messages. */
    public String where(String name) {
        String safe = name == null ? "" : name;
        return "the environment variable " + environmentName(safe)
                + (directory == null || !FILE_NAME.matcher(safe).matches() ? "" : ", the file " + directory.resolve(safe))
                + " or the property " + PROPERTY_PREFIX + safe;
    }

    private String file(String name) {
        // a reference names one file in the directory, never a path elsewhere
        if (directory == null || !FILE_NAME.matcher(name).matches()) {
            return null;
        }
        Path file = directory.resolve(name);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            return null;
        }
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8);
            return content.endsWith("\r\n") ? content.substring(0, content.length() - 2)
                    : content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the secret file " + file, e);
        }
    }

    private static Optional<String> present(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    /**
     * A deprecated source, asked after the three of the rule (for one release).
     *
     * @param where  what it is, in words, for the deprecation warning (e.g. {@code the property rightsflow.router.secrets.X})
     * @param lookup the value for a reference name, or null
     */
    public record Legacy(String where, Function<String, String> lookup) {

        /** A Java-properties file of {@code name=value} lines (the connectors' old {@code secrets-file}), re-read when it changes. */
        public static Legacy propertiesFile(String setting, Path file) {
            PropertiesFile properties = new PropertiesFile(file);
            return new Legacy("the secrets file " + file + " (" + setting + ")", name -> properties.current().getProperty(name));
        }

        /** Spring properties {@code prefix + name} (e.g. the router's old {@code rightsflow.router.secrets.}). */
        public static Legacy property(Environment spring, String prefix) {
            return new Legacy("the property " + prefix + "<name>", name -> spring.getProperty(prefix + name));
        }
    }

    /** A properties file read again when its modification time changes. */
    private static final class PropertiesFile {

        private final Path file;
        private volatile Properties loaded = new Properties();
        private volatile long stamp = -1;

        PropertiesFile(Path file) {
            this.file = file;
        }

        Properties current() {
            if (file == null || !Files.isReadable(file)) {
                return new Properties();
            }
            try {
                long now = Files.getLastModifiedTime(file).toMillis();
                if (now != stamp) {
                    Properties next = new Properties();
                    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                        next.load(reader);
                    }
                    loaded = next;
                    stamp = now;
                }
                return loaded;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the secrets file " + file, e);
            }
        }
    }
}
