package dev.rightsflow.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import com.icegreen.greenmail.util.GreenMailUtil;

import dev.rightsflow.intake.verification.application.VerifyIdentity;
import dev.rightsflow.schemas.Topics;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * The SMTP mail adapter against a real SMTP server (GreenMail, in-process, local port). The request
 * comes in through the processor API (MES forwarding a Northshire NHS FT member's access request,
 * which the trust verifies by emailed code), which is not rate limited, so this class leaves the
 * citizen allowance of the shared context to {@link RateLimitThroughServerTest}.
 */
class SmtpMailTest extends SmtpIntakeTest {

    @Autowired
    VerifyIdentity verifyIdentity;

    @SuppressWarnings("unchecked")
    @Test
    void identityCodeArrivesAtTheSubjectsAddressByRealSmtpAndTheMailHoldsNoOtherPersonalData() throws Exception {
        String email = "nia.smtp@example.org";
        String body = """
                {"reference": "MES-SMTP-1", "receivedAt": "%s",
                 "request": {"right": "access", "organisationId": "mes", "serviceId": "northshire-membership",
                   "subject": {"name": "Nia Quarrington", "email": "%s", "phone": "07700 900123",
                     "postalAddress": "1 Example Row, Stafford ST16 1AA", "identifiers": {"membershipNumber": "T-4242"}}}}"""
                .formatted(Instant.now(), email);
        Map<String, Object> receipt = web.post().uri("/api/v1/forwarded-requests").contentType(MediaType.APPLICATION_JSON)
                .header("X-Rightsflow-Organisation", "mes").header("Authorization", "Bearer " + SeedRegistry.MES_TOKEN)
                .bodyValue(body).exchange().expectStatus().isAccepted().expectBody(Map.class).returnResult().getResponseBody();
        String requestId = (String) receipt.get("requestId");
        assertThat(receipt.get("verification")).isEqualTo("EMAIL_CODE");

        await().atMost(Duration.ofSeconds(20)).until(() -> mailTo(email) != null);
        MimeMessage mail = mailTo(email);
        assertThat(mail.getRecipients(Message.RecipientType.TO)).extracting(a -> ((InternetAddress) a).getAddress())
                .containsExactly(email);
        assertThat(((InternetAddress) mail.getFrom()[0]).getAddress()).isEqualTo("privacy@rightsflow.example");
        String text = GreenMailUtil.getBody(mail);
        Matcher code = Pattern.compile("code is (\\d{6})").matcher(text);
        assertThat(code.find()).as("the code in: %s", text).isTrue();
        assertThat(text).contains(requestId);
        // the subject is told who asks: the organisation the request was made to, by its name
        assertThat(mail.getSubject()).endsWith(" to Northshire Hospitals NHS Foundation Trust");
        assertThat(text).contains("data protection request to Northshire Hospitals NHS Foundation Trust (reference " + requestId + ")");
        for (String personal : new String[] {"Nia", "Quarrington", email, "07700", "Example Row", "ST16", "T-4242"}) {
            assertThat(text).doesNotContain(personal);
            assertThat(mail.getSubject()).doesNotContain(personal);
        }

        assertThat(verifyIdentity.verify(requestId, (String) receipt.get("statusToken"), code.group(1)).block()).isInstanceOf(VerifyIdentity.Result.Verified.class);
        assertThat(typesOf(Topics.REQUESTS, requestId)).containsExactly("RequestReceived", "IdentityVerificationRequested",
                "IdentityVerified");
    }

    @Test
    void demoOutboxPageIsNotThereInARealInstallation() {
        web.get().uri("/intake/outbox").exchange().expectStatus().isNotFound()
                .expectBody(String.class).value(page -> assertThat(page).doesNotContain("@example.org"));
    }

    private static MimeMessage mailTo(String email) {
        return Arrays.stream(SMTP.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> ((InternetAddress) a).getAddress().equals(email));
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).findFirst().orElse(null);
    }
}
