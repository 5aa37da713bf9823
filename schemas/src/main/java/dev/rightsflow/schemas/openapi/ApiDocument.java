package dev.rightsflow.schemas.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.http.HttpMethod;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * One service's part of the OpenAPI document: a springdoc group at {@code /v3/api-docs/<id>} (and in Swagger UI),
 * made of the service's packages and path prefixes, titled {@value #TITLE} with the project's version, and completed
 * by the same customisers for every service ({@link OperationDefaults}): who may call each operation (from the
 * {@link Access} rules given here), the error responses with the one problem schema ({@link ErrorBodies}), the signed
 * calls' headers, unique operation ids, examples, and patterns any JSON Schema tool can read.
 *
 * <p>What a service cannot say generically (an operation's meaningful id and summary, a success status other than
 * 200, the examples of a body the code types as {@code Object}) is in its overlay, {@code openapi/<id>.json} on the
 * classpath: one JSON object keyed by {@code HandlerClass#method}, so the controllers carry no documentation
 * annotations of their own beyond what they had. A path that a handler maps besides its first (an alias kept for
 * old clients) is left out of the document.
 */
public final class ApiDocument {

    public static final String TITLE = "Rightsflow API";

    private ApiDocument() {
    }

    /** The project's version, which every group's document carries. */
    public static String version() {
        try (InputStream in = ApiDocument.class.getResourceAsStream("version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            String version = properties.getProperty("version", "");
            return version.isBlank() || version.startsWith("${") ? "unknown" : version;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Builder group(String id, String name) {
        return new Builder(id, name);
    }

    /** Who may call the operations under some paths (and optionally one method); the first matching rule wins. */
    record Rule(HttpMethod method, List<PathPattern> paths, Access access) {

        boolean matches(HttpMethod method, String path) {
            return (this.method == null || this.method.equals(method))
                    && paths.stream().anyMatch(p -> p.matches(org.springframework.http.server.PathContainer.parsePath(path)));
        }
    }

    /** A service's group, built by its configuration. */
    public static final class Builder {

        final String id;
        final String name;
        String description = "";
        String[] packages = {};
        String[] paths = {};
        String[] excluded = {};
        final List<Rule> rules = new ArrayList<>();
        final List<PathPattern> openDsrErrors = new ArrayList<>();
        final List<String> catchingUp = new ArrayList<>();

        private Builder(String id, String name) {
            this.id = id;
            this.name = name;
        }

        /** What the service does, in a sentence or two (the document's description). */
        public Builder describedAs(String description) {
            this.description = description;
            return this;
        }

        /** The packages whose handlers belong to this service. */
        public Builder packages(String... packages) {
            this.packages = packages;
            return this;
        }

        /** The path patterns ({@code /router/**}) of this service's API. */
        public Builder paths(String... paths) {
            this.paths = paths;
            return this;
        }

        /** Paths of these packages that are not API (pages, demo helpers). */
        public Builder excluding(String... paths) {
            this.excluded = paths;
            return this;
        }

        /** Who may call any method on these paths. */
        public Builder access(Access access, String... paths) {
            return access(null, access, paths);
        }

        /** Who may call {@code method} on these paths. */
        public Builder access(HttpMethod method, Access access, String... paths) {
            rules.add(new Rule(method, parse(paths), access));
            return this;
        }

        /** Paths whose errors are OpenDSR's error form (§7.6) rather than problem JSON. */
        public Builder openDsrErrors(String... paths) {
            openDsrErrors.addAll(parse(paths));
            return this;
        }

        /** The path prefixes the service's {@code CatchingUpFilter} answers 503 on until it has caught up. */
        public Builder catchingUp(List<String> prefixes) {
            catchingUp.addAll(prefixes);
            return this;
        }

        public GroupedOpenApi build() {
            OperationDefaults defaults = new OperationDefaults(this, Overlay.load(id));
            return GroupedOpenApi.builder().group(id).displayName(name).packagesToScan(packages).pathsToMatch(paths)
                    .pathsToExclude(excluded).addOperationCustomizer(defaults).addOpenApiCustomizer(defaults).build();
        }

        private static List<PathPattern> parse(String... paths) {
            return java.util.Arrays.stream(paths).map(PathPatternParser.defaultInstance::parse).toList();
        }
    }
}
