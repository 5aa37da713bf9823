package dev.rightsflow.router.http;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
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
 * {@code Idempotency-Key} that is the same on every retry. The body is an OpenDSR-style request
 * (type, identity, submitted time) plus the forwarding hop. Server errors and timeouts are
 * retried with exponential back-off; a 4xx is final.
 */
public final class SignedForwarder implements ExternalForwarder {

    public static final String SIGNATURE_HEADER = "X-Rightsflow-Signature";
    public static final String TIMESTAMP_HEADER = "X-Rightsflow-Timestamp";

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
        String body = json.writeValueAsString(body(request, forwarding.mode(), forwardedBy));
        try {
            String response = client.post().uri(forwarding.endpoint())
                    .contentType(MediaType.APPLICATION_JSON)
                    .headers(h -> {
                        String timestamp = Long.toString(clock.instant().getEpochSecond());
                        h.set(TIMESTAMP_HEADER, timestamp);
                        h.set(SIGNATURE_HEADER, "sha256=" + sign(secret.get(), timestamp + "." + body));
                        h.set("Idempotency-Key", idempotencyKey);
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
