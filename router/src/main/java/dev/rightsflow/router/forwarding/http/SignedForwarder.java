package dev.rightsflow.router.forwarding.http;

import java.io.UncheckedIOException;
import java.net.URI;
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

import dev.rightsflow.router.forwarding.application.ExternalForwarder;
import dev.rightsflow.router.registry.application.SecretResolver;
import dev.rightsflow.router.registry.model.ForwardingMode;
import dev.rightsflow.router.registry.model.Organisation;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.router.requests.model.Request;
import dev.rightsflow.schemas.net.OutboundAddresses;
import dev.rightsflow.schemas.opendsr.Messages;
import dev.rightsflow.schemas.opendsr.OpenDsr;
import dev.rightsflow.schemas.opendsr.OpenDsrCodec;
import dev.rightsflow.schemas.opendsr.OpenDsrPeers;
import dev.rightsflow.schemas.opendsr.OpenDsrSettings;
import dev.rightsflow.schemas.opendsr.OpenDsrSigner;
import dev.rightsflow.schemas.net.ForbiddenOutboundAddressException;
import dev.rightsflow.schemas.net.OutboundAddresses;

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
 * forwarding hop), HMAC-signed as above. In mode OPENDSR an OpenDSR 2.0 request written by the
 * shared codec ({@code dev.rightsflow.schemas.opendsr}, specification.md of github.com/opengdpr/OpenDSR
 * §7.1): {@code regulation} gdpr, a version-4 {@code subject_request_id} derived from the request and
 * the controller (so every retry sends the same one), {@code subject_request_type}, §5 identities
 * ({@code email}/{@code raw} and the {@code opendsr:} identifiers the request came with),
 * {@code submitted_time}, {@code api_version} 2.0, {@code status_callback_urls} (the router's
 * callback endpoint when {@code rightsflow.opendsr.public-base-url} is set) and Rightsflow's
 * extension keyed by the controller's OpenDSR domain (§7.1.2). The call is authenticated with
 * {@code X-Rightsflow-Organisation} and {@code Authorization: Bearer} (the key under
 * {@code secretRef}; §4.3 leaves API authentication to the receiver) and signed with this
 * installation's X.509 key ({@code X-OpenDSR-Processor-Domain}, {@code X-OpenDSR-Signature}). The
 * controller's 201 must be signed by the certificate of its domain, as found through its discovery
 * ({@link OpenDsrPeers}), header and {@code processor_signature} both; otherwise the call counts as
 * failed and a person forwards the request. Only access, portability and erasure exist in OpenDSR;
 * any other right is handed to a person at once.
 */
public final class SignedForwarder implements ExternalForwarder {

    public static final String SIGNATURE_HEADER = "X-Rightsflow-Signature";
    public static final String TIMESTAMP_HEADER = "X-Rightsflow-Timestamp";
    public static final String OPENDSR_SIGNATURE_HEADER = OpenDsr.SIGNATURE_HEADER;

    private static final Logger log = LoggerFactory.getLogger(SignedForwarder.class);

    private final WebClient client;
    private final SecretResolver secrets;
    private final JsonMapper json;
    private final Clock clock;
    private final int attempts;
    private final Duration firstBackOff;
    private final Duration timeout;
    private final OpenDsrSettings openDsr;
    private final OpenDsrSigner signer;
    private final OpenDsrPeers peers;
    private final OpenDsrCodec codec = new OpenDsrCodec();

    public SignedForwarder(WebClient client, SecretResolver secrets, JsonMapper json, Clock clock, int attempts,
            Duration firstBackOff, Duration timeout, OpenDsrSettings openDsr, OpenDsrSigner signer, OpenDsrPeers peers) {
        this.client = client;
        this.secrets = secrets;
        this.json = json;
        this.clock = clock;
        this.attempts = attempts;
        this.firstBackOff = firstBackOff;
        this.timeout = timeout;
        this.openDsr = openDsr;
        this.signer = signer;
        this.peers = peers;
    }

    /**
     * A forwarder with the default OpenDSR settings (no peers: an OpenDSR controller's answers cannot
     * be verified, so OPENDSR forwarding fails over to a person); for SIGNED_HTTP use and tests.
     */
    public SignedForwarder(WebClient client, SecretResolver secrets, JsonMapper json, Clock clock, int attempts,
            Duration firstBackOff, Duration timeout) {
        this(client, secrets, json, clock, attempts, firstBackOff, timeout, OpenDsrSettings.defaults(),
                dev.rightsflow.schemas.opendsr.OpenDsrKeys.signer(OpenDsrSettings.defaults()),
                new OpenDsrPeers(OpenDsrSettings.defaults()));
    }

    /** The router's endpoint for OpenDSR status callbacks, relative to its public base URL. */
    public static final String CALLBACK_PATH = "/api/v1/router/opendsr/callbacks";

    @Override
    public Result forward(Organisation controller, Request request, String forwardedBy, String idempotencyKey) {
        Organisation.Forwarding forwarding = controller.forwarding();
        Optional<String> secret = secrets.secret(forwarding.secretRef());
        if (secret.isEmpty()) {
            return Result.failed("no signing key configured under " + forwarding.secretRef());
        }
        try {
            // SSRF guard after DNS resolution: an internal target only when the registry allows it for the controller
            OutboundAddresses.check(URI.create(forwarding.endpoint()), controller.allowedOutboundHosts());
        } catch (ForbiddenOutboundAddressException | IllegalArgumentException | UncheckedIOException e) {
            log.warn("forwarding request {} to {} refused before the call: {}", request.requestId(), controller.id(),
                    e.getMessage());
            return Result.failed(e instanceof UncheckedIOException ? "UnknownHostException" : e.getMessage());
        }
        if (forwarding.mode() == ForwardingMode.OPENDSR) {
            return forwardOpenDsr(controller, request, forwardedBy, secret.get(), idempotencyKey);
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
            log.warn("forwarding request {} to {} failed: {}", request.requestId(), controller.id(), failure);
            return Result.failed(failure);
        }
    }

    private Result forwardOpenDsr(Organisation controller, Request r, String forwardedBy, String secret,
            String idempotencyKey) {
        Messages.Request body = openDsrRequest(controller, r, forwardedBy);
        if (body.subjectRequestType() == null) {
            return Result.failed("OpenDSR 2.0 has no " + type(r.right()) + " request type");
        }
        byte[] bytes = codec.write(body);
        String endpoint = controller.forwarding().endpoint();
        return exchange(controller, r, "POST", endpoint, bytes, forwardedBy, secret, idempotencyKey, 201, response -> {
            Messages.Receipt receipt = codec.read(response, Messages.Receipt.class);
            var certificate = peers.certificate(peerDomain(controller));
            if (certificate.isEmpty() || !codec.receiptSignatureValid(receipt, certificate.get().getPublicKey())
                    || !body.subjectRequestId().equals(receipt.subjectRequestId())) {
                return Result.failed("the controller's receipt is not signed by its OpenDSR certificate");
            }
            return Result.delivered(receipt.subjectRequestId());
        });
    }

    @Override
    public Result cancel(Organisation controller, Request r, String forwardedBy) {
        Organisation.Forwarding forwarding = controller.forwarding();
        Optional<String> secret = secrets.secret(forwarding.secretRef());
        if (forwarding.mode() != ForwardingMode.OPENDSR || secret.isEmpty()) {
            return Result.failed("the controller is not reached over OpenDSR");
        }
        String id = subjectRequestId(r.requestId(), controller.id());
        return exchange(controller, r, "DELETE", forwarding.endpoint() + "/" + id, null, forwardedBy, secret.get(),
                Events.derivedId(r.requestId(), "opendsr-cancel", controller.id()), 202, response -> {
            Messages.CancellationReceipt receipt = codec.read(response, Messages.CancellationReceipt.class);
            var certificate = peers.certificate(peerDomain(controller));
            if (certificate.isEmpty() || !codec.cancellationSignatureValid(receipt, certificate.get().getPublicKey())) {
                return Result.failed("the controller's cancellation receipt is not signed by its OpenDSR certificate");
            }
            return Result.delivered(receipt.subjectRequestId());
        });
    }

    /**
     * One OpenDSR call with retries (5xx, 429, timeouts); the answer's {@code X-OpenDSR-Signature}
     * must verify for the controller's domain before the body is read.
     */
    private Result exchange(Organisation controller, Request r, String method, String url, byte[] body,
            String forwardedBy, String secret, String idempotencyKey, int expected,
            java.util.function.Function<byte[], Result> onAnswer) {
        String domain = peerDomain(controller);
        try {
            List<String> allowed = new ArrayList<>(openDsr.allowedOutboundHosts());
            allowed.addAll(controller.allowedOutboundHosts());
            OutboundAddresses.check(java.net.URI.create(url), allowed);
            var answer = client.method(org.springframework.http.HttpMethod.valueOf(method)).uri(url)
                    .headers(h -> {
                        h.setAccept(List.of(MediaType.APPLICATION_JSON));
                        h.set("X-Rightsflow-Organisation", forwardedBy);
                        h.setBearerAuth(secret);
                        h.set("Idempotency-Key", idempotencyKey);
                        if (body != null) {
                            String signature = signer.sign(body);
                            h.setContentType(MediaType.APPLICATION_JSON);
                            h.set(OpenDsr.DOMAIN_HEADER, signer.domain());
                            h.set(OpenDsr.SIGNATURE_HEADER, signature);
                        }
                    })
                    .body(body == null ? org.springframework.web.reactive.function.BodyInserters.empty()
                            : org.springframework.web.reactive.function.BodyInserters.fromValue(body))
                    .retrieve()
                    .toEntity(byte[].class)
                    .timeout(timeout)
                    .retryWhen(Retry.backoff(Math.max(0, attempts - 1), firstBackOff)
                            .filter(e -> !(e instanceof WebClientResponseException w) || w.getStatusCode().is5xxServerError()
                                    || w.getStatusCode().value() == 429))
                    .block();
            if (answer == null || answer.getStatusCode().value() != expected || answer.getBody() == null) {
                return Result.failed("unexpected answer " + (answer == null ? "none" : answer.getStatusCode().value()));
            }
            String signature = firstHeader(answer.getHeaders(), OpenDsr.SIGNATURE_HEADERS);
            String signedBy = firstHeader(answer.getHeaders(), OpenDsr.DOMAIN_HEADERS);
            if (signedBy == null || !signedBy.equalsIgnoreCase(domain)
                    || peers.verify(signedBy, answer.getBody(), signature) != OpenDsrPeers.Verdict.VALID) {
                log.warn("request {}: the OpenDSR answer of {} does not verify for domain {}", r.requestId(), controller.id(), domain);
                return Result.failed("the controller's OpenDSR signature does not verify");
            }
            return onAnswer.apply(answer.getBody());
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null && reactor.core.Exceptions.isRetryExhausted(e) ? e.getCause() : e;
            String failure = cause instanceof WebClientResponseException w ? "HTTP " + w.getStatusCode().value()
                    : cause.getClass().getSimpleName();
            log.warn("OpenDSR {} of request {} to {} failed: {}", method, r.requestId(), controller.id(), failure);
            return Result.failed(failure);
        }
    }

    private static String firstHeader(org.springframework.http.HttpHeaders headers, List<String> names) {
        for (String name : names) {
            if (headers.getFirst(name) != null) {
                return headers.getFirst(name);
            }
        }
        return null;
    }

    /**
     * The controller's OpenDSR domain: the {@code rightsflow.opendsr.peers} entry whose discovery
     * URL sits beside its endpoint ({@code .../requests} → {@code .../discovery}), else the
     * endpoint's host.
     */
    String peerDomain(Organisation controller) {
        String endpoint = controller.forwarding().endpoint();
        String discovery = endpoint.replaceAll("/(requests|opengdpr_requests)/?$", "") + "/discovery";
        return openDsr.peers().entrySet().stream()
                .filter(e -> discovery.equals(e.getValue().discoveryUrl()))
                .map(Map.Entry::getKey).findFirst()
                .orElseGet(() -> java.net.URI.create(endpoint).getHost());
    }

    /**
     * A version-4-form UUID (§1.1, §7.1.1) derived from the request and the controller: the same on
     * every retry and cancellation, different for every request.
     */
    public static String subjectRequestId(String requestId, String controllerId) {
        return OpenDsrCodec.derivedSubjectRequestId(requestId, controllerId);
    }

    private Messages.Request openDsrRequest(Organisation controller, Request r, String forwardedBy) {
        String type = r.right() == null ? null : switch (r.right()) {
            case ACCESS -> "access";
            case ERASURE -> "erasure";
            case PORTABILITY -> "portability";
            default -> null;
        };
        List<Messages.Identity> identities = new ArrayList<>();
        if (r.subject().email() != null && !r.subject().email().isBlank()) {
            identities.add(new Messages.Identity("email", r.subject().email(), "raw"));
        }
        Map<String, String> otherIdentifiers = new LinkedHashMap<>();
        r.subject().identifiers().forEach((key, value) -> {
            if (key.startsWith("opendsr:")) {
                String[] parts = key.substring(8).split(":");
                for (String one : value.split(",")) {
                    identities.add(new Messages.Identity(parts[0], one, parts.length > 1 ? parts[1] : "raw"));
                }
            } else {
                otherIdentifiers.put(key, value);
            }
        });
        Map<String, Object> rightsflow = new LinkedHashMap<>();
        rightsflow.put("subject_name", r.subject().name());
        rightsflow.put("service_id", r.serviceId());
        rightsflow.put("relationship", r.relationship());
        rightsflow.put("forwarded_by", forwardedBy);
        rightsflow.put("description", Optional.ofNullable(r.details().description()).orElse(""));
        if (!otherIdentifiers.isEmpty()) {
            rightsflow.put("identifiers", otherIdentifiers);
        }
        rightsflow.values().removeIf(java.util.Objects::isNull);
        List<String> callbacks = openDsr.publicBaseUrl().isBlank() ? null
                : List.of(openDsr.publicBaseUrl().replaceAll("/+$", "") + CALLBACK_PATH);
        return new Messages.Request("gdpr", subjectRequestId(r.requestId(), controller.id()), type, identities,
                OpenDsrCodec.time(r.receivedAt()), OpenDsr.API_VERSION, callbacks,
                Map.of(peerDomain(controller), rightsflow));
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

    private Map<String, Object> body(Request r, ForwardingMode mode, String forwardedBy) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("api_version", "1.0");
        body.put("subject_request_id", r.requestId());
        body.put("subject_request_type", type(r.right()));
        body.put("submitted_time", r.receivedAt().toString());
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("email", r.subject().email());
        identity.put("name", r.subject().name());
        if (r.subject().phone() != null) {
            identity.put("phone_number", r.subject().phone());
        }
        identity.put("identifiers", r.subject().identifiers());
        body.put("identity", identity);
        body.put("service_id", r.serviceId());
        body.put("relationship", r.relationship());
        body.put("details", Map.of(
                "description", Optional.ofNullable(r.details().description()).orElse(""),
                "objection_direct_marketing", r.details().objectionDirectMarketing(),
                "consent_purposes", r.details().consentPurposes()));
        body.put("forwarded_by", forwardedBy);
        body.put("first_received_at", r.receivedAt().toString());
        body.put("protocol", mode == ForwardingMode.OPENDSR ? "opendsr" : "rightsflow");
        return body;
    }

    private static String type(dev.rightsflow.router.registry.model.Right right) {
        if (right == null) {
            return "unknown"; // the request did not say which right it exercises
        }
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
