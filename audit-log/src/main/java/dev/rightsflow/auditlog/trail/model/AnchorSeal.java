package dev.rightsflow.auditlog.trail.model;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticates global anchors with a key that is <em>not</em> kept in MongoDB, so that whoever can write the
 * database can still recompute every hash of a chain and of the anchor chain (the rule is published), but cannot
 * make an anchor that verifies.
 *
 * <p>{@code seal = hex(HMAC-SHA256(key, UTF-8(JCS({"anchoredAt": ISO-8601, "heads": [{chain, sequence, hash}...]}))))}
 * with the heads sorted by chain, as the anchor's payload holds them. The payload also records {@code keyId}, the
 * first 16 hex digits of SHA-256 of the key, so that an anchor sealed under another key says so instead of
 * looking forged. HMAC-SHA256 (RFC 2104, FIPS 198-1) through the JDK's {@code javax.crypto}.
 */
public final class AnchorSeal {

    /** The shortest key accepted: 32 bytes, the output size of SHA-256 (RFC 2104 section 3). */
    public static final int MIN_KEY_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final String keyId;

    /**
     * @param key the secret, at least {@value #MIN_KEY_BYTES} bytes
     * @throws IllegalArgumentException when the key is shorter
     */
    public AnchorSeal(byte[] key) {
        if (key == null || key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the anchor key must be at least " + MIN_KEY_BYTES + " bytes long");
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
        this.keyId = AuditChain.sha256Bytes(key).substring(0, 16);
    }

    /** Identifies the key without revealing it. */
    public String keyId() {
        return keyId;
    }

    /** The seal of an anchor written at {@code anchoredAt} recording {@code heads}. */
    public String seal(String anchoredAt, List<?> heads) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(sealedContent(anchoredAt, heads).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java runtime", e);
        }
    }

    /** Whether {@code seal} is this key's seal of the anchor (compared in constant time). */
    public boolean verifies(String anchoredAt, List<?> heads, Object seal) {
        if (!(seal instanceof String s)) {
            return false;
        }
        return MessageDigest.isEqual(seal(anchoredAt, heads).getBytes(StandardCharsets.US_ASCII),
                s.getBytes(StandardCharsets.US_ASCII));
    }

    private static String sealedContent(String anchoredAt, List<?> heads) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("anchoredAt", anchoredAt);
        content.put("heads", heads);
        return CanonicalJson.write(content);
    }
}
