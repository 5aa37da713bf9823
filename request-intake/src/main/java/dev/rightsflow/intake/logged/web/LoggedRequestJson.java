package dev.rightsflow.intake.logged.web;

import dev.rightsflow.intake.shared.web.IntakeProblem;
import dev.rightsflow.intake.shared.web.JsonBodies;
import dev.rightsflow.intake.submission.web.RequestJson;

import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import dev.rightsflow.intake.request.model.Channel;
import dev.rightsflow.intake.request.model.FieldError;
import dev.rightsflow.intake.logged.model.OriginalFile;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A request that reached the organisation outside the platform, as its staff log it on
 * {@code POST /api/v1/logged-requests}: how it came, the day it came, the request itself and the original.
 */
@Schema(name = "LoggedRequest", description = "A request received by letter, email, phone or in person, logged by staff")
public record LoggedRequestJson(
        @Schema(description = "How the request reached the organisation: email, letter, phone or in_person", example = "letter")
        @NotBlank @Pattern(regexp = "(?i)email|letter|phone|in[_-]person",
                message = "must be one of email, letter, phone, in_person") String channel,
        @Schema(description = "The day the organisation received it (UK date, not in the future); the statutory clock"
                + " counts from this day", example = "2026-11-20") @NotNull LocalDate receivedOn,
        @NotNull @Valid RequestJson request,
        @Schema(description = "The original as received: a scanned letter or the email; none for a phone call or a visit")
        @Valid OriginalJson original) implements JsonBodies.WithRules {

    /** The file, base64-encoded in the JSON body. */
    @Schema(name = "LoggedRequestOriginal")
    public record OriginalJson(
            @Schema(example = "letter-2026-11-20.pdf") @NotBlank @Size(max = 200) String fileName,
            @Schema(description = "application/pdf, image/jpeg, image/png, image/tiff or message/rfc822 (.eml)",
                    example = "application/pdf") @NotBlank @Size(max = 100) String contentType,
            @Schema(description = "The file's bytes, base64 (RFC 4648)", example = "JVBERi0xLjQK...") @NotBlank String contentBase64) {
    }

    @Override
    public List<FieldError> ruleErrors() {
        List<FieldError> errors = new java.util.ArrayList<>();
        if (request != null) {
            request.ruleErrors().forEach(e -> errors.add(new FieldError("request." + e.field(), e.message())));
        }
        if (original != null && original.contentBase64() != null && decode(original.contentBase64()) == null) {
            errors.add(new FieldError("original.contentBase64", "is not base64"));
        }
        return errors;
    }

    Channel parsedChannel() {
        return Channel.valueOf(channel.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** The original, decoded; null when none was attached. */
    OriginalFile originalFile() {
        if (original == null) {
            return null;
        }
        byte[] content = decode(original.contentBase64());
        if (content == null) {
            throw IntakeProblem.invalid(List.of(new FieldError("original.contentBase64", "is not base64")));
        }
        return new OriginalFile(original.fileName(), original.contentType(), content);
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
