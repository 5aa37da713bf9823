package dev.rightsflow.intake.security.model;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The processor API's request signature: {@code HMAC-SHA256(secret, timestamp + "." + rawBody)} in
 * lower-case hex, sent as {@code X-Rightsflow-Signature: v1=<hex>} with the Unix time in seconds in
 * {@code X-Rightsflow-Timestamp}. The timestamp is inside the MAC, so a signature cannot be moved
 * to another time; a stale timestamp is refused, and the caller keeps seen signatures for the
 * tolerance window to refuse replays (the same scheme as Stripe's and Slack's webhooks).
 */
public final class ProcessorSignature {

    public static final String VERSION = "v1";

    /** Why a signed call was refused; all mean 401. */
    public enum Verdict {
        VALID, MISSING, MALFORMED, STALE, WRONG
    }

    private ProcessorSignature() {
    }

    public static String sign(String secret, long epochSeconds, byte[] rawBody) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((epochSeconds + ".").getBytes(StandardCharsets.UTF_8));
            mac.update(rawBody);
            return VERSION + "=" + HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }

    public static Verdict verify(String secret, String timestampHeader, String signatureHeader, byte[] rawBody,
            Instant now, Duration tolerance) {
        if (timestampHeader == null || signatureHeader == null || secret == null) {
            return Verdict.MISSING;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader.trim());
        } catch (NumberFormatException e) {
            return Verdict.MALFORMED;
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
            return Verdict.STALE;
        }
        byte[] expected = sign(secret, timestamp, rawBody).getBytes(StandardCharsets.US_ASCII);
        byte[] presented = signatureHeader.trim().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, presented) ? Verdict.VALID : Verdict.WRONG;
    }

    /** Compares a presented bearer key with the configured one in constant time. */
    public static boolean bearerMatches(String configured, String presented) {
        if (configured == null || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(configured.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
}
