package dev.rightsflow.intake.submission.web;

import java.time.Instant;
import java.time.LocalDate;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.rightsflow.intake.submission.model.Receipt;
import io.swagger.v3.oas.annotations.media.Schema;

/** The 202 answer: the status token appears here once and is stored only hashed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Receipt")
public record ReceiptJson(String requestId, String statusToken, Instant receivedAt,
        @Schema(description = "The statutory deadline, one month from receipt (UK GDPR Art 12(3)); absent while the"
                + " clock waits for the identity information asked for (Art 12A), see deadlineNotStarted")
        LocalDate provisionalDeadline,
        String statusUrl, String verification, String verificationUrl, String duplicateOf,
        @Schema(description = "Set when the deadline rests on bank holidays gov.uk has not published yet: why it is provisional")
        String deadlineProvisionalReason,
        @Schema(description = "Set while the clock waits for identity: why no deadline is shown yet (Art 12A)")
        String deadlineNotStarted) {

    public static ReceiptJson of(Receipt r, String baseUrl) {
        return new ReceiptJson(r.requestId(), r.statusToken(), r.receivedAt(), r.statutoryDeadlineShown(),
                baseUrl + "/api/v1/requests/" + r.requestId(), r.verification().name(),
                r.verification() == dev.rightsflow.intake.request.model.Verification.EMAIL_CODE
                        ? baseUrl + "/api/v1/requests/" + r.requestId() + "/verification" : null,
                r.duplicateOf(), r.statutoryDeadlineShown() == null ? null : r.deadlineProvisionalReason(),
                r.deadlineNotStartedReason());
    }
}
