package dev.rightsflow.connectors.vendors;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import dev.rightsflow.connectors.spi.Action;
import dev.rightsflow.connectors.spi.ConfigDef;
import dev.rightsflow.connectors.spi.ConfigKey;
import dev.rightsflow.connectors.spi.ConnectorContext;
import dev.rightsflow.connectors.spi.ConnectorTask;
import dev.rightsflow.connectors.spi.Outcome;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A processor that speaks OpenDSR (the open data-subject-request protocol, formerly OpenGDPR).
 * Follows the <a href="https://github.com/opengdpr/OpenDSR/blob/master/specification.md">OpenDSR
 * 2.0 specification</a> (repository github.com/opengdpr/OpenDSR):
 * <ul>
 *   <li>§3.4: the processor's URLs start with the major version, so {@code baseUrl} is the
 *       versioned root (e.g. {@code https://opendsr.processor.example/v1}); the connector appends
 *       {@code /requests}.</li>
 *   <li>§7.1 {@code POST /requests} with {@code regulation} ({@code gdpr}: UK GDPR requests are
 *       GDPR requests to the processor), {@code subject_request_id}, {@code subject_request_type}
 *       ({@code erasure}, {@code access}, {@code portability}), {@code submitted_time},
 *       {@code subject_identities} (§5.3, {@code email} / {@code raw}), {@code api_version}
 *       ({@code 2.0}) and {@code status_callback_urls}; the processor answers 201 (§7.3), or 400
 *       with an error object {@code {"error":{"code":400,"message":...}}} (§7.5-7.7).</li>
 *   <li>§8.1 {@code GET /requests/{subject_request_id}} answers {@code request_status}
 *       ({@code pending}, {@code in_progress}, {@code completed}, {@code cancelled}) and, when
 *       done, {@code results_url} / {@code results_count}.</li>
 *   <li>§8.6-8.8 status callbacks carry {@code X-OpenDSR-Processor-Domain} and
 *       {@code X-OpenDSR-Signature}: a Base64 signature (§4.2, FIPS 186-4: RSA or ECDSA, SHA-256)
 *       over the raw body, verified before the body is parsed, with the certificate published by
 *       the processor's {@code /discovery} ({@code processor_certificate}, see
 *       {@link OpenDsrCertificates}) or the one configured in {@code processorCertificate};
 *       403 when it does not verify.</li>
 * </ul>
 *
 * <p>The {@code subject_request_id} is the task id (a UUID, derived from the request, system and
 * action), so a repeat never submits twice: every execution first asks for the request's status,
 * and submits only when the processor answers 404. While the processor works the outcome is
 * {@link Outcome.Pending}; a valid callback makes the runtime check at once instead of waiting for
 * the next poll.
 */
public final class OpenDsrConnector extends HttpConnector {

    /** The specification this connector follows. */
    public static final String DOCUMENTATION = "https://github.com/opengdpr/OpenDSR/blob/master/specification.md";
    static final String API_VERSION = "2.0";

    private static final ConfigDef CONFIG = ConfigDef.of(
            baseUrl(null, "the processor's versioned OpenDSR root, e.g. https://opendsr.processor.example/v1 (/requests and /discovery are appended)"),
            ConfigKey.optional("secretRef", ConfigKey.Type.SECRET_REF, null, "name of the secret holding a bearer token, if the processor wants one"),
            ConfigKey.optional("processorCertificate", ConfigKey.Type.STRING, null,
                    "PEM certificate or public key of the processor, to verify signed callbacks; when absent it is fetched from the processor's /discovery"),
            ConfigKey.optional("pollEvery", ConfigKey.Type.DURATION, "PT1H", "how often to ask for the status while the processor works"));

    public OpenDsrConnector() {
        super("opendsr", DOCUMENTATION, CONFIG,
                EnumSet.of(Action.ERASE, Action.EXPORT));
    }

    @Override
    protected Outcome run(ConnectorTask task, ConnectorContext context) throws IOException, InterruptedException {
        String requests = trimSlash(task.config().string("baseUrl")) + "/requests";
        Duration pollEvery = task.config().duration("pollEvery");
        Reply status = call(context, authorised(task, context, request(requests + "/" + encode(task.taskId()))).GET().build(), 404);
        if (status.status() == 404) {
            var body = object().put("regulation", "gdpr").put("subject_request_id", task.taskId())
                    .put("subject_request_type", type(task))
                    .put("submitted_time", DateTimeFormatter.ISO_INSTANT.format(context.clock().instant()))
                    .put("api_version", API_VERSION);
            body.putArray("subject_identities").addObject().put("identity_type", "email")
                    .put("identity_value", task.subject().email()).put("identity_format", "raw");
            var callbacks = body.putArray("status_callback_urls");
            context.callbackUrl(name(), task.taskId()).ifPresent(callbacks::add);
            call(context, authorised(task, context, request(requests)).header("Content-Type", "application/json").POST(json(body)).build());
            return new Outcome.Pending("submitted to the processor over OpenDSR", pollEvery);
        }
        JsonNode json = status.json();
        return switch (json.path("request_status").asString("")) {
            case "completed" -> new Outcome.Completed(true, "the processor completed the " + type(task) + " request"
                    + (json.hasNonNull("results_url") ? "; results are at the processor's results URL" : ""), null, List.of());
            case "cancelled" -> new Outcome.PermanentFailure("the processor cancelled the OpenDSR request");
            case "pending", "in_progress" -> new Outcome.Pending("the processor reports " + json.path("request_status").asString(), pollEvery);
            default -> new Outcome.RetriableFailure("the processor answered an unknown request_status", null);
        };
    }

    private static String type(ConnectorTask task) {
        if (task.action() == Action.ERASE) {
            return "erasure";
        }
        return "PORTABILITY".equals(task.right()) ? "portability" : "access";
    }

    private java.net.http.HttpRequest.Builder authorised(ConnectorTask task, ConnectorContext context, java.net.http.HttpRequest.Builder b) {
        return task.config().optional("secretRef").isPresent() ? b.header("Authorization", "Bearer " + secret(task, context, "secretRef")) : b;
    }

    /**
     * What is wrong with a verified callback's body for the task it was posted to, if anything
     * (OpenDSR 2.0 §8.8 step 6 and §8.6): its {@code status_callback_url} must name this task's
     * callback endpoint and its {@code subject_request_id} must be the task id. Call only after
     * {@link #verifySignature} answered true. The answer never repeats the body.
     */
    public static Optional<String> callbackMismatch(byte[] verifiedBody, String taskId) {
        JsonNode body;
        try {
            body = JSON.readTree(verifiedBody);
        } catch (JacksonException e) {
            return Optional.of("the callback body is not JSON");
        }
        if (!taskId.equals(body.path("subject_request_id").asString(""))) {
            return Optional.of("subject_request_id does not name this request");
        }
        String callbackUrl = body.path("status_callback_url").asString("");
        if (!trimSlash(callbackUrl).endsWith("/connectors/callbacks/opendsr/" + taskId)) {
            return Optional.of("status_callback_url does not name this endpoint");
        }
        return Optional.empty();
    }

    /**
     * Whether a status callback's {@code X-OpenDSR-Signature} is the processor's SHA-256 signature
     * (RSA or ECDSA, by the key's algorithm) of exactly these body bytes, checked with its
     * certificate or public key (PEM). The body is not parsed before this answers true.
     */
    public static boolean verifySignature(byte[] body, String signatureBase64, String certificateOrKeyPem) {
        if (signatureBase64 == null || certificateOrKeyPem == null) {
            return false;
        }
        try {
            PublicKey key = publicKey(certificateOrKeyPem);
            Signature verifier = Signature.getInstance("EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA");
            verifier.initVerify(key);
            verifier.update(body);
            return verifier.verify(Base64.getMimeDecoder().decode(signatureBase64.trim()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static PublicKey publicKey(String pem) throws GeneralSecurityException {
        if (pem.contains("BEGIN CERTIFICATE")) {
            return CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).getPublicKey();
        }
        byte[] der = Base64.getDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException notRsa) {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        }
    }
}
