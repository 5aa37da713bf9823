package dev.rightsflow.connectors;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of processor connectors ({@code rightsflow.connectors.*}). Defaults work for the embedded run.
 *
 * @param database      the MongoDB database holding this service's projections
 * @param secretsFile   DEPRECATED (read for one release, with a warning): a Java-properties file of secrets
 *                      ({@code name=value}); secrets now follow the one rule of {@code schemas.secrets.Secrets}
 *                      (README, "Secrets")
 * @param publicBaseUrl this service's public address, for vendor callbacks (OpenDSR); blank for none
 * @param operatorToken bearer token the operators' endpoints under {@code /connectors/**} require
 *                      (env {@code CONNECTORS_OPERATOR_TOKEN}); required: unset, the service refuses to start unless
 *                      the demo is on ({@code rightsflow.demo=true}), which uses {@link #DEMO_OPERATOR_TOKEN}
 * @param runner        the task runner and the default lane of every connector
 * @param lanes         per-connector overrides of the lane, by connector name (e.g. {@code mailchimp}) or by
 *                      registry system id (a system's own lane wins over its connector's)
 * @param packages      access packages
 * @param allowedOutboundHosts hosts (or {@code host:port}) vendor calls may reach although they resolve to a
 *                      loopback, private or link-local address (the embedded demo's stand-ins on localhost:9101-9112)
 */
@ConfigurationProperties("rightsflow.connectors")
public record ProcessorConnectorsProperties(
        @DefaultValue("rightsflow-connectors") String database,
        @DefaultValue("") String secretsFile,
        @DefaultValue("") String publicBaseUrl,
        String operatorToken,
        @DefaultValue Runner runner,
        Map<String, Lane> lanes,
        @DefaultValue Packages packages,
        List<String> allowedOutboundHosts) {

    /** DEMO ONLY. The operator token when the demo is on and none is set; a warning is logged when it is in use. */
    public static final String DEMO_OPERATOR_TOKEN = "dev-connectors-operator-token";

    public ProcessorConnectorsProperties {
        lanes = lanes == null ? Map.of() : Map.copyOf(lanes);
        allowedOutboundHosts = allowedOutboundHosts == null ? List.of() : List.copyOf(allowedOutboundHosts);
    }

    /**
     * @param pollInterval   how often due tasks, reminders and unacknowledged events are looked for
     * @param lease          how long a running task is held before a crashed run is resumed
     * @param batch          due tasks, due reminders and unacknowledged events each read per sweep
     * @param reminderEvery  reminder interval of tasks waiting for a person (a system's {@code reminderEvery} wins)
     * @param concurrency    tasks of one connector running at once
     * @param callsPerSecond vendor calls (HTTP requests) one connector may make per second
     * @param maxAttempts    attempts per run before a task may be dead-lettered (and {@code retryFor} must have passed too)
     * @param initialBackoff delay after the first failed attempt
     * @param multiplier     back-off growth per attempt
     * @param maxBackoff     largest back-off (a vendor's Retry-After may ask for more, up to 24 h)
     * @param jitter         0..1 spread of each back-off
     * @param retryFor       how long a run keeps retrying before a dead letter (a deadline at risk ends it sooner)
     * @param shutdownTimeout how long a stop waits for vendor calls in flight; runs still going are handed back unused
     * @param breakerMinimumCalls calls of one system before its vendor can count as down
     * @param breakerFailureRate  percentage of retriable failures among a system's last calls that pauses it
     * @param breakerProbeEvery   how long a paused system waits before one task probes its vendor
     */
    public record Runner(
            @DefaultValue("1s") Duration pollInterval,
            @DefaultValue("5m") Duration lease,
            @DefaultValue("200") int batch,
            @DefaultValue("3d") Duration reminderEvery,
            @DefaultValue("4") int concurrency,
            @DefaultValue("10") int callsPerSecond,
            @DefaultValue("6") int maxAttempts,
            @DefaultValue("2s") Duration initialBackoff,
            @DefaultValue("2.0") double multiplier,
            @DefaultValue("1h") Duration maxBackoff,
            @DefaultValue("0.5") double jitter,
            @DefaultValue("24h") Duration retryFor,
            @DefaultValue("10s") Duration shutdownTimeout,
            @DefaultValue("5") int breakerMinimumCalls,
            @DefaultValue("50") float breakerFailureRate,
            @DefaultValue("30s") Duration breakerProbeEvery) {
    }

    /**
     * A connector's (or one system's) own lane; unset values come from {@link Runner}. The rate
     * limit is {@code callsPerPeriod} vendor calls per {@code period} (default 1s) when set, else
     * {@code callsPerSecond} per second: e.g. {@code calls-per-period: 3000, period: 1m} for a
     * vendor that allows 3000 requests a minute.
     */
    public record Lane(Integer concurrency, Integer callsPerSecond, Integer callsPerPeriod, Duration period, Integer maxAttempts,
            Duration initialBackoff, Duration maxBackoff, Duration retryFor, Integer breakerMinimumCalls, Duration breakerProbeEvery) {
    }

    /**
     * @param directory where encrypted packages and exports are stored
     * @param key       base64 of a 32-byte AES key; blank: a key file is made in the directory on first start
     * @param validity  how long a download link works
     * @param art15Dir  directory of per-controller Art 15 information files ({@code <controllerId>.json}), overriding the bundled ones
     * @param purgeEvery how often the files of expired packages (and their exports) are deleted
     */
    public record Packages(
            @DefaultValue("./data/packages") String directory,
            @DefaultValue("") String key,
            @DefaultValue("7d") Duration validity,
            @DefaultValue("") String art15Dir,
            @DefaultValue("1h") Duration purgeEvery) {
    }
}
