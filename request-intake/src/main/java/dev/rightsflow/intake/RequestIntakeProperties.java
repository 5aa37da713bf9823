package dev.rightsflow.intake;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of request intake ({@code rightsflow.intake.*}). Defaults work for the embedded run.
 *
 * @param database             the MongoDB database holding this service's projections
 * @param duplicateWindow      an identical request (same subject email, organisation, right) within this
 *                             window is flagged as a duplicate of the first
 * @param idempotencyLease     how long the first call with an Idempotency-Key holds it while publishing; a retry
 *                             after that takes the key over (the holder died). A key's answer itself is kept
 *                             as long as its request exists (rebuilt from the topic)
 * @param codeValidity         how long an emailed identity code is valid
 * @param codeMaxAttempts      wrong codes accepted before the code is locked
 * @param codeMaxSends         codes sent per request within {@code codeSendWindow}
 * @param codeSendWindow       the window of {@code codeMaxSends}
 * @param signatureTolerance   how far a processor's signed timestamp may be from now
 * @param processorSecrets     DEPRECATED (read for one release, with a warning): per organisation id, its HMAC secret
 *                             or bearer key; now the secret its registry entry names ({@code processorApi.secretRef}),
 *                             resolved by the one rule of {@code schemas.secrets.Secrets} (README, "Secrets")
 * @param maxBodySize          the largest request body accepted (413 above)
 * @param rateLimitPerMinute   requests per client address per minute on the public endpoints
 * @param accessPackageUrl     where a citizen downloads an access package; {packageId} is replaced
 * @param publicBaseUrl        prefix of the status URLs given to submitters ("" for relative URLs)
 * @param mailFrom             the sender of identity-code mails
 * @param opendsrCallbackTimeout how long a status callback to an OpenDSR submitter may take
 * @param demoOutbox           the embedded demo's stand-in for email: codes shown on {@code /intake/outbox}
 *                             instead of mailed; off unless set, ignored when SMTP is configured
 * @param emailCodes           false declares that this installation sends no identity codes by email (no
 *                             SMTP, no demo outbox): requests needing one are refused; with true and no way to
 *                             send mail, intake refuses to start
 * @param rateLimitPeriod      the period of {@code rateLimitPerMinute}'s allowance (one minute; tests lengthen it)
 * @param trustedProxies       CIDRs of the reverse proxies whose {@code Forwarded} / {@code X-Forwarded-*} headers are
 *                             believed (none by default: from anyone else those headers are dropped)
 * @param tokenSecret          the server secret (at least 16 characters, from the environment, e.g.
 *                             {@code RIGHTSFLOW_INTAKE_TOKENSECRET}) from which intake derives every status token and
 *                             the content digests of idempotency records
 *                             (see {@code model.RequestKeys}); required, never logged, keep it stable
 */
@ConfigurationProperties("rightsflow.intake")
public record RequestIntakeProperties(
        @DefaultValue("rightsflow-intake") String database,
        @DefaultValue("30d") Duration duplicateWindow,
        @DefaultValue("1m") Duration idempotencyLease,
        @DefaultValue("15m") Duration codeValidity,
        @DefaultValue("5") int codeMaxAttempts,
        @DefaultValue("3") int codeMaxSends,
        @DefaultValue("1h") Duration codeSendWindow,
        @DefaultValue("5m") Duration signatureTolerance,
        Map<String, String> processorSecrets,
        @DefaultValue("64KB") DataSize maxBodySize,
        @DefaultValue("30") int rateLimitPerMinute,
        @DefaultValue("/api/v1/packages/{packageId}") String accessPackageUrl,
        @DefaultValue("") String publicBaseUrl,
        @DefaultValue("rightsflow@localhost") String mailFrom,
        @DefaultValue("5s") Duration opendsrCallbackTimeout,
        @DefaultValue("false") boolean demoOutbox,
        @DefaultValue("true") boolean emailCodes,
        @DefaultValue("1m") Duration rateLimitPeriod,
        java.util.List<String> trustedProxies,
        String tokenSecret) {

    public RequestIntakeProperties {
        processorSecrets = processorSecrets == null ? Map.of() : Map.copyOf(processorSecrets);
        trustedProxies = trustedProxies == null ? java.util.List.of() : java.util.List.copyOf(trustedProxies);
    }

    public String accessPackageUrl(String packageId) {
        return accessPackageUrl.replace("{packageId}", packageId);
    }
}
