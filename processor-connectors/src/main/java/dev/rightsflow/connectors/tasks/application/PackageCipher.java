package dev.rightsflow.connectors.tasks.application;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encryption at rest of exports and access packages (UK GDPR Art 32(1)(a)): AES-256-GCM with a
 * random 96-bit nonce per file and the file's id as associated data, so a file cannot be swapped
 * for another's. Layout: {@code "RFE1" | nonce (12) | ciphertext+tag}.
 */
public final class PackageCipher {

    private static final byte[] MAGIC = "RFE1".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public PackageCipher(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the package key must be 32 bytes (AES-256), base64-encoded in configuration");
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    public byte[] encrypt(byte[] plain, String id) {
        try {
            byte[] nonce = new byte[NONCE];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(id.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(MAGIC.length + NONCE + sealed.length).put(MAGIC).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt", e);
        }
    }

    /** @throws IllegalStateException when the file is not ours, was altered, or belongs to another id */
    public byte[] decrypt(byte[] stored, String id) {
        if (stored.length < MAGIC.length + NONCE || !Arrays.equals(Arrays.copyOf(stored, MAGIC.length), MAGIC)) {
            throw new IllegalStateException("not an encrypted Rightsflow file");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, MAGIC.length, NONCE));
            cipher.updateAAD(id.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(stored, MAGIC.length + NONCE, stored.length - MAGIC.length - NONCE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the encrypted file was altered or the key is wrong", e);
        }
    }
}
