package dev.rightsflow.intake.verification.model;

import dev.rightsflow.intake.request.model.Hashing;

import java.time.Duration;
import java.time.Instant;

/**
 * A one-time identity code for one request (Art 12(6)): stored only as a salted SHA-256 hash,
 * valid until {@code expiresAt}, used at most once, and locked after too many wrong attempts so
 * that six digits cannot be guessed.
 *
 * @param attempts wrong attempts so far
 * @param sends    codes sent in the current resend window, for rate limiting
 */
public record VerificationCode(String requestId, String salt, String hash, Instant issuedAt, Instant expiresAt,
        int attempts, boolean used, int sends, Instant sendWindowStart) {

    /** The result of presenting a code. */
    public sealed interface Check {
        record Verified() implements Check {
        }

        record Wrong(int attemptsLeft) implements Check {
        }

        record Expired() implements Check {
        }

        record AlreadyUsed() implements Check {
        }

        record Locked() implements Check {
        }
    }

    /** A fresh six-digit code; the plain code goes to the subject only. */
    public record Issued(VerificationCode stored, String plainCode) {
    }

    public static Issued issue(String requestId, Instant now, Duration validity, VerificationCode previous,
            Duration sendWindow) {
        String code = String.format("%06d", Hashing.random().nextInt(1_000_000));
        String salt = Long.toHexString(Hashing.random().nextLong());
        int sends = 1;
        Instant windowStart = now;
        if (previous != null && previous.sendWindowStart() != null
                && previous.sendWindowStart().plus(sendWindow).isAfter(now)) {
            sends = previous.sends() + 1;
            windowStart = previous.sendWindowStart();
        }
        return new Issued(new VerificationCode(requestId, salt, hashOf(salt, code), now, now.plus(validity), 0, false,
                sends, windowStart), code);
    }

    /** Whether another code may be sent now, given at most {@code maxSends} per window. */
    public boolean maySendAgain(Instant now, int maxSends, Duration sendWindow) {
        return sendWindowStart == null || !sendWindowStart.plus(sendWindow).isAfter(now) || sends < maxSends;
    }

    public Check check(String presented, Instant now, int maxAttempts) {
        if (used) {
            return new Check.AlreadyUsed();
        }
        if (attempts >= maxAttempts) {
            return new Check.Locked();
        }
        if (!now.isBefore(expiresAt)) {
            return new Check.Expired();
        }
        String candidate = presented == null ? "" : presented.trim();
        if (java.security.MessageDigest.isEqual(hashOf(salt, candidate).getBytes(), hash.getBytes())) {
            return new Check.Verified();
        }
        return new Check.Wrong(Math.max(0, maxAttempts - attempts - 1));
    }

    private static String hashOf(String salt, String code) {
        return Hashing.sha256Hex(salt + ":" + code);
    }
}
