package dev.rightsflow.connectors.spi;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.rightsflow.schemas.model.Action;
import dev.rightsflow.schemas.model.ConnectorCapabilities;

/**
 * A connector to one kind of system holding personal data (a vendor API, an OpenDSR processor,
 * a person). Implementations must have a public no-argument constructor and be listed in
 * {@code META-INF/services/dev.rightsflow.connectors.spi.Connector}.
 *
 * <p>Lifecycle, owned by the runtime:
 * <ol>
 *   <li>The runtime discovers the connector with {@link java.util.ServiceLoader} and reads
 *       {@link #name()}, {@link #config()} and {@link #capabilities()} once; names must be unique. The
 *       capabilities are the one declaration of what the connector can do: the runtime trusts it, and the router
 *       plans from it through the catalogue in schemas ({@link ConnectorCapabilities#catalogue()}, generated from
 *       these declarations).</li>
 *   <li>Before every task it validates the task's configuration with {@link #validate(Map)}; a
 *       task whose configuration is invalid never reaches {@link #execute}: it fails permanently
 *       with the problems listed, because only a person can fix the registry.</li>
 *   <li>It calls {@link #execute} on a thread of the connector's own pool, at most the
 *       connector's concurrency at a time and within its rate limit. The same task may be
 *       executed again after a {@link Outcome.RetriableFailure} or {@link Outcome.Pending}, or
 *       after a crash of the runtime mid-call, so a connector must use idempotent vendor calls
 *       (deleting what is already gone is "subject not found", a success for erasure).</li>
 *   <li>The runtime retries retriable failures with exponential back-off and jitter up to the
 *       connector's limit, then dead-letters the task; a connector never sleeps or loops to retry.</li>
 *   <li>When the task's request is withdrawn while the vendor is still working on it (its last
 *       execution answered {@link Outcome.Pending}), the runtime calls {@link #cancel} once, on the
 *       connector's lane; a task not yet sent is simply never executed.</li>
 * </ol>
 * A connector never logs personal data (the subject's name, email, identifiers, exported data).
 */
public interface Connector {

    /** The name tasks refer to in {@code TaskDispatched.connector}, e.g. {@code mailchimp}. */
    String name();

    /** The vendor documentation page the connector follows, shown to administrators. */
    String documentation();

    /** Every configuration key the connector reads, declared once. */
    ConfigDef config();

    /**
     * What the connector can do, declared once: the actions it can carry out (any other is a permanent failure) and
     * the configuration key each action needs, if any; {@link ConnectorCapabilities#name()} is {@link #name()}.
     */
    ConnectorCapabilities capabilities();

    /** The actions the connector can carry out ({@link #capabilities()}). */
    default Set<Action> supports() {
        return capabilities().actions();
    }

    /** Problems with one system's configuration; empty when it can run. Override to add cross-key rules. */
    default List<ConfigProblem> validate(Map<String, String> config) {
        return config().validate(config);
    }

    /**
     * Carries out one task for one subject. Must not throw for answers the vendor gives (map them
     * to an {@link Outcome}); an unexpected exception is treated as a retriable failure.
     */
    Outcome execute(ConnectorTask task, ConnectorContext context);

    /**
     * Asks the vendor to cancel work it accepted for this task and has not finished (the request
     * was withdrawn). Only for vendors whose API can cancel a job in flight (OpenDSR 2.0 §9); the
     * default says, in words, that this vendor cannot, so the task is recorded as "not
     * cancellable, already sent". Must not throw for answers the vendor gives; an unexpected
     * exception is recorded as not cancelled.
     */
    default Cancellation cancel(ConnectorTask task, ConnectorContext context) {
        return Cancellation.notCancellable("not cancellable, already sent: " + name()
                + " offers no way to cancel a request once it is made (" + documentation() + ")");
    }
}
