package dev.rightsflow.router.http;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.rightsflow.router.application.ExternalForwarder;
import dev.rightsflow.router.application.SecretResolver;
import dev.rightsflow.router.model.ForwardingMode;
import dev.rightsflow.router.model.Organisation;
import dev.rightsflow.schemas.avro.RequestReceived;

/**
 * Forwards a request to an external controller over HTTP, signed so the controller can check who
 * sent it and that nothing changed: {@code X-Rightsflow-Signature: sha256=<hex HMAC-SHA256 of
 * "<timestamp>.<body>">} with the key named by the controller's {@code forwarding.secretRef},
 * {@code X-Rightsflow-Timestamp} (epoch seconds, so replays can be refused) and an
 * {@code Idempotency-Key} that is the same on every retry. Server errors, 429 and timeouts are
 * retried with exponential back-off, each attempt bounded by the timeout; a 4xx is final. The call
 * blocks its caller, which is a forwarding pool thread, never a listener thread.
 *
 * <p>Bodies: in mode SIGNED_HTTP a Rightsflow request (type, identity, submitted time, the
 * forwarding hop). In mode OPENDSR an OpenDSR 1.0 request ({@code regulation},
 * {@code subject_request_id}, {@code subject_request_type}, {@code submitted_time},
 * {@code subject_identities[{identity_type, identity_value, identity_format}]},
 * {@code api_version}, {@code property_id}, {@code extensions}) with the hop under
 * {@code extensions.rightsflow}, and {@code X-OpenDSR-Signature} = Base64 of HMAC-SHA256 of the
 * body. OpenDSR itself signs with the processor's RSA key; the registry holds one shared key per
 * controller, so both headers are keyed HMACs (documented in the README).
 */
public final class SignedForwarder implements ExternalForwarder {

    public static final String SIGNATURE_HEADER = "X-Rightsflow-Signature";
    public static final String TIMESTAMP_HEADER = "X-Rightsflow-Timestamp";
    public static final String OPENDSR_SIGNATURE_HEADER = "X-OpenDSR-Signature";

    private static final Logger log = LoggerFactory.getLogger(SignedForwarder.class);

    private final WebClient client;
    private final SecretResolver secrets;
    private final JsonMapper json;
    private final Clock clock;
    private final int attempts;
    private final Duration firstBackOff;
    private final Duration timeout;

    public SignedForwarder(WebClient client, SecretResolver secrets, JsonMapper json, Clock clock, int attempts,
            Duration firstBackOff, Duration timeout) {
        this.client = client;
        this.secrets = secrets;
        this.json = json;
        this.clock = clock;
        this.attempts = attempts;
        this.firstBackOff = firstBackOff;
        this.timeout = timeout;
    }

    @Override
    public Result forward(Organisation controller, RequestReceived request, String forwardedBy, String idempotencyKey) {
        Organisation.Forwarding forwarding = controller.forwarding();
        Optional<String> secret = secrets.secret(forwarding.secretRef());
        if (secret.isEmpty()) {
            return Result.failed("no signing key configured under " + forwarding.secretRef());
        }
        boolean openDsr = forwarding.mode() == ForwardingMode.OPENDSR;
        String body = json.writeValueAsString(openDsr ? openDsrBody(request, forwardedBy)
                : body(request, forwarding.mode(), forwardedBy));
        try {
            String response = client.post().uri(forwarding.endpoint())
                    .contentType(MediaType.APPLICATION_JSON)
                    .headers(h -> {
                        String timestamp = Long.toString(clock.instant().getEpochSecond());
                        h.set(TIMESTAMP_HEADER, timestamp);
                        h.set(SIGNATURE_HEADER, "sha256=" + sign(secret.get(), timestamp + "." + body));
                        h.set("Idempotency-Key", idempotencyKey);
                        if (openDsr) {
                            h.set(OPENDSR_SIGNATURE_HEADER, Base64.getEncoder().encodeToString(
                                    HexFormat.of().parseHex(sign(secret.get(), body))));
                        }
                    })
                    .bodyValue(body)
                    .retrieve()
                    .bodyToMono(String.class)
                    .timeout(timeout)
                    .retryWhen(Retry.backoff(Math.max(0, attempts - 1), firstBackOff)
                            .filter(e -> !(e instanceof WebClientResponseException w) || w.getStatusCode().is5xxServerError()
                                    || w.getStatusCode().value() == 429))
                    .defaultIfEmpty("")
                    .block();
            return Result.delivered(reference(response));
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null && reactor.core.Exceptions.isRetryExhausted(e) ? e.getCause() : e;
            String failure = cause instanceof WebClientResponseException w ? "HTTP " + w.getStatusCode().value()
                    : cause.getClass().getSimpleName();
            log.warn("forwarding request {} to {} failed: {}", request.getRequestId(), controller.id(), failure);
            return Result.failed(failure);
        }
    }

    /** HMAC-SHA256 of {@code payload} with {@code secret}, hex. */
    public static String sign(String secret, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> body(RequestReceived r, ForwardingMode mode, String forwardedBy) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("api_version", "1.0");
        body.put("subject_request_id", r.getRequestId());
        body.put("subject_request_type", type(r.getRight()));
        body.put("submitted_time", r.getReceivedAt().toString());
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("email", r.getSubject().getEmail());
        identity.put("name", r.getSubject().getName());
        if (r.getSubject().getPhone() != null) {
            identity.put("phone_number", r.getSubject().getPhone());
        }
        identity.put("identifiers", r.getSubject().getIdentifiers());
        body.put("identity", identity);
        body.put("service_id", r.getServiceId());
        body.put("relationship", r.getRelationship());
        body.put("details", Map.of(
                "description", Optional.ofNullable(r.getDetails().getDescription()).orElse(""),
                "objection_direct_marketing", r.getDetails().getObjectionDirectMarketing(),
                "consent_purposes", r.getDetails().getConsentPurposes()));
        body.put("forwarded_by", forwardedBy);
        body.put("first_received_at", r.getReceivedAt().toString());
        body.put("protocol", mode == ForwardingMode.OPENDSR ? "opendsr" : "rightsflow");
        return body;
    }

    /** An OpenDSR 1.0 request; what OpenDSR has no field for travels under {@code extensions.rightsflow}. */
    private Map<String, Object> openDsrBody(RequestReceived r, String forwardedBy) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("regulation", "gdpr");
        body.put("subject_request_id", r.getRequestId());
        body.put("subject_request_type", type(r.getRight()));
        body.put("submitted_time", r.getReceivedAt().toString());
        List<Map<String, String>> identities = new ArrayList<>();
        identities.add(identity("email", r.getSubject().getEmail()));
        if (r.getSubject().getPhone() != null) {
            identities.add(identity("phone_number", r.getSubject().getPhone()));
        }
        r.getSubject().getIdentifiers().forEach((type, value) -> identities.add(identity(type, value)));
        body.put("subject_identities", identities);
        body.put("api_version", "1.0");
        body.put("property_id", r.getServiceId());
        Map<String, Object> rightsflow = new LinkedHashMap<>();
        rightsflow.put("subject_name", r.getSubject().getName());
        rightsflow.put("forwarded_by", forwardedBy);
        rightsflow.put("first_received_at", r.getReceivedAt().toString());
        rightsflow.put("relationship", r.getRelationship());
        rightsflow.put("description", Optional.ofNullable(r.getDetails().getDescription()).orElse(""));
        rightsflow.put("objection_direct_marketing", r.getDetails().getObjectionDirectMarketing());
        rightsflow.put("consent_purposes", r.getDetails().getConsentPurposes());
        body.put("extensions", Map.of("rightsflow", rightsflow));
        return body;
    }

    private static Map<String, String> identity(String type, String value) {
        Map<String, String> identity = new LinkedHashMap<>();
        identity.put("identity_type", type);
        identity.put("identity_value", value);
        identity.put("identity_format", "raw");
        return identity;
    }

    private static String type(dev.rightsflow.schemas.avro.Right right) {
        return switch (right) {
            case ACCESS -> "access";
            case ERASURE -> "erasure";
            case PORTABILITY -> "portability";
            case RECTIFICATION -> "rectification";
            case RESTRICTION -> "restriction";
            case OBJECTION -> "objection";
            case CONSENT_WITHDRAWAL -> "consent_withdrawal";
            default -> right.name().toLowerCase(Locale.ROOT);
        };
    }

    private String reference(String response) {
        if (response == null || response.isBlank()) {
            return null;
        }
        try {
            JsonNode node = json.readTree(response);
            for (String field : new String[] {"controller_reference", "reference", "subject_request_id", "id"}) {
                if (node.hasNonNull(field)) {
                    return node.get(field).asString();
                }
            }
        } catch (RuntimeException e) {
            log.debug("controller answered without a JSON reference");
        }
        return null;
    }
}
