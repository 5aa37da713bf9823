package dev.rightsflow.intake.forwarded.web;

import dev.rightsflow.intake.shared.web.IntakeProblem;
import dev.rightsflow.intake.security.web.IntakeSecurity;
import dev.rightsflow.intake.shared.web.JsonBodies;
import dev.rightsflow.intake.submission.web.ReceiptJson;
import dev.rightsflow.intake.submission.web.RequestsApi;
import dev.rightsflow.intake.submission.web.SubmissionResults;

import java.net.URI;
import java.security.Principal;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import dev.rightsflow.intake.RequestIntakeProperties;
import dev.rightsflow.intake.submission.application.SubmitRequest;
import dev.rightsflow.intake.request.model.Channel;
import dev.rightsflow.intake.request.model.FieldError;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

/**
 * The processor-to-controller way in: a processor (MES for an NHS trust's membership site) hands
 * over a request it received (Art 28(3)(e)). Authenticated per organisation before the handler runs
 * ({@link IntakeSecurity}: the caller is the authenticated organisation); the deadline counts
 * from the processor's receipt, the earliest in the chain.
 */
@RestController
@Tag(name = "Processors", description = "Requests forwarded by processors to their controllers")
public class ForwardedRequestsApi {

    private final SubmitRequest submit;
    private final JsonBodies bodies;
    private final RequestIntakeProperties properties;

    public ForwardedRequestsApi(SubmitRequest submit, JsonBodies bodies, RequestIntakeProperties properties) {
        this.submit = submit;
        this.bodies = bodies;
        this.properties = properties;
    }

    @Operation(summary = "Forward a request to its controller",
            description = "Signed: X-Rightsflow-Organisation, X-Rightsflow-Timestamp (Unix seconds) and "
                    + "X-Rightsflow-Signature: v1=hex(HMAC-SHA256(secret, timestamp + '.' + raw body)); "
                    + "or Authorization: Bearer <key> for organisations set up for bearer keys.")
    @PostMapping(path = "/api/v1/forwarded-requests", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<ReceiptJson>> forward(ServerHttpRequest request, Principal caller,
            @Parameter(description = "Makes retries safe") @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        String key = RequestsApi.checkKey(idempotencyKey);
        return bodies.raw(request)
                .flatMap(raw -> Mono.just(caller.getName()).flatMap(processor -> {
                    ForwardedRequestJson json = bodies.parse(raw, ForwardedRequestJson.class);
                    if (!processor.equals(json.request().organisationId().trim())) {
                        throw IntakeProblem.invalid(List.of(new FieldError("request.organisationId",
                                "must be your own organisation id (" + processor + "), the organisation the subject asked")));
                    }
                    return submit.submit(json.request().toSubmission(), SubmitRequest.Origin.processor(Channel.PROCESSOR_API,
                            processor, json.reference(), json.receivedAt()), key);
                }))
                .map(SubmissionResults::receiptOrThrow)
                .map(receipt -> ResponseEntity.accepted()
                        .location(URI.create(properties.publicBaseUrl() + "/api/v1/requests/" + receipt.requestId()))
                        .body(ReceiptJson.of(receipt, properties.publicBaseUrl())));
    }
}
