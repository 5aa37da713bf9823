package dev.rightsflow.schemas.opendsr;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * Checks an OpenDSR signature (§4.2, §8.8 step 4) over the raw bytes received, before anything
 * parses them. Accepts the Base64 folded over several lines, as the specification's examples show it.
 */
public final class OpenDsrVerifier {

    private OpenDsrVerifier() {
    }

    /** Whether {@code signatureBase64} is the holder of {@code key}'s SHA-256 signature of {@code body}. */
    public static boolean verify(byte[] body, String signatureBase64, PublicKey key) {
        if (body == null || signatureBase64 == null || signatureBase64.isBlank() || key == null) {
            return false;
        }
        try {
            Signature signature = Signature.getInstance(algorithm(key.getAlgorithm()));
            signature.initVerify(key);
            signature.update(body);
            return signature.verify(Base64.getMimeDecoder().decode(signatureBase64.trim()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    static String algorithm(String keyAlgorithm) {
        return switch (keyAlgorithm) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> throw new IllegalArgumentException("OpenDSR signs with RSA or EC keys, not " + keyAlgorithm);
        };
    }
}
