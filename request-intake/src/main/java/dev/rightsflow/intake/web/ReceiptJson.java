package dev.rightsflow.intake.web;

import java.time.Instant;
import java.time.LocalDate;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.rightsflow.intake.model.Receipt;
import io.swagger.v3.oas.annotations.media.Schema;

/** The 202 answer: the status token appears here once and is stored only hashed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Receipt")
public record ReceiptJson(String requestId, String statusToken, Instant receivedAt, LocalDate provisionalDeadline,
        String statusUrl, String verification, String verificationUrl, String duplicateOf,
        @Schema(description = "Set when the deadline rests on bank holidays gov.uk has not published yet: why it is provisional")
        String deadlineProvisionalReason) {

    static ReceiptJson of(Receipt r, String baseUrl) {
        return new ReceiptJson(r.requestId(), r.statusToken(), r.receivedAt(), r.provisionalDeadline(),
                baseUrl + "/api/v1/requests/" + r.requestId(), r.verification().name(),
                r.verification() == dev.rightsflow.intake.model.Verification.EMAIL_CODE
                        ? baseUrl + "/api/v1/requests/" + r.requestId() + "/verification" : null,
                r.duplicateOf(), r.deadlineProvisionalReason());
    }
}
