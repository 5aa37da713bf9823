package dev.rightsflow.intake.request.model;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What intake derives from its server secret, so that a retried submission needs nothing to have
 * survived a crash but the secret itself (HMAC-SHA256, RFC 2104, one purpose label per use):
 * <ul>
 *   <li>the status token of every request, from its request id: a retry with the same
 *       Idempotency-Key (the same request id) is told the same token, and only the token's SHA-256
 *       ever leaves intake (on {@code RequestReceived});</li>
 *   <li>the digest of a keyed request's content ({@link RequestContent}), compared when the key is
 *       used again; keyed, so that the stored digest reveals nothing about the subject.</li>
 * </ul>
 * Changing the secret changes both: a replayed receipt of a request made before the change would
 * hand out a token that no longer matches its stored hash, and a retry of such a request with the
 * same key would be taken for another content (409). Keep it stable.
 */
public final class RequestKeys {

    /** The shortest secret accepted (characters); HMAC-SHA256 wants 32 bytes of entropy or more. */
    public static final int MIN_SECRET_LENGTH = 16;

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    public RequestKeys(String secret) {
        if (secret == null || secret.strip().length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("the secret must have at least " + MIN_SECRET_LENGTH + " characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** The request's status token: 256 bits, URL-safe, shown to the submitter and never stored. */
    public String statusToken(String requestId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac("status-token", List.of(requestId)));
    }

    /** What is stored and published instead of the token. */
    public String statusTokenHash(String requestId) {
        return Hashing.sha256Hex(statusToken(requestId));
    }

    public String contentDigest(RequestContent content) {
        return HexFormat.of().formatHex(hmac("request-content", content.parts()));
    }

    /** Each part length-prefixed (-1 for null), so that no two part lists give the same input. */
    private byte[] hmac(String purpose, List<String> parts) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            update(mac, purpose);
            for (String part : parts) {
                update(mac, part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }

    private static void update(Mac mac, String part) {
        if (part == null) {
            mac.update(ByteBuffer.allocate(4).putInt(-1).array());
            return;
        }
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        mac.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        mac.update(bytes);
    }
}
