package dev.rightsflow.connectors.vendors;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import dev.rightsflow.schemas.model.Action;
import dev.rightsflow.schemas.model.ConnectorCapabilities;
import dev.rightsflow.connectors.spi.ConfigDef;
import dev.rightsflow.connectors.spi.ConfigKey;
import dev.rightsflow.connectors.spi.Connector;
import dev.rightsflow.connectors.spi.ConnectorContext;
import dev.rightsflow.connectors.spi.ConnectorTask;
import dev.rightsflow.connectors.spi.Outcome;
import dev.rightsflow.schemas.net.ForbiddenOutboundAddressException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Base of the HTTP connectors. Subclasses implement {@link #run}; answers that end the execution
 * early are thrown as {@link Stop} carrying the outcome. The vendor's answers map the same way for
 * every connector unless a subclass says otherwise:
 * <ul>
 *   <li>429 Too Many Requests: retriable, honouring {@code Retry-After} (seconds or HTTP date) or
 *       {@code X-RateLimit-Reset};</li>
 *   <li>5xx, 408, timeouts and connection failures: retriable;</li>
 *   <li>401 and 403: permanent (credentials or permissions: a person must fix them);</li>
 *   <li>other 4xx: permanent, with the vendor's error title (never its detail, which may echo
 *       the subject's email).</li>
 * </ul>
 */
public abstract class HttpConnector implements Connector {

    private final String name;
    private final String documentation;
    private final ConfigDef config;
    private final ConnectorCapabilities capabilities;

    /** The connector's whole declaration: its name, the vendor page it follows, its configuration and its actions. */
    protected HttpConnector(String name, String documentation, ConfigDef config, Set<Action> supports) {
        this(name, documentation, config, supports, Map.of());
    }

    /** As above, with the configuration key each action needs ({@link ConnectorCapabilities#actionKeys()}). */
    protected HttpConnector(String name, String documentation, ConfigDef config, Set<Action> supports,
            Map<Action, String> actionKeys) {
        this.name = name;
        this.documentation = documentation;
        this.config = config;
        this.capabilities = new ConnectorCapabilities(name, supports, actionKeys);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String documentation() {
        return documentation;
    }

    @Override
    public final ConfigDef config() {
        return config;
    }

    @Override
    public final ConnectorCapabilities capabilities() {
        return capabilities;
    }

    protected static final JsonMapper JSON = JsonMapper.builder().build();
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern EMAIL = Pattern.compile("[^\\s\"'<>@,;:]+@[^\\s\"'<>@,;:]+\\.[A-Za-z]{2,}");

    /** Carries an outcome out of a connector's call chain. */
    protected static final class Stop extends RuntimeException {
        private final transient Outcome outcome;

        public Stop(Outcome outcome) {
            super(null, null, false, false);
            this.outcome = outcome;
        }

        public Outcome outcome() {
            return outcome;
        }
    }

    /** A vendor's answer. */
    protected record Reply(int status, String body, HttpHeaders headers) {
        public JsonNode json() {
            try {
                return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
            } catch (JacksonException e) {
                throw new Stop(new Outcome.RetriableFailure("the vendor answered HTTP " + status + " with a body that is not JSON", null));
            }
        }

        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    @Override
    public final Outcome execute(ConnectorTask task, ConnectorContext context) {
        if (!supports().contains(task.action())) {
            return new Outcome.PermanentFailure(name() + " cannot " + task.action() + "; plan a manual task for " + task.systemId());
        }
        try {
            return run(task, context);
        } catch (Stop stop) {
            return stop.outcome();
        } catch (HttpTimeoutException e) {
            return new Outcome.RetriableFailure(name() + " did not answer in time", null);
        } catch (IOException e) {
            return new Outcome.RetriableFailure(name() + " could not be reached (" + e.getClass().getSimpleName() + ")", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.RetriableFailure("interrupted while calling " + name(), null);
        } catch (JacksonException e) {
            return new Outcome.RetriableFailure(name() + " answered in a shape the connector does not understand", null);
        } catch (ForbiddenOutboundAddressException e) {
            // the outbound guard: a registry baseUrl on an internal address is for a person to fix, not to retry
            return new Outcome.PermanentFailure(name() + ": " + e.getMessage());
        }
    }

    protected abstract Outcome run(ConnectorTask task, ConnectorContext context) throws IOException, InterruptedException;

    // ---- configuration keys most HTTP connectors share

    protected static ConfigKey secretRef(String description) {
        return ConfigKey.required("secretRef", ConfigKey.Type.SECRET_REF, description);
    }

    protected static ConfigKey baseUrl(String defaultValue, String description) {
        return defaultValue == null ? ConfigKey.required("baseUrl", ConfigKey.Type.URL, description)
                : ConfigKey.optional("baseUrl", ConfigKey.Type.URL, defaultValue, description);
    }

    /** The secret named by the configuration key, or a permanent failure a person can act on. */
    protected static String secret(ConnectorTask task, ConnectorContext context, String key) {
        String name = task.config().string(key);
        return context.secret(name).orElseThrow(() -> new Stop(new Outcome.PermanentFailure(
                "secret '" + name + "' is not set: add it to the environment or the secrets file")));
    }

    /** A secret made of two parts joined by ':' (e.g. "client_id:client_secret"), or a permanent failure naming the shape. */
    protected static String[] secretPair(ConnectorTask task, ConnectorContext context, String key, String shape) {
        String[] parts = secret(task, context, key).split(":", 2);
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new Stop(new Outcome.PermanentFailure("the secret '" + task.config().string(key) + "' must be '" + shape + "'"));
        }
        return parts;
    }

    // ---- HTTP

    protected static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT).header("Accept", "application/json");
    }

    protected static HttpRequest.BodyPublisher json(Object body) {
        return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
    }

    protected static HttpRequest.BodyPublisher form(Map<String, String> fields) {
        StringBuilder out = new StringBuilder();
        fields.forEach((k, v) -> {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(encode(k)).append('=').append(encode(v));
        });
        return HttpRequest.BodyPublishers.ofString(out.toString());
    }

    protected static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    protected static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    protected static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * The configured {@code baseUrl} without a trailing slash and without the API's own path prefix
     * if the administrator included it ({@code https://us21.api.mailchimp.com/3.0} and
     * {@code https://us21.api.mailchimp.com} both work); the connector appends the prefix itself.
     */
    protected static String root(ConnectorTask task, String apiPrefix) {
        String base = trimSlash(task.config().string("baseUrl"));
        return base.endsWith(apiPrefix) ? base.substring(0, base.length() - apiPrefix.length()) : base;
    }

    /** Sends the request; returns the reply whatever its status. */
    protected static Reply send(ConnectorContext context, HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = context.http().send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body(), response.headers());
    }

    /**
     * Sends the request; returns the reply when its status is 2xx or one of {@code alsoAccepted}
     * (e.g. 404 where "not found" is an answer), otherwise stops with the mapped failure.
     */
    protected Reply call(ConnectorContext context, HttpRequest request, int... alsoAccepted) throws IOException, InterruptedException {
        Reply reply = send(context, request);
        if (reply.ok()) {
            return reply;
        }
        for (int accepted : alsoAccepted) {
            if (reply.status() == accepted) {
                return reply;
            }
        }
        throw new Stop(failure(reply));
    }

    /** The outcome of a vendor's error answer (see the class comment). */
    protected Outcome failure(Reply reply) {
        int status = reply.status();
        String what = name() + " answered HTTP " + status + errorTitle(reply).map(t -> " (" + t + ")").orElse("");
        if (status == 429) {
            return new Outcome.RetriableFailure(name() + " rate limit reached (HTTP 429)", retryAfter(reply.headers()));
        }
        if (status >= 500 || status == 408) {
            return new Outcome.RetriableFailure(what, retryAfter(reply.headers()));
        }
        if (status == 401 || status == 403) {
            return new Outcome.PermanentFailure(what + ": the credentials were rejected; check the secret and its permissions");
        }
        return new Outcome.PermanentFailure(what);
    }

    /** A short, personal-data-free title of a vendor's error body, where the vendor gives one. */
    protected Optional<String> errorTitle(Reply reply) {
        try {
            JsonNode body = JSON.readTree(reply.body() == null || reply.body().isBlank() ? "{}" : reply.body());
            for (String pointer : List.of("/title", "/meta/error/errorCode", "/error/code", "/error", "/message", "/code")) {
                JsonNode node = body.at(pointer);
                if (node.isValueNode() && !node.asString().isBlank()) {
                    return Optional.of(redact(node.asString()));
                }
            }
        } catch (JacksonException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The vendor's hint of when to retry: {@code Retry-After} (seconds or HTTP date) or {@code X-RateLimit-Reset} (seconds). */
    static Duration retryAfter(HttpHeaders headers) {
        Optional<String> retryAfter = headers.firstValue("Retry-After");
        if (retryAfter.isPresent()) {
            String value = retryAfter.get().trim();
            try {
                return Duration.ofSeconds(Long.parseLong(value));
            } catch (NumberFormatException e) {
                try {
                    ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                    Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
                    return wait.isNegative() ? Duration.ZERO : wait;
                } catch (DateTimeParseException ignored) {
                    return null;
                }
            }
        }
        return headers.firstValue("X-RateLimit-Reset").map(v -> {
            try {
                long n = Long.parseLong(v.trim());
                // Some vendors send an epoch second, others seconds to wait.
                long now = System.currentTimeMillis() / 1000;
                return Duration.ofSeconds(n > now ? n - now : n);
            } catch (NumberFormatException e) {
                return null;
            }
        }).orElse(null);
    }

    /** Removes email addresses from vendor text before it goes into an event or a log. */
    protected static String redact(String text) {
        return EMAIL.matcher(text).replaceAll("[redacted]");
    }

    // ---- JSON to export fields

    /** A JSON object flattened to dotted keys ({@code merge_fields.FNAME}), arrays kept as JSON text. */
    protected static Map<String, Object> flatten(JsonNode node) {
        Map<String, Object> out = new LinkedHashMap<>();
        flatten("", node, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, Object> out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (e.getKey().equals("_links")) {
                    continue;
                }
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (node.isArray()) {
            out.put(prefix, JSON.writeValueAsString(node));
        } else if (node.isNumber()) {
            out.put(prefix, node.numberValue());
        } else if (node.isBoolean()) {
            out.put(prefix, node.booleanValue());
        } else {
            out.put(prefix, node.asString());
        }
    }

    protected static ObjectNode object() {
        return JSON.createObjectNode();
    }
}
