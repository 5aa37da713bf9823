package dev.rightsflow.intake.verification.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class VerificationCodeTest {

    final Instant now = Instant.parse("2026-09-03T10:00:00Z");

    @Test
    void codeIsStoredOnlyAsASaltedHash() {
        VerificationCode.Issued issued = VerificationCode.issue("r1", now, Duration.ofMinutes(15), null, Duration.ofHours(1));
        assertThat(issued.plainCode()).matches("\\d{6}");
        assertThat(issued.stored().hash()).doesNotContain(issued.plainCode()).hasSize(64);
    }

    @Test
    void rightCodeVerifiesWrongCodeCountsDownAndExpiredCodeIsRefused() {
        VerificationCode.Issued issued = VerificationCode.issue("r1", now, Duration.ofMinutes(15), null, Duration.ofHours(1));
        VerificationCode code = issued.stored();
        assertThat(code.check(issued.plainCode(), now.plusSeconds(60), 5)).isInstanceOf(VerificationCode.Check.Verified.class);
        String wrong = issued.plainCode().equals("000000") ? "111111" : "000000";
        assertThat(code.check(wrong, now, 5)).isEqualTo(new VerificationCode.Check.Wrong(4));
        assertThat(code.check(issued.plainCode(), now.plus(Duration.ofMinutes(15)), 5)).isInstanceOf(VerificationCode.Check.Expired.class);
    }

    @Test
    void usedOrLockedCodeNeverVerifiesAgain() {
        VerificationCode.Issued issued = VerificationCode.issue("r1", now, Duration.ofMinutes(15), null, Duration.ofHours(1));
        VerificationCode c = issued.stored();
        VerificationCode used = new VerificationCode(c.requestId(), c.salt(), c.hash(), c.issuedAt(), c.expiresAt(), 0, true, 1, now);
        VerificationCode locked = new VerificationCode(c.requestId(), c.salt(), c.hash(), c.issuedAt(), c.expiresAt(), 5, false, 1, now);
        assertThat(used.check(issued.plainCode(), now, 5)).isInstanceOf(VerificationCode.Check.AlreadyUsed.class);
        assertThat(locked.check(issued.plainCode(), now, 5)).isInstanceOf(VerificationCode.Check.Locked.class);
    }

    @Test
    void resendsAreLimitedWithinTheWindow() {
        VerificationCode first = VerificationCode.issue("r1", now, Duration.ofMinutes(15), null, Duration.ofHours(1)).stored();
        VerificationCode second = VerificationCode.issue("r1", now.plusSeconds(60), Duration.ofMinutes(15), first, Duration.ofHours(1)).stored();
        VerificationCode third = VerificationCode.issue("r1", now.plusSeconds(120), Duration.ofMinutes(15), second, Duration.ofHours(1)).stored();
        assertThat(third.sends()).isEqualTo(3);
        assertThat(third.maySendAgain(now.plusSeconds(180), 3, Duration.ofHours(1))).isFalse();
        assertThat(third.maySendAgain(now.plus(Duration.ofMinutes(61)), 3, Duration.ofHours(1))).isTrue();
    }
}
