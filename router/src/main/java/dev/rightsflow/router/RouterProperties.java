package dev.rightsflow.router;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of router ({@code rightsflow.router.*}). Defaults work for the embedded run.
 *
 * @param database             the MongoDB database holding this service's projections
 * @param adminToken           bearer token of the registry admin API and the router's views
 *                             ({@code ROUTER_ADMIN_TOKEN}); required unless the demo is on ({@code rightsflow.demo=true})
 * @param seed                 the registry YAML published at start when changed
 * @param secrets              DEPRECATED (read for one release, with a warning): secrets by reference name; secrets
 *                             now follow the one rule of {@code schemas.secrets.Secrets} (README, "Secrets")
 * @param forwardAttempts      attempts of a signed forwarding call before a person is asked to forward
 * @param forwardBackOff       first back-off between attempts (doubling)
 * @param forwardTimeout       timeout of one attempt
 * @param forwardingThreads    signed forwarding calls made at once (off the listener threads)
 * @param riskCheckInterval    how often open tasks are checked against their last safe dispatch
 *                             date (TASK_AT_RISK alerts); zero switches the schedule off
 * @param retentionCheckInterval how often closed and refused requests are checked against their
 *                             organisation's {@code requestRetentionDays} (the personal data of those past it is
 *                             erased); zero switches the schedule off
 * @param webhookAttempts      attempts of one webhook delivery before it is dead
 * @param webhookBackOff       the first back-off between webhook attempts (doubling, with ±50% jitter)
 * @param webhookMaxBackOff    the cap of that back-off
 * @param webhookTimeout       timeout of one webhook attempt
 * @param webhookInterval      how often due webhook attempts are made; zero switches delivery off
 * @param webhookMaxAge        case events older than this when folded start no webhook (a rebuild does not notify
 *                             about history)
 * @param publicBaseUrl        where external systems reach this router: the pre-approval webhooks' reply-to URLs
 */
@ConfigurationProperties("rightsflow.router")
public record RouterProperties(
        @DefaultValue("rightsflow-router") String database,
        String adminToken,
        @DefaultValue("classpath:registry/seed-registry.yml") String seed,
        Map<String, String> secrets,
        @DefaultValue("4") int forwardAttempts,
        @DefaultValue("500ms") Duration forwardBackOff,
        @DefaultValue("10s") Duration forwardTimeout,
        @DefaultValue("4") int forwardingThreads,
        @DefaultValue("1h") Duration riskCheckInterval,
        @DefaultValue("1h") Duration retentionCheckInterval,
        @DefaultValue("8") int webhookAttempts,
        @DefaultValue("30s") Duration webhookBackOff,
        @DefaultValue("1h") Duration webhookMaxBackOff,
        @DefaultValue("10s") Duration webhookTimeout,
        @DefaultValue("1s") Duration webhookInterval,
        @DefaultValue("3d") Duration webhookMaxAge,
        @DefaultValue("http://localhost:8080") String publicBaseUrl) {

    public RouterProperties {
        secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
    }
}
