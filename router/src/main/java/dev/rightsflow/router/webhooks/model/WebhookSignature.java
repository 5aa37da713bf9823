package dev.rightsflow.router.webhooks.model;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks signature scheme (standardwebhooks.com): the signed content is
 * {@code <webhook-id>.<webhook-timestamp>.<body>}, signed with HMAC-SHA256; the {@code webhook-signature} header
 * holds one or more space-separated {@code v1,<base64 signature>} entries. A secret written {@code whsec_<base64>}
 * is the base64 of the key's bytes; any other secret is used as its UTF-8 bytes. Receivers reject a timestamp more
 * than {@link #TOLERANCE} away from their clock (replays).
 */
public final class WebhookSignature {

    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";
    public static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final String SECRET_PREFIX = "whsec_";

    private WebhookSignature() {
    }

    /** The {@code webhook-signature} header value for one message: {@code v1,<base64>}. */
    public static String sign(String secret, String id, long timestampSeconds, String body) {
        return "v1," + Base64.getEncoder().encodeToString(hmac(secret, id + "." + timestampSeconds + "." + body));
    }

    /**
     * Whether {@code signatureHeader} holds a valid {@code v1} signature of the message under {@code secret} and the
     * timestamp is within {@link #TOLERANCE} of {@code now}. Signatures are compared in constant time.
     */
    public static boolean verify(String secret, String id, String timestamp, String body, String signatureHeader,
            Instant now) {
        if (secret == null || id == null || timestamp == null || body == null || signatureHeader == null) {
            return false;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - seconds) > TOLERANCE.toSeconds()) {
            return false;
        }
        byte[] expected = hmac(secret, id + "." + seconds + "." + body);
        for (String entry : signatureHeader.trim().split(" +")) {
            int comma = entry.indexOf(',');
            if (comma > 0 && "v1".equals(entry.substring(0, comma))) {
                try {
                    if (MessageDigest.isEqual(expected, Base64.getDecoder().decode(entry.substring(comma + 1)))) {
                        return true;
                    }
                } catch (IllegalArgumentException e) {
                    // not base64: not a match
                }
            }
        }
        return false;
    }

    private static byte[] hmac(String secret, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    static byte[] key(String secret) {
        if (secret.startsWith(SECRET_PREFIX)) {
            try {
                return Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
            } catch (IllegalArgumentException e) {
                // not base64 after the prefix: the text itself is the key
            }
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }
}
