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

import dev.rightsflow.connectors.spi.Action;
import dev.rightsflow.connectors.spi.ConfigDef;
import dev.rightsflow.connectors.spi.ConfigKey;
import dev.rightsflow.connectors.spi.ConnectorContext;
import dev.rightsflow.connectors.spi.ConnectorTask;
import dev.rightsflow.connectors.spi.Outcome;
import tools.jackson.databind.JsonNode;

/**
 * A processor that speaks OpenDSR (the open data-subject-request protocol, formerly OpenGDPR).
 * Follows <a href="https://github.com/opendsr/opendsr-spec">OpenDSR specification 1.0</a>:
 * {@code POST /opendsr/requests} with {@code subject_request_id}, {@code subject_request_type}
 * ({@code erasure}, {@code access}, {@code portability}), {@code submitted_time},
 * {@code subject_identities}, {@code api_version} and {@code status_callback_urls};
 * {@code GET /opendsr/requests/{subject_request_id}} for its {@code request_status}
 * ({@code pending}, {@code in_progress}, {@code completed}, {@code cancelled}); status callbacks
 * signed by the processor in {@code X-OpenDSR-Signature} (base64 RSA-SHA256 over the body),
 * verified here against the processor's certificate.
 *
 * <p>The {@code subject_request_id} is the task id, so a repeat never submits twice: every
 * execution first asks for the request's status, and submits only when the processor answers
 * 404. While the processor works the outcome is {@link Outcome.Pending}; a valid callback makes
 * the runtime check at once instead of waiting for the next poll.
 */
public final class OpenDsrConnector extends HttpConnector {

    private static final ConfigDef CONFIG = ConfigDef.of(
            baseUrl(null, "the processor's OpenDSR endpoint root (the path /opendsr/requests is appended)"),
            ConfigKey.optional("secretRef", ConfigKey.Type.SECRET_REF, null, "name of the secret holding a bearer token, if the processor wants one"),
            ConfigKey.optional("processorCertificate", ConfigKey.Type.STRING, null,
                    "PEM certificate or public key of the processor, to verify signed callbacks"),
            ConfigKey.optional("pollEvery", ConfigKey.Type.DURATION, "PT1H", "how often to ask for the status while the processor works"));

    public OpenDsrConnector() {
        super("opendsr", "https://github.com/opendsr/opendsr-spec", CONFIG,
                EnumSet.of(Action.ERASE, Action.EXPORT));
    }

    @Override
    protected Outcome run(ConnectorTask task, ConnectorContext context) throws IOException, InterruptedException {
        String requests = root(task, "/opendsr") + "/opendsr/requests";
        Duration pollEvery = task.config().duration("pollEvery");
        Reply status = call(context, authorised(task, context, request(requests + "/" + encode(task.taskId()))).GET().build(), 404);
        if (status.status() == 404) {
            var body = object().put("subject_request_id", task.taskId())
                    .put("subject_request_type", type(task))
                    .put("submitted_time", DateTimeFormatter.ISO_INSTANT.format(context.clock().instant()))
                    .put("api_version", "1.0");
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
     * Whether a status callback's {@code X-OpenDSR-Signature} is the processor's RSA-SHA256
     * signature of exactly these body bytes, checked with its certificate or public key (PEM).
     */
    public static boolean verifySignature(byte[] body, String signatureBase64, String certificateOrKeyPem) {
        if (signatureBase64 == null || certificateOrKeyPem == null) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(publicKey(certificateOrKeyPem));
            verifier.update(body);
            return verifier.verify(Base64.getDecoder().decode(signatureBase64.trim()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static PublicKey publicKey(String pem) throws GeneralSecurityException {
        if (pem.contains("BEGIN CERTIFICATE")) {
            return CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).getPublicKey();
        }
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }
}
