package dev.rightsflow.intake.request.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The hashes intake makes: of status tokens (only their SHA-256 leaves intake; the tokens themselves
 * come from {@link RequestKeys}), the fingerprint that finds duplicate requests without storing who
 * asked, and of request bodies.
 */
public final class Hashing {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Hashing() {
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    public static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Compares a presented token with a stored hash in constant time. */
    public static boolean tokenMatches(String presentedToken, String storedHash) {
        if (presentedToken == null || storedHash == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256Hex(presentedToken).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Same subject (by email, case-insensitive), same organisation, same right: the key under which
     * a later identical request is flagged as a duplicate of the first. A right not known yet (a mail
     * that names none) counts as UNKNOWN, the name it has on the topic.
     */
    public static String duplicateFingerprint(String email, String organisationId, RightType right) {
        return sha256Hex(email.trim().toLowerCase(Locale.ROOT) + "\u001f" + organisationId + "\u001f"
                + (right == null ? "UNKNOWN" : right.name()));
    }

    /**
     * The duplicate fingerprint of a subject: by email, or without one (an OpenDSR request naming the subject by
     * other identities) by the identities.
     */
    public static String subjectFingerprint(String email, java.util.Map<String, String> identifiers,
            String organisationId, RightType right) {
        return duplicateFingerprint(email == null || email.isBlank() ? new java.util.TreeMap<>(identifiers).toString()
                : email, organisationId, right);
    }

    public static SecureRandom random() {
        return RANDOM;
    }
}
