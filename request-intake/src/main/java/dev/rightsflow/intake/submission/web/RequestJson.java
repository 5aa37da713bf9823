package dev.rightsflow.intake.submission.web;

import dev.rightsflow.intake.shared.web.JsonBodies;

import java.util.List;
import java.util.Map;

import dev.rightsflow.intake.request.model.RestrictionGround;
import dev.rightsflow.intake.request.model.RightDetails;
import dev.rightsflow.intake.registry.model.Relationship;
import dev.rightsflow.intake.request.model.RightType;
import dev.rightsflow.intake.request.model.Subject;
import dev.rightsflow.intake.request.model.Submission;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A rights request as JSON, for {@code POST /api/v1/requests} (and inside a forwarded request).
 * Field rules that depend on the right (rectification needs what is wrong and the correction, and
 * so on) are the model's {@code SubmissionRules}.
 */
@Schema(name = "RightsRequest", description = "A data-subject rights request (UK GDPR Arts 15-21, 7(3)).")
public record RequestJson(
        @Schema(description = "access, rectification, erasure, restriction, objection, portability or consent_withdrawal",
                example = "erasure")
        @NotBlank(message = "Choose what you want us to do with your data")
        @Pattern(regexp = "(?i)(access|rectification|erasure|restriction|objection|portability|consent[_-]withdrawal)?",
                message = "must be one of access, rectification, erasure, restriction, objection, portability, consent_withdrawal")
        String right,
        @NotNull @Valid SubjectJson subject,
        @Schema(description = "Registry id of the organisation addressed (GET /api/v1/organisations)", example = "mes")
        @NotBlank(message = "Choose the organisation you are asking") @Size(max = 100) String organisationId,
        @Schema(description = "Registry id of the service or site concerned, optional", example = "northshire-membership")
        @Size(max = 100) String serviceId,
        @Schema(description = "The subject's relationship to the service, optional: one of the values the service lists at "
                + "GET /api/v1/organisations (services[].relationships[].value), in the registry's spelling, e.g. public-account, "
                + "individual-subscriber, partner-member:camden for rip-website. Case does not matter, and the older spelling "
                + "(PUBLIC_ACCOUNT, PARTNER_MEMBER:camden) is accepted as the same value.", example = "public-account")
        @Size(max = 200) String relationship,
        @Valid DetailsJson details) implements JsonBodies.WithRules {

    public record SubjectJson(
            @Schema(example = "Alex Example") @NotBlank(message = "Enter your full name")
            @Size(max = 200, message = "Your full name must be 200 characters or fewer") String name,
            @Schema(example = "alex@example.org") @NotBlank(message = "Enter your email address")
            @Email(message = "Enter an email address in the correct format, like name@example.com")
            @Size(max = 320, message = "Your email address must be 320 characters or fewer") String email,
            @Size(max = 40, message = "Your phone number must be 40 characters or fewer") String phone,
            @Size(max = 500, message = "Your postal address must be 500 characters or fewer") String postalAddress,
            @Schema(description = "Identifiers the organisation knows you by", example = "{\"membershipNumber\": \"M-1001\"}")
            @Size(max = 10) Map<@NotBlank @Size(max = 50) String, @NotBlank @Size(max = 100) String> identifiers) {
    }

    public record DetailsJson(
            @Schema(description = "Free text from the subject; for a consent withdrawal, what they withdraw consent"
                    + " for in their own words when no purpose id fits (staff map it to the organisation's purposes)")
            @Size(max = 5000, message = "What else we should know must be 5,000 characters or fewer") String description,
            @Size(max = 2000, message = "What is wrong must be 2,000 characters or fewer") String rectificationWhatIsWrong,
            @Size(max = 2000, message = "What it should be must be 2,000 characters or fewer") String rectificationCorrection,
            @Schema(description = "ACCURACY_CONTESTED, UNLAWFUL_PROCESSING, LEGAL_CLAIMS or OBJECTION_PENDING")
            @Pattern(regexp = "ACCURACY_CONTESTED|UNLAWFUL_PROCESSING|LEGAL_CLAIMS|OBJECTION_PENDING",
                    message = "must be ACCURACY_CONTESTED, UNLAWFUL_PROCESSING, LEGAL_CLAIMS or OBJECTION_PENDING")
            String restrictionGround,
            @Size(max = 2000, message = "What you object to must be 2,000 characters or fewer") String objectionProcessing,
            Boolean objectionDirectMarketing,
            @Size(max = 200, message = "The organisation to send it to must be 200 characters or fewer")
            String portabilityTargetController,
            @Schema(description = "For a consent withdrawal: ids of the organisation's consent purposes withdrawn"
                    + " (GET /api/v1/organisations lists them); an id it does not list is refused (422)")
            @Size(max = 20) List<@NotBlank @Size(max = 200) String> consentPurposes) {
    }

    /** What the right needs beyond the shape of the fields (Arts 16, 18, 21, 7(3)). */
    @Override
    public List<dev.rightsflow.intake.request.model.FieldError> ruleErrors() {
        RightType parsed = RightType.parse(right);
        return parsed == null ? List.of() : dev.rightsflow.intake.submission.model.SubmissionRules.rightSpecific(parsed, detailsOrNone());
    }

    /** The details as the model has them; an invalid restriction ground reads as none. */
    public RightDetails detailsOrNone() {
        DetailsJson d = details == null ? new DetailsJson(null, null, null, null, null, null, null, null) : details;
        RestrictionGround ground = null;
        if (d.restrictionGround() != null) {
            try {
                ground = RestrictionGround.valueOf(d.restrictionGround());
            } catch (IllegalArgumentException e) {
                ground = null;
            }
        }
        return new RightDetails(blankToNull(d.description()), blankToNull(d.rectificationWhatIsWrong()),
                blankToNull(d.rectificationCorrection()), ground, blankToNull(d.objectionProcessing()),
                Boolean.TRUE.equals(d.objectionDirectMarketing()), blankToNull(d.portabilityTargetController()),
                d.consentPurposes());
    }

    public Submission toSubmission() {
        return new Submission(RightType.parse(right),
                new Subject(subject.name().trim(), subject.email().trim(), blankToNull(subject.phone()),
                        blankToNull(subject.postalAddress()), subject.identifiers()),
                organisationId.trim(), blankToNull(serviceId), Relationship.canonical(relationship), detailsOrNone());
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
