package dev.rightsflow.router.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import org.apache.commons.codec.digest.HmacAlgorithms;
import org.apache.commons.codec.digest.HmacUtils;
import org.junit.jupiter.api.Test;

import dev.rightsflow.router.webhooks.model.WebhookSignature;

/** The Standard Webhooks signature, against an HMAC computed here with commons-codec. */
class WebhookSignatureTest {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String BODY = "{\"type\":\"case.closed\",\"data\":{\"requestId\":\"r-1\"}}";
    static final Instant NOW = Instant.ofEpochSecond(1_790_000_000L);

    @Test
    void signatureIsVersionOneBase64OfTheHmacOfIdTimestampAndBody() {
        byte[] key = Base64.getDecoder().decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        String expected = Base64.getEncoder().encodeToString(new HmacUtils(HmacAlgorithms.HMAC_SHA_256, key)
                .hmac(("msg_1." + NOW.getEpochSecond() + "." + BODY).getBytes(StandardCharsets.UTF_8)));
        assertThat(WebhookSignature.sign(SECRET, "msg_1", NOW.getEpochSecond(), BODY)).isEqualTo("v1," + expected);
        // the same message signed by the README's openssl example (and Python's hmac)
        assertThat(WebhookSignature.sign(SECRET, "msg_1", NOW.getEpochSecond(), BODY))
                .isEqualTo("v1,HKuyXAIJHOUDFhkTcuw1rcGis5Ai7qCurRsBLc+1PWU=");
    }

    @Test
    void verifiesAnyMatchingEntryAndRefusesTamperingOtherKeysAndStaleTimestamps() {
        String ts = String.valueOf(NOW.getEpochSecond());
        String good = WebhookSignature.sign(SECRET, "msg_1", NOW.getEpochSecond(), BODY);
        assertThat(WebhookSignature.verify(SECRET, "msg_1", ts, BODY, "v1,bm90IGl0 " + good, NOW)).isTrue();
        assertThat(WebhookSignature.verify(SECRET, "msg_1", ts, BODY + " ", good, NOW)).as("body changed").isFalse();
        assertThat(WebhookSignature.verify(SECRET, "msg_2", ts, BODY, good, NOW)).as("id changed").isFalse();
        assertThat(WebhookSignature.verify("whsec_b3RoZXI=", "msg_1", ts, BODY, good, NOW)).as("other key").isFalse();
        assertThat(WebhookSignature.verify(SECRET, "msg_1", ts, BODY, good, NOW.plusSeconds(301))).as("replayed")
                .isFalse();
        assertThat(WebhookSignature.verify(SECRET, "msg_1", "yesterday", BODY, good, NOW)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, "msg_1", ts, BODY, "v2," + good.substring(3), NOW)).isFalse();
    }
}
