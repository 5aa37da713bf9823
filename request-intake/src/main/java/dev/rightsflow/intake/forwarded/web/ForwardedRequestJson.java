package dev.rightsflow.intake.forwarded.web;

import dev.rightsflow.intake.shared.web.JsonBodies;
import dev.rightsflow.intake.submission.web.RequestJson;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A request a processor hands to its controller: the request as the subject made it, with the
 * processor's own reference and receipt time (the deadline counts from the earliest receipt).
 */
@Schema(name = "ForwardedRequest")
public record ForwardedRequestJson(
        @Schema(description = "The processor's own reference", example = "MES-2026-0042") @NotBlank @Size(max = 100) String reference,
        @Schema(description = "When the processor received the request", example = "2026-09-01T09:30:00Z") @NotNull Instant receivedAt,
        @NotNull @Valid RequestJson request) implements JsonBodies.WithRules {

    @Override
    public java.util.List<dev.rightsflow.intake.request.model.FieldError> ruleErrors() {
        return request == null ? java.util.List.of() : request.ruleErrors().stream()
                .map(e -> new dev.rightsflow.intake.request.model.FieldError("request." + e.field(), e.message())).toList();
    }
}
