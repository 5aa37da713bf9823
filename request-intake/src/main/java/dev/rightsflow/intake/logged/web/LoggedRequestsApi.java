package dev.rightsflow.intake.logged.web;

import dev.rightsflow.intake.shared.web.IntakeProblem;
import dev.rightsflow.intake.security.web.IntakeSecurity;
import dev.rightsflow.intake.shared.web.JsonBodies;
import dev.rightsflow.intake.submission.web.ReceiptJson;
import dev.rightsflow.intake.submission.web.RequestsApi;
import dev.rightsflow.intake.submission.web.SubmissionResults;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.LocalDate;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
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
import dev.rightsflow.intake.logged.application.LogRequest;
import dev.rightsflow.intake.logged.application.OriginalStore;
import dev.rightsflow.schemas.security.StaffAccounts;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

/**
 * The staff API for requests that reached an organisation outside the platform: its staff log a letter, an email,
 * a phone call or a visit, with the day it arrived and the original, and download the original again. Signed in
 * staff only ({@link IntakeSecurity#intakeStaffSecurityFilterChain}); a member of staff logs and reads for their own
 * organisation, a platform administrator for any.
 */
@RestController
@Tag(name = "Staff", description = "Requests received by letter, email, phone or in person, logged by staff")
public class LoggedRequestsApi {

    public static final String PATH = "/api/v1/logged-requests";

    /** The 202 answer: the receipt, and what staff logged. */
    @Schema(name = "LoggedReceipt")
    public record LoggedReceiptJson(ReceiptJson receipt, String channel, LocalDate receivedOn, String loggedBy,
            @Schema(description = "Whether the attached original was stored (false when none was attached)")
            boolean originalKept, String originalUrl) {
    }

    private final LogRequest logRequest;
    private final OriginalStore originals;
    private final JsonBodies bodies;
    private final StaffAccounts staff;
    private final RequestIntakeProperties properties;

    public LoggedRequestsApi(LogRequest logRequest, OriginalStore originals, JsonBodies bodies,
            @org.springframework.beans.factory.annotation.Qualifier("intakeStaffAccounts") StaffAccounts intakeStaffAccounts,
            RequestIntakeProperties properties) {
        this.logRequest = logRequest;
        this.originals = originals;
        this.bodies = bodies;
        this.staff = intakeStaffAccounts;
        this.properties = properties;
    }

    @Operation(summary = "Log a request received by letter, email, phone or in person",
            description = "Staff of the organisation (HTTP Basic with a dashboard user, or the dashboard's session)."
                    + " The statutory deadline counts from receivedOn (ICO method). JSON with the original base64-encoded"
                    + " (PDF, JPEG, PNG, TIFF or .eml; at most rightsflow.intake.logged-original-max-size, 5 MB)."
                    + " 422 bad fields (a future day, a channel that is not offline, a wrong file type), 403 another"
                    + " organisation, 413 too large; nothing is written on a refusal.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = LoggedRequestJson.class))),
            responses = {
                    @ApiResponse(responseCode = "202", description = "Logged", content = @Content(
                            schema = @Schema(implementation = LoggedReceiptJson.class))),
                    @ApiResponse(responseCode = "401", description = "Not signed in", content = @Content(
                            mediaType = "application/problem+json")),
                    @ApiResponse(responseCode = "403", description = "Another organisation's request", content = @Content(
                            mediaType = "application/problem+json")),
                    @ApiResponse(responseCode = "413", description = "The original is too large", content = @Content(
                            mediaType = "application/problem+json")),
                    @ApiResponse(responseCode = "422", description = "Bad fields: errors[{field, message}]", content = @Content(
                            mediaType = "application/problem+json"))})
    @PostMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<LoggedReceiptJson>> log(ServerHttpRequest request, Principal caller,
            @Parameter(description = "Makes retries safe") @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        String key = RequestsApi.checkKey(idempotencyKey);
        LogRequest.Staff who = staffOf(caller);
        // base64 is 4/3 of the file, plus the request's own fields
        long limit = logRequest.maxOriginalBytes() * 4 / 3 + 8 + properties.maxBodySize().toBytes();
        return bodies.raw(request, limit)
                .map(raw -> bodies.parse(raw, LoggedRequestJson.class))
                .flatMap(json -> logRequest.log(who, json.parsedChannel(), json.receivedOn(), json.request().toSubmission(),
                                json.originalFile(), key)
                        .map(outcome -> answer(outcome, json, who)));
    }

    private ResponseEntity<LoggedReceiptJson> answer(LogRequest.Outcome outcome, LoggedRequestJson json, LogRequest.Staff who) {
        if (outcome instanceof LogRequest.Outcome.NotYourOrganisation) {
            throw IntakeProblem.of(HttpStatus.FORBIDDEN, "Not your organisation",
                    "You may log requests only for your own organisation (" + who.organisationId() + ").");
        }
        if (outcome instanceof LogRequest.Outcome.Refused refused) {
            throw IntakeProblem.invalid(refused.errors());
        }
        LogRequest.Outcome.Submitted submitted = (LogRequest.Outcome.Submitted) outcome;
        var receipt = SubmissionResults.receiptOrThrow(submitted.result());
        String base = properties.publicBaseUrl();
        return ResponseEntity.accepted()
                .location(URI.create(base + "/api/v1/requests/" + receipt.requestId()))
                .body(new LoggedReceiptJson(ReceiptJson.of(receipt, base), json.parsedChannel().name().toLowerCase(),
                        json.receivedOn(), who.username(), submitted.originalKept(),
                        submitted.originalKept() ? base + PATH + "/" + receipt.requestId() + "/original" : null));
    }

    @Operation(summary = "Download the original of a logged request (the scanned letter, the email)",
            description = "Staff of the request's organisation or a platform administrator; 404 otherwise, and once"
                    + " the request's personal data has been erased.")
    @GetMapping(path = PATH + "/{requestId}/original")
    public Mono<ResponseEntity<byte[]>> original(@PathVariable String requestId, Principal caller) {
        LogRequest.Staff who = staffOf(caller);
        return originals.find(requestId)
                .filter(o -> who.admin() || who.organisationId().equals(o.organisationId()))
                .map(o -> ResponseEntity.ok()
                        .contentType(MediaType.parseMediaType(o.file().contentType()))
                        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                                .filename(o.file().fileName(), StandardCharsets.UTF_8).build().toString())
                        .body(o.file().content()))
                .switchIfEmpty(Mono.error(() -> IntakeProblem.of(HttpStatus.NOT_FOUND, "No original",
                        "There is no original of this request that you may see.")));
    }

    private LogRequest.Staff staffOf(Principal caller) {
        var account = staff.find(caller.getName()).orElseThrow(() -> IntakeProblem.of(HttpStatus.FORBIDDEN,
                "Not staff", "Only staff of an organisation may log requests."));
        return new LogRequest.Staff(account.username(), account.admin() ? null : account.organisationId());
    }
}
