package dev.rightsflow.schemas.opendsr;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The OpenDSR 2.0 bodies, field by field, in the order the specification lists them. Times are
 * RFC 3339 strings as sent; {@link OpenDsrCodec} checks them. Absent optional fields are left out
 * of what is written ({@code NON_NULL}).
 */
public final class Messages {

    private Messages() {
    }

    /** §5.3 Identity object. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Identity(
            @JsonProperty("identity_type") String identityType,
            @JsonProperty("identity_value") String identityValue,
            @JsonProperty("identity_format") String identityFormat) {
    }

    /** §6.3 an {@code identity_type}/{@code identity_format} pair of discovery. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SupportedIdentity(
            @JsonProperty("identity_type") String identityType,
            @JsonProperty("identity_format") String identityFormat) {
    }

    /** §6.3 discovery response. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Discovery(
            @JsonProperty("api_version") String apiVersion,
            @JsonProperty("supported_identities") List<SupportedIdentity> supportedIdentities,
            @JsonProperty("supported_subject_request_types") List<String> supportedSubjectRequestTypes,
            @JsonProperty("processor_certificate") String processorCertificate) {
    }

    /** §7.1.1 request. {@code extensions} is keyed by processor domain (§7.1.2). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Request(
            @JsonProperty("regulation") String regulation,
            @JsonProperty("subject_request_id") String subjectRequestId,
            @JsonProperty("subject_request_type") String subjectRequestType,
            @JsonProperty("subject_identities") List<Identity> subjectIdentities,
            @JsonProperty("submitted_time") String submittedTime,
            @JsonProperty("api_version") String apiVersion,
            @JsonProperty("status_callback_urls") List<String> statusCallbackUrls,
            @JsonProperty("extensions") Map<String, Map<String, Object>> extensions) {

        /** The extension object for one processor domain, or an empty map. */
        public Map<String, Object> extension(String domain) {
            if (extensions == null || domain == null || extensions.get(domain) == null) {
                return Map.of();
            }
            return extensions.get(domain);
        }
    }

    /**
     * §7.3 response to a well-formed request (201). {@code processor_signature} signs the body
     * without itself (see {@link OpenDsrCodec#signedReceipt}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Receipt(
            @JsonProperty("controller_id") String controllerId,
            @JsonProperty("expected_completion_time") String expectedCompletionTime,
            @JsonProperty("received_time") String receivedTime,
            @JsonProperty("encoded_request") String encodedRequest,
            @JsonProperty("subject_request_id") String subjectRequestId,
            @JsonProperty("processor_signature") String processorSignature) {

        public Receipt withSignature(String signature) {
            return new Receipt(controllerId, expectedCompletionTime, receivedTime, encodedRequest, subjectRequestId, signature);
        }
    }

    /** §8.3 status response. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Status(
            @JsonProperty("controller_id") String controllerId,
            @JsonProperty("expected_completion_time") String expectedCompletionTime,
            @JsonProperty("subject_request_id") String subjectRequestId,
            @JsonProperty("request_status") String requestStatus,
            @JsonProperty("api_version") String apiVersion,
            @JsonProperty("results_url") String resultsUrl,
            @JsonProperty("results_count") Integer resultsCount) {
    }

    /** §8.6 callback body: the status with the one {@code status_callback_url} it is sent to. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Callback(
            @JsonProperty("controller_id") String controllerId,
            @JsonProperty("expected_completion_time") String expectedCompletionTime,
            @JsonProperty("status_callback_url") String statusCallbackUrl,
            @JsonProperty("subject_request_id") String subjectRequestId,
            @JsonProperty("request_status") String requestStatus,
            @JsonProperty("results_url") String resultsUrl,
            @JsonProperty("results_count") Integer resultsCount) {

        public static Callback of(Status status, String url) {
            return new Callback(status.controllerId(), status.expectedCompletionTime(), url, status.subjectRequestId(),
                    status.requestStatus(), status.resultsUrl(), status.resultsCount());
        }
    }

    /** §9.2 cancellation response (202). {@code processor_signature} as in {@link Receipt}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CancellationReceipt(
            @JsonProperty("controller_id") String controllerId,
            @JsonProperty("received_time") String receivedTime,
            @JsonProperty("subject_request_id") String subjectRequestId,
            @JsonProperty("processor_signature") String processorSignature,
            @JsonProperty("api_version") String apiVersion) {

        public CancellationReceipt withSignature(String signature) {
            return new CancellationReceipt(controllerId, receivedTime, subjectRequestId, signature, apiVersion);
        }
    }

    /** §7.5 error response: {@code {"error": {...}}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ErrorResponse(@JsonProperty("error") Error error) {

        public static ErrorResponse of(int code, String message, List<ErrorDetail> errors) {
            return new ErrorResponse(new Error(code, message, errors == null || errors.isEmpty() ? null : List.copyOf(errors)));
        }
    }

    /** §7.6 error object. Never carries identities or credentials. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Error(
            @JsonProperty("code") Integer code,
            @JsonProperty("message") String message,
            @JsonProperty("errors") List<ErrorDetail> errors) {
    }

    /** §7.6 error detail: {@code domain}, {@code reason}, {@code message}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ErrorDetail(
            @JsonProperty("domain") String domain,
            @JsonProperty("reason") String reason,
            @JsonProperty("message") String message) {

        public static ErrorDetail validation(String message) {
            return new ErrorDetail("Validation", "IllegalArgumentException", message);
        }
    }
}
