package dev.rightsflow.intake.security.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class ProcessorSignatureTest {

    final Instant now = Instant.parse("2026-09-03T10:00:00Z");
    final byte[] body = "{\"right\":\"erasure\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void signatureOverTimestampAndBodyVerifies() {
        String signature = ProcessorSignature.sign("secret", now.getEpochSecond(), body);
        assertThat(signature).matches("v1=[0-9a-f]{64}");
        assertThat(ProcessorSignature.verify("secret", String.valueOf(now.getEpochSecond()), signature, body, now,
                Duration.ofMinutes(5))).isEqualTo(ProcessorSignature.Verdict.VALID);
    }

    @Test
    void changedBodyOtherSecretMovedTimestampOrStaleCallIsRefused() {
        long ts = now.getEpochSecond();
        String signature = ProcessorSignature.sign("secret", ts, body);
        Duration tolerance = Duration.ofMinutes(5);
        assertThat(ProcessorSignature.verify("secret", String.valueOf(ts), signature, "{}".getBytes(), now, tolerance))
                .isEqualTo(ProcessorSignature.Verdict.WRONG);
        assertThat(ProcessorSignature.verify("other", String.valueOf(ts), signature, body, now, tolerance))
                .isEqualTo(ProcessorSignature.Verdict.WRONG);
        assertThat(ProcessorSignature.verify("secret", String.valueOf(ts + 1), signature, body, now, tolerance))
                .isEqualTo(ProcessorSignature.Verdict.WRONG);
        assertThat(ProcessorSignature.verify("secret", String.valueOf(ts), signature, body, now.plus(Duration.ofMinutes(6)), tolerance))
                .isEqualTo(ProcessorSignature.Verdict.STALE);
        assertThat(ProcessorSignature.verify("secret", "yesterday", signature, body, now, tolerance))
                .isEqualTo(ProcessorSignature.Verdict.MALFORMED);
    }
}
