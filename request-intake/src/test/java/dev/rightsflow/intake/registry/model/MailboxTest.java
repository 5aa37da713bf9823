package dev.rightsflow.intake.registry.model;

import dev.rightsflow.intake.submission.model.Admission;
import dev.rightsflow.intake.request.model.RightDetails;
import dev.rightsflow.intake.request.model.RightType;
import dev.rightsflow.intake.request.model.Subject;
import dev.rightsflow.intake.request.model.Submission;
import dev.rightsflow.intake.submission.model.SubmissionRules;
import dev.rightsflow.intake.request.model.Verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.rightsflow.deadline.UkDivision;

/** The subject-line conventions of an inbound mailbox, and how a mailed request is admitted. */
class MailboxTest {

    final Mailbox meGroup = new Mailbox("enquiry@25megroup.org", "imap.example.org", 993, true, "enquiry", null,
            "ME_GROUP_MAILBOX_PASSWORD", List.of(new Mailbox.SubjectConvention("Data protection request", null),
                    new Mailbox.SubjectConvention("Consent withdrawal", RightType.CONSENT_WITHDRAWAL)));

    @Test
    void theSubjectLineConventionNamesTheRightWhateverTheCaseSpacingOrReplyPrefix() {
        assertThat(meGroup.rightFor("Consent withdrawal")).contains(RightType.CONSENT_WITHDRAWAL);
        assertThat(meGroup.rightFor("RE:  consent   WITHDRAWAL - contact list")).contains(RightType.CONSENT_WITHDRAWAL);
        assertThat(meGroup.folder()).isEqualTo("INBOX");
    }

    @Test
    void aConventionWithoutARightAndASubjectMatchingNoConventionBothLeaveTheRightToTriage() {
        assertThat(meGroup.rightFor("Data protection request")).isEmpty();
        assertThat(meGroup.rightFor("Hello")).isEmpty();
        assertThat(meGroup.rightFor(null)).isEmpty();
    }

    @Test
    void theLongestMatchingPhraseWins() {
        Mailbox box = new Mailbox("a@example.org", "h", 143, false, "u", "INBOX", "S", List.of(
                new Mailbox.SubjectConvention("request", null),
                new Mailbox.SubjectConvention("erasure request", RightType.ERASURE)));
        assertThat(box.rightFor("Erasure request for my account")).contains(RightType.ERASURE);
    }

    @Test
    void aMailedRequestNeedsNoFormFieldsAndAnUnknownRightIsVerifiedAsStrictlyAsAnyRightOfTheOrganisation() {
        Map<RightType, Verification> rights = new EnumMap<>(RightType.class);
        for (RightType right : RightType.values()) {
            rights.put(right, Verification.NONE);
        }
        rights.put(RightType.ACCESS, Verification.EMAIL_CODE);
        Organisation org = new Organisation("me-group-25", "25% M.E. Group", 1, UkDivision.SCOTLAND, List.of(), rights,
                ProcessorAuthMethod.NONE, List.of(), meGroup);
        Subject sender = new Subject("Morag", "morag@example.org", null, null, Map.of());

        Admission withdrawal = SubmissionRules.admitMailed(new Submission(RightType.CONSENT_WITHDRAWAL, sender,
                "me-group-25", null, null, RightDetails.none()), id -> Optional.of(org));
        assertThat(withdrawal).isInstanceOfSatisfying(Admission.Admitted.class,
                a -> assertThat(a.verification()).isEqualTo(Verification.NONE));
        // through the form too, a withdrawal naming no purpose is taken (Art 7(3)): staff map it in triage
        assertThat(SubmissionRules.admit(new Submission(RightType.CONSENT_WITHDRAWAL, sender, "me-group-25", null, null,
                RightDetails.none()), id -> Optional.of(org))).isInstanceOf(Admission.Admitted.class);

        Admission unknown = SubmissionRules.admitMailed(new Submission(null, sender, "me-group-25", null, null,
                RightDetails.none()), id -> Optional.of(org));
        assertThat(unknown).isInstanceOfSatisfying(Admission.Admitted.class,
                a -> assertThat(a.verification()).isEqualTo(Verification.EMAIL_CODE));
    }
}
