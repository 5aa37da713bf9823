package dev.rightsflow.intake.submission.web;

import dev.rightsflow.intake.shared.web.IntakeProblem;
import dev.rightsflow.intake.shared.web.JsonBodies;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import dev.rightsflow.intake.RequestIntakeProperties;
import dev.rightsflow.intake.status.application.ReadStatus;
import dev.rightsflow.intake.registry.application.RegistryView;
import dev.rightsflow.intake.submission.application.SubmitRequest;
import dev.rightsflow.intake.verification.application.VerifyIdentity;
import dev.rightsflow.intake.withdrawal.application.WithdrawRequest;
import dev.rightsflow.intake.request.model.Channel;
import dev.rightsflow.intake.status.model.StatusReport;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import reactor.core.publisher.Mono;

/** The citizens' JSON API: submit a request, verify identity, read its status, list organisations. */
@RestController
@Tag(name = "Citizens", description = "Rights requests from data subjects")
public class RequestsApi {

    public static final String STATUS_TOKEN_HEADER = "X-Status-Token";

    private final SubmitRequest submit;
    private final VerifyIdentity verify;
    private final ReadStatus status;
    private final WithdrawRequest withdrawals;
    private final RegistryView registry;
    private final JsonBodies bodies;
    private final RequestIntakeProperties properties;

    public RequestsApi(SubmitRequest submit, VerifyIdentity verify, ReadStatus status, WithdrawRequest withdrawals,
            RegistryView registry, JsonBodies bodies, RequestIntakeProperties properties) {
        this.withdrawals = withdrawals;
        this.submit = submit;
        this.verify = verify;
        this.status = status;
        this.registry = registry;
        this.bodies = bodies;
        this.properties = properties;
    }

    @Operation(summary = "Make a rights request",
            description = "Answers 202 once the request is safely recorded, with a status token shown only this once. "
                    + "The same Idempotency-Key with the same body returns the first answer; with another body, 409.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = "application/json", schema = @Schema(implementation = RequestJson.class), examples = {
                    @ExampleObject(name = "access", value = Examples.ACCESS),
                    @ExampleObject(name = "rectification", value = Examples.RECTIFICATION),
                    @ExampleObject(name = "erasure", value = Examples.ERASURE),
                    @ExampleObject(name = "restriction", value = Examples.RESTRICTION),
                    @ExampleObject(name = "objection", value = Examples.OBJECTION),
                    @ExampleObject(name = "portability", value = Examples.PORTABILITY),
                    @ExampleObject(name = "consent_withdrawal", value = Examples.CONSENT_WITHDRAWAL)}))
    @PostMapping(path = "/api/v1/requests", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<ReceiptJson>> submit(ServerHttpRequest request,
            @Parameter(description = "Makes retries safe") @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        String key = checkKey(idempotencyKey);
        return bodies.read(request, RequestJson.class)
                .flatMap(parsed -> submit.submit(parsed.value().toSubmission(), SubmitRequest.Origin.citizen(Channel.API),
                        key))
                .map(SubmissionResults::receiptOrThrow)
                .map(receipt -> ResponseEntity.accepted()
                        .location(URI.create(properties.publicBaseUrl() + "/api/v1/requests/" + receipt.requestId()))
                        .body(ReceiptJson.of(receipt, properties.publicBaseUrl())));
    }

    @Operation(summary = "Where a request stands", description = "Needs the status token given at submission.")
    @GetMapping(path = "/api/v1/requests/{requestId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<StatusReport> status(@PathVariable String requestId,
            @RequestHeader(name = STATUS_TOKEN_HEADER, required = false) String token) {
        if (token == null || token.isBlank()) {
            return Mono.error(IntakeProblem.unauthorised("Send the status token in the " + STATUS_TOKEN_HEADER + " header."));
        }
        return status.read(requestId, token).map(found -> found.orElseThrow(() -> IntakeProblem.of(HttpStatus.NOT_FOUND,
                "Not found", "No request with this id and token.")));
    }

    @Operation(summary = "Withdraw a request",
            description = "The subject withdraws their own request while it is open; needs the status token in the "
                    + STATUS_TOKEN_HEADER + " header (never in the URL). 202 once recorded: the tasks not yet done are "
                    + "cancelled and the case closes as withdrawn; work already done (an erasure) is not undone. "
                    + "Repeating it answers the same. 401 without a token, 404 for an unknown request or wrong token, "
                    + "409 when the request is already closed or refused.")
    @PostMapping(path = "/api/v1/requests/{requestId}/withdrawal", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Map<String, Object>>> withdraw(@PathVariable String requestId,
            @RequestHeader(name = STATUS_TOKEN_HEADER, required = false) String token) {
        if (token == null || token.isBlank()) {
            return Mono.error(IntakeProblem.unauthorised("Send the status token in the " + STATUS_TOKEN_HEADER + " header."));
        }
        return withdrawals.bySubject(requestId, token).map(outcome -> switch (outcome.result()) {
            case NOT_FOUND -> throw IntakeProblem.of(HttpStatus.NOT_FOUND, "Not found", "No request with this id and token.");
            case CLOSED -> throw IntakeProblem.of(HttpStatus.CONFLICT, "Request already closed",
                    "This request is already " + outcome.before().orElseThrow().state().toLowerCase(java.util.Locale.ROOT)
                            + ", so it can no longer be withdrawn.");
            case WITHDRAWN -> ResponseEntity.accepted().body(Map.<String, Object>of("requestId", requestId,
                    "state", StatusReport.WITHDRAWN,
                    "stateWords", "Withdrawn. Nothing more will be done with your request; work already done is not undone.",
                    "statusUrl", properties.publicBaseUrl() + "/api/v1/requests/" + requestId));
        });
    }

    /** The code the subject received by email. */
    public record CodeJson(@NotBlank(message = "Enter the six-digit code we emailed you") @Pattern(regexp = "\\s*\\d{6}\\s*", message = "must be the six digits we emailed you") String code) {
    }

    @Operation(summary = "Confirm identity with the emailed code",
            description = "Needs the status token: without a valid one, 401 or 404 and no attempt is counted. "
                    + "The clock starts at the moment of verification (UK GDPR Art 12A).")
    @PostMapping(path = "/api/v1/requests/{requestId}/verification", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> verify(@PathVariable String requestId, ServerHttpRequest request,
            @RequestHeader(name = STATUS_TOKEN_HEADER, required = false) String token) {
        if (token == null || token.isBlank()) {
            return Mono.error(IntakeProblem.unauthorised("Send the status token in the " + STATUS_TOKEN_HEADER + " header."));
        }
        return bodies.read(request, CodeJson.class)
                .flatMap(parsed -> verify.verify(requestId, token, parsed.value().code()))
                .map(VerificationResults::toJsonOrThrow);
    }

    @Operation(summary = "Send a new identity code", description = "Needs the status token; a few per hour at most.")
    @PostMapping(path = "/api/v1/requests/{requestId}/verification/resend", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> resend(@PathVariable String requestId,
            @RequestHeader(name = STATUS_TOKEN_HEADER, required = false) String token) {
        return verify.resend(requestId, token).map(VerificationResults::toJsonOrThrow);
    }

    /** An organisation as forms offer it. */
    public record OrganisationJson(String id, String name, String division, List<String> rights,
            Map<String, String> verification, List<ServiceJson> services,
            @Schema(description = "The purposes it asks consent for: a consent withdrawal names their ids in"
                    + " details.consentPurposes (UK GDPR Art 7(3)); one in the subject's own words goes in"
                    + " details.description instead") List<ConsentPurposeJson> consentPurposes) {
    }

    /** A consent purpose: the id a withdrawal names, the purpose in plain words, what is done under it. */
    public record ConsentPurposeJson(String id, String name, String description) {
    }

    /** @param relationships the relationship values the service accepts (empty: it does not tell subjects apart) */
    public record ServiceJson(String id, String name, String controllerId, List<RelationshipJson> relationships) {
    }

    /** A relationship value a service accepts, in the registry's spelling, its words, and its controller. */
    public record RelationshipJson(String value, String words, String controllerId) {
    }

    @Operation(summary = "Organisations and services requests can be addressed to")
    @GetMapping(path = "/api/v1/organisations", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<List<OrganisationJson>> organisations() {
        return registry.all().map(all -> all.stream().map(o -> new OrganisationJson(o.id(), o.name(),
                o.division() == null ? null : o.division().name(),
                o.rights().keySet().stream().sorted().map(r -> r.name()).toList(),
                o.rights().entrySet().stream().collect(java.util.stream.Collectors.toMap(e -> e.getKey().name(),
                        e -> e.getValue().name(), (a, b) -> a, java.util.TreeMap::new)),
                o.services().stream().map(s -> new ServiceJson(s.id(), s.name(), s.controllerId(), s.relationships().stream()
                        .map(r -> new RelationshipJson(r.value(), r.words(all.stream().filter(c -> c.id().equals(r.controllerId()))
                                .map(dev.rightsflow.intake.registry.model.Organisation::name).findFirst().orElse(null)), r.controllerId()))
                        .toList())).toList(),
                o.consentPurposes().stream().map(p -> new ConsentPurposeJson(p.id(), p.name(), p.description()))
                        .toList())).toList());
    }

    public static String checkKey(String key) {
        if (key == null) {
            return null;
        }
        if (key.isBlank() || key.length() > 200) {
            throw IntakeProblem.invalid(List.of(new dev.rightsflow.intake.request.model.FieldError("Idempotency-Key",
                    "must be 1 to 200 characters")));
        }
        return key.trim();
    }
}
