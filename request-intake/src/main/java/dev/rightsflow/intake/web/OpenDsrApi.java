package dev.rightsflow.intake.web;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.rightsflow.intake.RequestIntakeProperties;
import dev.rightsflow.intake.application.CallbackStore;
import dev.rightsflow.intake.application.OpenDsrStatus;
import dev.rightsflow.intake.application.RegistryView;
import dev.rightsflow.intake.application.SubmitRequest;
import dev.rightsflow.intake.model.Channel;
import dev.rightsflow.intake.model.FieldError;
import dev.rightsflow.intake.model.Hashing;
import dev.rightsflow.intake.model.OpenDsrMapping;
import dev.rightsflow.intake.model.RightDetails;
import dev.rightsflow.intake.model.RightType;
import dev.rightsflow.intake.model.Subject;
import dev.rightsflow.intake.model.Submission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

/**
 * The OpenDSR-compatible surface, mapped onto the same flow as every other way in. Callers
 * authenticate as on the processor API. A caller naming {@code extensions.rightsflow.service_id} of a
 * service it processes for a controller forwards the request to that controller; otherwise the
 * request is addressed to the caller itself. {@code subject_request_id} is the idempotency key.
 */
@RestController
@Tag(name = "OpenDSR", description = "OpenDSR 1.0 request API")
public class OpenDsrApi {

    private final SubmitRequest submit;
    private final OpenDsrStatus status;
    private final CallbackStore callbacks;
    private final RegistryView registry;
    private final JsonBodies bodies;
    private final ProcessorAuthentication authentication;
    private final RequestIntakeProperties properties;

    public OpenDsrApi(SubmitRequest submit, OpenDsrStatus status, CallbackStore callbacks, RegistryView registry,
            JsonBodies bodies, ProcessorAuthentication authentication, RequestIntakeProperties properties) {
        this.submit = submit;
        this.status = status;
        this.callbacks = callbacks;
        this.registry = registry;
        this.bodies = bodies;
        this.authentication = authentication;
        this.properties = properties;
    }

    @Operation(summary = "OpenDSR discovery")
    @GetMapping(path = "/opendsr/discovery", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> discovery() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("api_version", OpenDsrMapping.API_VERSION);
        body.put("supported_identities", List.of(Map.of("identity_type", "email", "identity_format", "raw"),
                Map.of("identity_type", "controller_customer_id", "identity_format", "raw")));
        body.put("supported_subject_request_types", List.of("erasure", "access", "portability"));
        body.put("supported_extensions", Map.of("rightsflow", List.of("subject_name", "service_id")));
        body.put("authentication", "X-Rightsflow-Organisation with X-Rightsflow-Timestamp and X-Rightsflow-Signature (HMAC-SHA256), or Authorization: Bearer");
        body.put("processor_certificate", null);
        return body;
    }

    /** Our answer to an accepted OpenDSR request. */
    private record Accepted(String organisationId, OpenDsrRequestJson json, SubmitRequest.Result result) {
    }

    @Operation(summary = "Submit an OpenDSR request", description = "201 with the controller, the receipt time and the expected completion time.")
    @PostMapping(path = "/opendsr/requests", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Map<String, Object>>> create(ServerHttpRequest request) {
        return bodies.raw(request)
                .flatMap(raw -> authentication.authenticate(request, raw)
                        .flatMap(caller -> {
                            OpenDsrRequestJson json = bodies.parse(raw, OpenDsrRequestJson.class);
                            return origin(caller, json).flatMap(origin -> submit.submit(submission(caller, json), origin,
                                    json.subjectRequestId().trim(), Hashing.sha256Hex(raw)))
                                    .map(result -> new Accepted(caller, json, result));
                        }))
                .flatMap(accepted -> {
                    var receipt = SubmissionResults.receiptOrThrow(accepted.result());
                    List<String> urls = accepted.json().statusCallbackUrls() == null ? List.of() : accepted.json().statusCallbackUrls();
                    return callbacks.register(new CallbackStore.Registration(receipt.requestId(), accepted.organisationId(),
                                    accepted.json().subjectRequestId().trim(), urls, null))
                            .then(status.read(receipt.requestId(), accepted.organisationId()))
                            .map(found -> {
                                Map<String, Object> body = new LinkedHashMap<>(found.orElseGet(HashMap::new));
                                body.put("subject_request_id", accepted.json().subjectRequestId().trim());
                                body.put("received_time", receipt.receivedAt().toString());
                                body.put("rightsflow_request_id", receipt.requestId());
                                body.put("status_url", properties.publicBaseUrl() + "/opendsr/requests/" + accepted.json().subjectRequestId().trim());
                                return ResponseEntity.status(HttpStatus.CREATED).body(body);
                            });
                });
    }

    @Operation(summary = "Status of an OpenDSR request", description = "{subjectRequestId} is the caller's subject_request_id.")
    @GetMapping(path = "/opendsr/requests/{subjectRequestId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> read(@PathVariable String subjectRequestId, ServerHttpRequest request) {
        return authentication.authenticate(request, new byte[0], false)
                .flatMap(caller -> {
                    String asForwarded = SubmitRequest.requestIdFor("processor:" + caller, subjectRequestId);
                    String asOwn = SubmitRequest.requestIdFor("organisation:" + caller, subjectRequestId);
                    return status.read(asForwarded, caller).flatMap(found -> found.isPresent() ? Mono.just(found)
                            : status.read(asOwn, caller));
                })
                .map(found -> found.orElseThrow(() -> IntakeProblem.of(HttpStatus.NOT_FOUND, "Not found",
                        "No OpenDSR request with this subject_request_id from your organisation.")));
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
                    ? SubmitRequest.Origin.processor(Channel.OPENDSR, caller, json.subjectRequestId().trim(), json.submittedTime())
                    : SubmitRequest.Origin.organisation(Channel.OPENDSR, caller);
        });
    }

    private static Submission submission(String caller, OpenDsrRequestJson json) {
        String email = null;
        Map<String, String> identifiers = new HashMap<>();
        for (OpenDsrRequestJson.Identity identity : json.identities()) {
            if ("email".equalsIgnoreCase(identity.identityType())) {
                email = identity.identityValue().trim();
            } else {
                identifiers.put(identity.identityType(), identity.identityValue());
            }
        }
        if (email == null || !email.contains("@")) {
            throw IntakeProblem.invalid(List.of(new FieldError("identities", "must include an identity of type email")));
        }
        RightType right = OpenDsrMapping.right(json.subjectRequestType());
        String name = json.extension("subject_name");
        return new Submission(right, new Subject(name != null ? name : "Not given (OpenDSR request)", email, null, null, identifiers),
                caller, json.extension("service_id"), null,
                new RightDetails(null, null, null, null, null, false, null, Arrays.asList()));
    }
}
