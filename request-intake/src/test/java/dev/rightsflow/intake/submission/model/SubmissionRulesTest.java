package dev.rightsflow.intake.submission.model;

import dev.rightsflow.intake.request.model.FieldError;
import dev.rightsflow.intake.registry.model.Organisation;
import dev.rightsflow.intake.registry.model.ProcessorAuthMethod;
import dev.rightsflow.intake.request.model.RightDetails;
import dev.rightsflow.intake.request.model.RightType;
import dev.rightsflow.intake.registry.model.Service;
import dev.rightsflow.intake.request.model.Subject;
import dev.rightsflow.intake.request.model.Submission;
import dev.rightsflow.intake.request.model.Verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.rightsflow.deadline.UkDivision;

class SubmissionRulesTest {

    final Organisation mes = new Organisation("mes", "MES", 1, UkDivision.ENGLAND_AND_WALES,
            List.of(new Service("northshire-membership", "Northshire membership site", "northshire-nhs-ft", List.of("mes")), new Service("mes-corporate-website", "MES corporate website", "mes", List.of())),
            Map.of(RightType.ERASURE, Verification.NONE), ProcessorAuthMethod.HMAC, List.of());
    final Organisation trust = new Organisation("northshire-nhs-ft", "Northshire Hospitals NHS FT", 1, UkDivision.ENGLAND_AND_WALES, List.of(),
            Map.of(RightType.ERASURE, Verification.NONE, RightType.ACCESS, Verification.EMAIL_CODE), ProcessorAuthMethod.NONE, List.of());
    final Map<String, Organisation> registry = Map.of("mes", mes, "northshire-nhs-ft", trust);

    Submission submission(RightType right, String org, String service, RightDetails details) {
        return new Submission(right, new Subject("Alex", "alex@example.org", null, null, Map.of()), org, service, null, details);
    }

    @Test
    void rightTheOrganisationDoesNotOfferIsRejectedNamingWhatItOffers() {
        Admission admission = SubmissionRules.admit(submission(RightType.ACCESS, "mes", null, RightDetails.none()),
                id -> Optional.ofNullable(registry.get(id)));
        assertThat(admission).isInstanceOf(Admission.Rejected.class);
        assertThat(((Admission.Rejected) admission).errors().get(0).message()).contains("accepts erasure");
    }

    @Test
    void forwardedRequestIsAddressedToTheServicesControllerWithItsVerification() {
        Admission admission = SubmissionRules.admitForwarded(submission(RightType.ACCESS, "mes", "northshire-membership", RightDetails.none()),
                "mes", id -> Optional.ofNullable(registry.get(id)));
        assertThat(admission).isInstanceOf(Admission.Admitted.class);
        assertThat(((Admission.Admitted) admission).organisation().id()).isEqualTo("northshire-nhs-ft");
        assertThat(((Admission.Admitted) admission).verification()).isEqualTo(Verification.EMAIL_CODE);
    }

    @Test
    void controllerCannotForwardItsOwnServicesRequests() {
        Admission admission = SubmissionRules.admitForwarded(submission(RightType.ERASURE, "mes", "mes-corporate-website", RightDetails.none()),
                "mes", id -> Optional.ofNullable(registry.get(id)));
        assertThat(admission).isInstanceOf(Admission.Rejected.class);
    }

    @Test
    void objectionNeedsTheProcessingUnlessItIsDirectMarketing() {
        RightDetails none = RightDetails.none();
        RightDetails marketing = new RightDetails(null, null, null, null, null, true, null, List.of());
        assertThat(SubmissionRules.rightSpecific(RightType.OBJECTION, none)).extracting(FieldError::field)
                .containsExactly("details.objectionProcessing");
        assertThat(SubmissionRules.rightSpecific(RightType.OBJECTION, marketing)).isEmpty();
        assertThat(SubmissionRules.rightSpecific(RightType.RESTRICTION, none)).extracting(FieldError::field)
                .containsExactly("details.restrictionGround");
        assertThat(SubmissionRules.rightSpecific(RightType.CONSENT_WITHDRAWAL, none))
                .as("a withdrawal naming no purpose is a withdrawal all the same: staff map it (Art 7(3))").isEmpty();
        RightDetails blankPurpose = new RightDetails(null, null, null, null, null, false, null, List.of(" "));
        assertThat(SubmissionRules.rightSpecific(RightType.CONSENT_WITHDRAWAL, blankPurpose))
                .extracting(FieldError::field).containsExactly("details.consentPurposes");
    }
}
