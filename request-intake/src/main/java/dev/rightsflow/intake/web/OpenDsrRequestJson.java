package dev.rightsflow.intake.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * An OpenDSR 1.0 request ({@code POST /opendsr/requests}). Rightsflow's additions travel in
 * {@code extensions.rightsflow}: {@code subject_name}, {@code service_id}.
 */
@Schema(name = "OpenDsrRequest")
public record OpenDsrRequestJson(
        @JsonProperty("subject_request_id") @NotBlank @Size(max = 100) String subjectRequestId,
        @JsonProperty("subject_request_type") @NotBlank
        @Pattern(regexp = "erasure|access|portability", message = "must be erasure, access or portability") String subjectRequestType,
        @JsonProperty("submitted_time") @NotNull Instant submittedTime,
        @JsonProperty("api_version") @Size(max = 10) String apiVersion,
        @NotEmpty @Size(max = 10) List<@Valid @NotNull Identity> identities,
        @JsonProperty("status_callback_urls") @Size(max = 5)
        List<@NotBlank @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL") String> statusCallbackUrls,
        Map<String, Map<String, String>> extensions) {

    public record Identity(
            @JsonProperty("identity_type") @NotBlank @Size(max = 50) String identityType,
            @JsonProperty("identity_value") @NotBlank @Size(max = 320) String identityValue,
            @JsonProperty("identity_format") @Size(max = 20) String identityFormat) {
    }

    String extension(String key) {
        if (extensions == null || extensions.get("rightsflow") == null) {
            return null;
        }
        return RequestJson.blankToNull(extensions.get("rightsflow").get(key));
    }
}
