package dev.rightsflow.connectors.spi;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/** What the runtime lends a connector for one execution. */
public interface ConnectorContext {

    /**
     * The secret with this name, from the environment or the secrets file. Never log it, never
     * put it in a URL that is logged, never return it in an outcome.
     */
    Optional<String> secret(String name);

    /** A shared HTTP client with the runtime's connect timeout; call it synchronously. */
    HttpClient http();

    Clock clock();

    /**
     * The URL a vendor should call back for this task (OpenDSR status callbacks), when the
     * runtime has a public address configured.
     */
    Optional<String> callbackUrl(String connector, String taskId);

    /** A context from its parts; {@code callbackUrl} maps (connector, task id) to the URL, if any. */
    static ConnectorContext of(Function<String, Optional<String>> secrets, HttpClient http, Clock clock,
            BiFunction<String, String, Optional<String>> callbackUrl) {
        return new Parts(secrets, http, clock, callbackUrl);
    }

    /** The context {@link #of} makes. */
    record Parts(Function<String, Optional<String>> secrets, HttpClient http, Clock clock,
            BiFunction<String, String, Optional<String>> callbacks) implements ConnectorContext {

        @Override
        public Optional<String> secret(String name) {
            return secrets.apply(name);
        }

        @Override
        public Optional<String> callbackUrl(String connector, String taskId) {
            return callbacks.apply(connector, taskId);
        }
    }
}
