package dev.rightsflow.intake.opendsr.web;

import dev.rightsflow.intake.shared.web.IntakeProblem;
import dev.rightsflow.intake.security.web.IntakeSecurity;
import dev.rightsflow.intake.shared.web.JsonBodies;
import dev.rightsflow.intake.submission.web.SubmissionResults;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebInputException;

import dev.rightsflow.intake.opendsr.application.CallbackStore;
import dev.rightsflow.intake.opendsr.application.OpenDsrStatus;
import dev.rightsflow.intake.registry.application.RegistryView;
import dev.rightsflow.intake.submission.application.SubmitRequest;
import dev.rightsflow.intake.request.model.Channel;
import dev.rightsflow.intake.opendsr.model.OpenDsrMapping;
import dev.rightsflow.intake.submission.model.Receipt;
import dev.rightsflow.intake.request.model.RightDetails;
import dev.rightsflow.intake.request.model.Subject;
import dev.rightsflow.intake.request.model.Submission;
import dev.rightsflow.schemas.opendsr.Messages;
import dev.rightsflow.schemas.opendsr.OpenDsr;
import dev.rightsflow.schemas.opendsr.OpenDsrCodec;
import dev.rightsflow.schemas.opendsr.OpenDsrRefusals;
import dev.rightsflow.schemas.opendsr.OpenDsrSettings;
import dev.rightsflow.schemas.opendsr.OpenDsrSigner;
import dev.rightsflow.schemas.opendsr.Vocabulary;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

/**
 * Intake as an OpenDSR 2.0 processor endpoint (specification.md of github.com/opengdpr/OpenDSR),
 * mapped onto the same flow as every other way in.
 *
 * <p>Paths (§3.4: the major version first, under intake's {@code /opendsr} mount): {@code /opendsr/v2/}
 * {@code discovery}, {@code requests}, {@code requests/{id}} (GET status, DELETE cancel) and
 * {@code status/{id}} (§3.1's {@code /status}); the OpenGDPR 1.0 routes {@code /opendsr/v1/discovery},
 * {@code /opendsr/v1/opengdpr_requests[/{id}]} (§10.1), and the unversioned paths of earlier
 * Rightsflow versions. Success responses carry {@code X-OpenDSR-Processor-Domain} and
 * {@code X-OpenDSR-Signature} (and their {@code X-OpenGDPR-} names) over the exact bytes sent;
 * the 201 and 202 bodies carry {@code processor_signature} too. Errors are the §7.5 body
 * {@code {"error":{"code","message","errors"}}}: 400 for every invalid request (§7.5), 401 not
 * authenticated, 403 a request signature that does not verify, 404, 409, 413, 415, 503.
 *
 * <p>Callers authenticate as on the processor API (§4.3 leaves API authentication to the
 * processor), in intake's Spring Security chain before any handler here runs ({@link IntakeSecurity}): the
 * caller is the authenticated organisation. A caller may also sign its request with its OpenDSR certificate;
 * the chain verifies a signature that is present against the peer's certificate (§8.8), 403 otherwise. A caller naming the
 * {@code service_id} of a service it processes for a controller forwards the request to that
 * controller; otherwise the request is the caller's own. {@code subject_request_id} is the
 * idempotency key.
 */
@RestController
@Tag(name = "OpenDSR", description = "OpenDSR 2.0 processor API (and OpenGDPR 1.0 routes)")
public class OpenDsrApi {

    public static final String V2 = "/opendsr/" + OpenDsr.MAJOR_PATH;
    public static final String V1 = "/opendsr/" + OpenDsr.LEGACY_MAJOR_PATH;

    private final SubmitRequest submit;
    private final OpenDsrStatus status;
    private final CallbackStore callbacks;
    private final RegistryView registry;
    private final JsonBodies bodies;
    private final OpenDsrSettings settings;
    private final OpenDsrSigner signer;
    private final OpenDsrCodec codec = new OpenDsrCodec();

    public OpenDsrApi(SubmitRequest submit, OpenDsrStatus status, CallbackStore callbacks, RegistryView registry,
            JsonBodies bodies, OpenDsrSettings settings, @Qualifier("intakeOpenDsrSigner") OpenDsrSigner intakeOpenDsrSigner) {
        this.submit = submit;
        this.status = status;
        this.callbacks = callbacks;
        this.registry = registry;
        this.bodies = bodies;
        this.settings = settings;
        this.signer = intakeOpenDsrSigner;
    }

    /** An OpenDSR refusal, answered with the §7.5 error body. */
    static final class OpenDsrError extends RuntimeException {
        final HttpStatus status;
        final transient List<Messages.ErrorDetail> errors;

        OpenDsrError(HttpStatus status, String message, List<Messages.ErrorDetail> errors) {
            super(message, null, false, false);
            this.status = status;
            this.errors = List.copyOf(errors);
        }
    }

    @Operation(summary = "OpenDSR discovery (§6)")
    @GetMapping(path = {V2 + "/discovery", V1 + "/discovery", "/opendsr/discovery"})
    public ResponseEntity<byte[]> discovery(ServerHttpRequest request) {
        List<Messages.SupportedIdentity> identities = new ArrayList<>();
        for (Vocabulary.IdentityType type : Vocabulary.IdentityType.values()) {
            for (Vocabulary.IdentityFormat format : Vocabulary.IdentityFormat.values()) {
                identities.add(new Messages.SupportedIdentity(type.wire(), format.wire()));
            }
        }
        return signed(HttpStatus.OK, new Messages.Discovery(OpenDsr.API_VERSION, identities,
                List.of("access", "portability", "erasure"), base(request) + V2 + "/certificate.pem"));
    }

    @Operation(summary = "The X.509 certificate (chain, PEM) OpenDSR responses and callbacks are signed with (§6.3)")
    @GetMapping(path = {V2 + "/certificate.pem", V1 + "/certificate.pem"})
    public ResponseEntity<String> certificate() {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/x-pem-file"))
                .body(signer.certificatePem());
    }

    @Operation(summary = "Submit an OpenDSR request (§7)", description = "201 with the signed receipt of §7.3; 400 with the error body of §7.5.")
    @PostMapping(path = {V2 + "/requests", V1 + "/opengdpr_requests", V1 + "/requests", "/opendsr/requests"})
    public Mono<ResponseEntity<byte[]>> create(ServerHttpRequest request, Principal principal) {
        String caller = principal.getName();
        return bodies.raw(request).flatMap(raw -> {
            OpenDsrCodec.Decoded decoded = codec.readRequest(raw);
            if (decoded instanceof OpenDsrCodec.Decoded.Invalid invalid) {
                throw new OpenDsrError(HttpStatus.BAD_REQUEST, invalid.message(), invalid.errors());
            }
            Messages.Request parsed = ((OpenDsrCodec.Decoded.Valid) decoded).request();
            OpenDsrRequestJson json = new OpenDsrRequestJson(parsed, settings.domain());
            return origin(caller, json).flatMap(origin -> submit.submit(submission(caller, json), origin, parsed.subjectRequestId()))
                    .flatMap(result -> accepted(caller, parsed, raw, result));
        });
    }

    private Mono<ResponseEntity<byte[]>> accepted(String caller, Messages.Request parsed, byte[] raw, SubmitRequest.Result result) {
        Receipt receipt = SubmissionResults.receiptOrThrow(result);
        java.time.Instant expected = OpenDsrMapping.expectedCompletion(parsed.regulation(), receipt.receivedAt(),
                receipt.provisionalDeadline());
        CallbackStore.Registration registration = new CallbackStore.Registration(receipt.requestId(), caller,
                parsed.subjectRequestId(), parsed.statusCallbackUrls(), "pending", parsed.regulation(), expected, false);
        return callbacks.find(receipt.requestId())
                .flatMap(existing -> existing.isPresent() ? Mono.just(existing.get())
                        : callbacks.register(registration).thenReturn(registration))
                .map(stored -> {
                    Messages.Receipt body = codec.signedReceipt(new Messages.Receipt(caller,
                            OpenDsrCodec.time(stored.expectedCompletion()), OpenDsrCodec.time(receipt.receivedAt()),
                            Base64.getEncoder().encodeToString(raw), parsed.subjectRequestId(), null), signer);
                    return signed(HttpStatus.CREATED, body);
                });
    }

    @Operation(summary = "Status of an OpenDSR request (§8)", description = "{subjectRequestId} is the caller's subject_request_id.")
    @GetMapping(path = {V2 + "/requests/{subjectRequestId}", V2 + "/status/{subjectRequestId}",
            V1 + "/opengdpr_requests/{subjectRequestId}", V1 + "/requests/{subjectRequestId}",
            "/opendsr/requests/{subjectRequestId}"})
    public Mono<ResponseEntity<byte[]>> read(@PathVariable String subjectRequestId, Principal principal) {
        checkId(subjectRequestId);
        return find(principal.getName(), subjectRequestId).map(found -> signed(HttpStatus.OK, found));
    }

    @Operation(summary = "Cancel an OpenDSR request while it is pending (§9)", description = "202 with the signed receipt of §9.2.")
    @DeleteMapping(path = {V2 + "/requests/{subjectRequestId}", V1 + "/opengdpr_requests/{subjectRequestId}",
            V1 + "/requests/{subjectRequestId}", "/opendsr/requests/{subjectRequestId}"})
    public Mono<ResponseEntity<byte[]>> cancel(@PathVariable String subjectRequestId, Principal principal) {
        checkId(subjectRequestId);
        String caller = principal.getName();
        return requestId(caller, subjectRequestId)
                .flatMap(requestId -> status.cancel(requestId, caller))
                .map(outcome -> switch (outcome) {
                    case NOT_PENDING -> throw new OpenDsrError(HttpStatus.BAD_REQUEST,
                            "the request is no longer pending; it can be cancelled only while pending (OpenDSR 2.0 §9)",
                            List.of(new Messages.ErrorDetail("Request", "NotPending",
                                    "The request is no longer pending; it can be cancelled only while pending.")));
                    case NOT_FOUND -> throw notFound();
                    case CANCELLED -> signed(HttpStatus.ACCEPTED, codec.signedCancellation(
                            new Messages.CancellationReceipt(caller, OpenDsrCodec.time(java.time.Instant.now()),
                                    subjectRequestId, null, OpenDsr.API_VERSION), signer));
                });
    }

    private Mono<Messages.Status> find(String caller, String subjectRequestId) {
        return requestId(caller, subjectRequestId)
                .flatMap(requestId -> status.read(requestId, caller))
                .map(found -> found.orElseThrow(OpenDsrApi::notFound));
    }

    /** The request id of a caller's subject_request_id, forwarded or its own. */
    private Mono<String> requestId(String caller, String subjectRequestId) {
        String asForwarded = SubmitRequest.requestIdFor("processor:" + caller, subjectRequestId);
        String asOwn = SubmitRequest.requestIdFor("organisation:" + caller, subjectRequestId);
        return status.registration(asForwarded, caller)
                .flatMap(found -> found.isPresent() ? Mono.just(asForwarded)
                        : status.registration(asOwn, caller).map(own -> own.isPresent() ? asOwn : ""))
                .flatMap(id -> id.isEmpty() ? Mono.error(notFound()) : Mono.just(id));
    }

    private static OpenDsrError notFound() {
        return new OpenDsrError(HttpStatus.NOT_FOUND, "no OpenDSR request with this subject_request_id from your organisation",
                List.of(new Messages.ErrorDetail("Request", "NotFound", "No OpenDSR request with this subject_request_id from your organisation.")));
    }

    private static void checkId(String subjectRequestId) {
        if (!OpenDsrCodec.isUuidV4(subjectRequestId)) {
            throw new OpenDsrError(HttpStatus.BAD_REQUEST, "subject_request_id must be a lowercase version 4 UUID",
                    List.of(Messages.ErrorDetail.validation("subject_request_id must be a lowercase version 4 UUID.")));
        }
    }

    private Mono<SubmitRequest.Origin> origin(String caller, OpenDsrRequestJson json) {
        String serviceId = json.extension("service_id");
        if (serviceId == null) {
            return Mono.just(SubmitRequest.Origin.organisation(Channel.OPENDSR, caller));
        }
        return registry.find(caller).map(found -> {
            boolean processes = found.flatMap(org -> org.service(serviceId))
                    .map(service -> !service.controllerId().equals(caller)).orElse(false);
            return processes
                    ? SubmitRequest.Origin.processor(Channel.OPENDSR, caller, json.request().subjectRequestId(),
                            OpenDsrCodec.parseTime(json.request().submittedTime()))
                    : SubmitRequest.Origin.organisation(Channel.OPENDSR, caller);
        });
    }

    /**
     * The request as this platform holds it. Every identity is kept ({@link OpenDsrMapping#identities}):
     * without a raw email the subject's email is empty and the organisation matches the subject by
     * the identifiers, or its staff do in triage. The regulation is recorded in the description.
     */
    private static Submission submission(String caller, OpenDsrRequestJson json) {
        OpenDsrMapping.Identities identities = json.identities();
        String name = json.extension("subject_name");
        String description = "OpenDSR " + json.request().subjectRequestType() + " request under "
                + json.request().regulation().toUpperCase(java.util.Locale.ROOT)
                + (json.extension("description") != null ? ": " + json.extension("description") : "");
        return new Submission(OpenDsrMapping.right(json.request().subjectRequestType()),
                new Subject(name != null ? name : "Not given (OpenDSR request)",
                        identities.email() != null ? identities.email() : "", null, null, identities.identifiers()),
                caller, json.extension("service_id"), json.extension("relationship"),
                new RightDetails(description, null, null, null, null, false, null, List.of()));
    }

    /** The body as exact bytes, with the installation's signature of them in both header pairs. */
    private ResponseEntity<byte[]> signed(HttpStatus status, Object body) {
        byte[] bytes = codec.write(body);
        String signature = signer.sign(bytes);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .header(OpenDsr.DOMAIN_HEADER, signer.domain()).header(OpenDsr.SIGNATURE_HEADER, signature)
                .header(OpenDsr.LEGACY_DOMAIN_HEADER, signer.domain()).header(OpenDsr.LEGACY_SIGNATURE_HEADER, signature)
                .body(bytes);
    }

    private String base(ServerHttpRequest request) {
        if (!settings.publicBaseUrl().isBlank()) {
            return settings.publicBaseUrl().replaceAll("/+$", "");
        }
        var uri = request.getURI();
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    @ExceptionHandler(OpenDsrError.class)
    public ResponseEntity<byte[]> on(OpenDsrError e) {
        return error(e.status, e.getMessage(), e.errors);
    }

    /**
     * Intake's own refusals on this surface, in the §7.5 form: invalid fields (422 elsewhere) are
     * 400 as §7.5 requires; authentication, size, type, conflicts and unavailability keep their codes.
     */
    @ExceptionHandler(IntakeProblem.class)
    public ResponseEntity<byte[]> on(IntakeProblem problem) {
        HttpStatus code = problem.status() == HttpStatus.UNPROCESSABLE_CONTENT ? HttpStatus.BAD_REQUEST : problem.status();
        List<Messages.ErrorDetail> details = problem.errors().stream()
                .map(f -> Messages.ErrorDetail.validation(f.field() + ": " + f.message())).toList();
        ResponseEntity<byte[]> answer = error(code, problem.getMessage(), details);
        if (problem.retryAfterSeconds() != null) {
            return ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders())
                    .header(HttpHeaders.RETRY_AFTER, String.valueOf(problem.retryAfterSeconds())).body(answer.getBody());
        }
        return answer;
    }

    @ExceptionHandler(ServerWebInputException.class)
    public ResponseEntity<byte[]> on(ServerWebInputException e) {
        return error(HttpStatus.BAD_REQUEST, e.getReason(), List.of());
    }

    private static ResponseEntity<byte[]> error(HttpStatus status, String message, List<Messages.ErrorDetail> errors) {
        return ResponseEntity.status(status).contentType(new MediaType("application", "json", StandardCharsets.UTF_8))
                .header(HttpHeaders.CACHE_CONTROL, "no-store").header(HttpHeaders.PRAGMA, "no-cache")
                .body(OpenDsrRefusals.body(status, message, errors));
    }
}
