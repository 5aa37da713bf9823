package dev.rightsflow.connectors.vendors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.rightsflow.schemas.model.Action;
import dev.rightsflow.connectors.spi.Cancellation;
import dev.rightsflow.connectors.spi.ConfigDef;
import dev.rightsflow.connectors.spi.ConfigKey;
import dev.rightsflow.connectors.spi.ConnectorContext;
import dev.rightsflow.connectors.spi.ConnectorTask;
import dev.rightsflow.connectors.spi.ExportedRecord;
import dev.rightsflow.connectors.spi.Outcome;
import dev.rightsflow.schemas.opendsr.Messages;
import dev.rightsflow.schemas.opendsr.OpenDsrCodec;
import dev.rightsflow.schemas.opendsr.OpenDsrKeys;
import dev.rightsflow.schemas.opendsr.OpenDsrVerifier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import dev.rightsflow.schemas.model.Counted;

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
 *       done, {@code results_url} / {@code results_count}; an access or portability request's
 *       results are fetched from {@code results_url} into the access package.</li>
 *   <li>§8.6-8.8 status callbacks carry {@code X-OpenDSR-Processor-Domain} and
 *       {@code X-OpenDSR-Signature}: a Base64 signature (§4.2, FIPS 186-4: RSA or ECDSA, SHA-256)
 *       over the raw body, verified before the body is parsed, with the certificate published by
 *       the processor's {@code /discovery} ({@code processor_certificate}, see
 *       {@link OpenDsrCertificates}) or the one configured in {@code processorCertificate};
 *       403 when it does not verify.</li>
 * </ul>
 *
 * <p>Bodies are written and read by the shared OpenDSR codec ({@code dev.rightsflow.schemas.opendsr}),
 * signatures checked by its verifier. The {@code subject_request_id} is derived from the task id (a
 * version-4 form UUID, see {@link #subjectRequestId}), so a repeat never submits twice: every execution first asks for the request's status,
 * and submits only when the processor answers 404. While the processor works the outcome is
 * {@link Outcome.Pending}; a valid callback makes the runtime check at once instead of waiting for
 * the next poll.
 */
public final class OpenDsrConnector extends HttpConnector {

    /** The specification this connector follows. */
    public static final String DOCUMENTATION = "https://github.com/opengdpr/OpenDSR/blob/master/specification.md";
    static final String API_VERSION = "2.0";
    private static final OpenDsrCodec CODEC = new OpenDsrCodec();

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
        String subjectRequestId = subjectRequestId(task.taskId());
        Reply status = call(context, authorised(task, context, request(requests + "/" + encode(subjectRequestId))).GET().build(), 404);
        if (status.status() == 404) {
            List<String> callbacks = context.callbackUrl(name(), task.taskId()).map(List::of).orElse(List.of());
            Messages.Request body = new Messages.Request("gdpr", subjectRequestId, type(task),
                    List.of(new Messages.Identity("email", task.subject().email(), "raw")),
                    DateTimeFormatter.ISO_INSTANT.format(context.clock().instant()), API_VERSION, callbacks, null);
            call(context, authorised(task, context, request(requests)).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(CODEC.write(body))).build());
            return new Outcome.Pending("submitted to the processor over OpenDSR", pollEvery);
        }
        Messages.Status json = CODEC.read(status.body().getBytes(StandardCharsets.UTF_8), Messages.Status.class);
        String requestStatus = json.requestStatus() == null ? "" : json.requestStatus();
        return switch (requestStatus) {
            case "completed" -> completed(task, context, json);
            case "cancelled" -> new Outcome.PermanentFailure("the processor cancelled the OpenDSR request");
            case "pending", "in_progress" -> new Outcome.Pending("the processor reports " + requestStatus, pollEvery);
            default -> new Outcome.RetriableFailure("the processor answered an unknown request_status", null);
        };
    }

    /**
     * Cancels the request at the processor (OpenDSR 2.0 §9: {@code DELETE /requests/{subject_request_id}},
     * accepted with 202 while the request is pending there). A 404 means the processor never
     * received it, so nothing happens there either; any other answer (a request no longer pending is
     * refused) or no answer leaves it not cancelled, in words.
     */
    @Override
    public Cancellation cancel(ConnectorTask task, ConnectorContext context) {
        String url = trimSlash(task.config().string("baseUrl")) + "/requests/" + encode(subjectRequestId(task.taskId()));
        try {
            Reply reply = send(context, authorised(task, context, request(url)).DELETE().build());
            if (reply.ok()) {
                return Cancellation.cancelled("cancelled at the processor over OpenDSR (DELETE /requests, OpenDSR 2.0 §9; HTTP "
                        + reply.status() + ")");
            }
            if (reply.status() == 404) {
                return Cancellation.cancelled("the processor holds no such request (HTTP 404): nothing was done there");
            }
            return Cancellation.notCancellable("not cancellable, already sent: the processor refused the OpenDSR cancellation (HTTP "
                    + reply.status() + errorTitle(reply).map(t -> ", " + t).orElse("")
                    + "); OpenDSR 2.0 §9 cancels only a request still pending there");
        } catch (IOException e) {
            return Cancellation.notCancellable("not cancellable, already sent: the processor could not be reached to cancel ("
                    + e.getClass().getSimpleName() + "); tell it by hand");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Cancellation.notCancellable("not cancellable, already sent: the cancellation was interrupted; tell the processor by hand");
        }
    }

    /**
     * A completed request. For an access or portability request the processor's results are
     * fetched from {@code results_url} (§8.3) and become the records of the access package (Art
     * 15(3) needs the copy itself, not a link). The URL is the processor's choice: the runtime's
     * HTTP client checks the address of every connection it makes against the outbound-address rules
     * (schemas {@code CheckedHttpClient}), so an internal address is refused unless allowed. OpenDSR does not
     * define the results' format (§1: out of scope): a JSON array is one record per element, a
     * JSON object with a {@code results}, {@code data} or {@code records} array one per element of
     * it, any other JSON object one record, and anything else one record with the text as
     * received. Records are OBSERVED data (the processor holds them from the subject's use of the
     * service; it does not say whether any was derived).
     */
    private Outcome completed(ConnectorTask task, ConnectorContext context, Messages.Status status)
            throws IOException, InterruptedException {
        if (task.action() != Action.EXPORT) {
            return new Outcome.Completed(true, "the processor completed the " + type(task) + " request", null, List.of());
        }
        if (status.resultsUrl() == null || status.resultsUrl().isBlank()) {
            return new Outcome.Completed(status.resultsCount() != null && status.resultsCount() > 0,
                    "the processor completed the " + type(task) + " request without a results_url"
                            + (status.resultsCount() != null && status.resultsCount() > 0
                            ? "; it reports " + Counted.of(status.resultsCount(), "result") + ": ask it for the copy" : ""),
                    0, List.of());
        }
        java.net.URI results = java.net.URI.create(trimSlash(task.config().string("baseUrl")) + "/").resolve(status.resultsUrl().trim());
        Reply reply = call(context, authorised(task, context, java.net.http.HttpRequest.newBuilder(results)
                .timeout(REQUEST_TIMEOUT).header("Accept", "application/json")).GET().build());
        List<ExportedRecord> records = records(reply, results.getHost());
        String summary = "the processor completed the " + type(task) + " request; "
                + Counted.of(records.size(), "record") + " fetched from its results_url";
        if (status.resultsCount() != null && status.resultsCount() != records.size()) {
            summary += " (it reports " + Counted.of(status.resultsCount(), "result") + ")";
        }
        return new Outcome.Completed(!records.isEmpty(), summary, records.size(), records);
    }

    static List<ExportedRecord> records(Reply reply, String host) {
        String category = "OpenDSR results (" + host + ")";
        List<ExportedRecord> records = new java.util.ArrayList<>();
        JsonNode json;
        try {
            json = reply.body() == null || reply.body().isBlank() ? null : JSON.readTree(reply.body());
        } catch (JacksonException notJson) {
            json = null;
        }
        if (json == null || !(json.isArray() || json.isObject())) {
            if (reply.body() != null && !reply.body().isBlank()) {
                Map<String, Object> fields = new java.util.LinkedHashMap<>();
                fields.put("content", reply.body());
                reply.headers().firstValue("Content-Type").ifPresent(type -> fields.put("content_type", type));
                records.add(new ExportedRecord(category, ExportedRecord.Provenance.OBSERVED, fields));
            }
            return records;
        }
        JsonNode items = json;
        if (json.isObject()) {
            for (String field : List.of("results", "data", "records")) {
                if (json.path(field).isArray()) {
                    items = json.get(field);
                    break;
                }
            }
        }
        if (items.isArray()) {
            for (JsonNode item : items) {
                Map<String, Object> fields = item.isObject() ? flatten(item) : Map.of("value", item.isValueNode() ? item.asString() : item.toString());
                records.add(new ExportedRecord(category, ExportedRecord.Provenance.OBSERVED, fields));
            }
        } else {
            records.add(new ExportedRecord(category, ExportedRecord.Provenance.OBSERVED, flatten(items)));
        }
        return records;
    }

    /**
     * The {@code subject_request_id} of a task: a version-4 form UUID derived from the task id
     * (§1.1 and §7.1.1 ask for version 4; task ids are name-based), the same on every execution.
     */
    public static String subjectRequestId(String taskId) {
        return OpenDsrCodec.derivedSubjectRequestId("task", taskId);
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
        if (!subjectRequestId(taskId).equals(body.path("subject_request_id").asString(""))) {
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
            return OpenDsrVerifier.verify(body, signatureBase64, publicKey(certificateOrKeyPem));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static PublicKey publicKey(String pem) throws GeneralSecurityException {
        if (pem.contains("BEGIN CERTIFICATE")) {
            return OpenDsrKeys.certificates(pem).get(0).getPublicKey();
        }
        byte[] der = Base64.getDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException notRsa) {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        }
    }
}
