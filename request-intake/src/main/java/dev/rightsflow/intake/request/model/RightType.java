package dev.rightsflow.intake.request.model;

/**
 * The seven data-subject rights a request can exercise, with their legal source (DOMAIN.md).
 * Names match the Avro {@code Right} symbols so adapters map by name.
 */
public enum RightType {
    /** UK GDPR Art 15. */
    ACCESS("Art 15", "a copy of your personal data"),
    /** UK GDPR Art 16; recipients are told (Art 19). */
    RECTIFICATION("Art 16", "correction of your personal data"),
    /** UK GDPR Art 17, subject to the Art 17(3) exemptions. */
    ERASURE("Art 17", "erasure of your personal data"),
    /** UK GDPR Art 18. */
    RESTRICTION("Art 18", "restriction of processing"),
    /** UK GDPR Art 21; objection to direct marketing is absolute (Art 21(3)). */
    OBJECTION("Art 21", "to stop processing you object to"),
    /** UK GDPR Art 20. */
    PORTABILITY("Art 20", "your data in a portable format"),
    /** UK GDPR Art 7(3). */
    CONSENT_WITHDRAWAL("Art 7(3)", "withdrawal of your consent");

    private final String source;
    private final String plainWords;

    RightType(String source, String plainWords) {
        this.source = source;
        this.plainWords = plainWords;
    }

    public String source() {
        return source;
    }

    /** What the subject asked for, in words a citizen understands. */
    public String plainWords() {
        return plainWords;
    }

    /** Lower-case name used in URLs of forms and in JSON ({@code consent_withdrawal}). */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses the JSON spelling, case-insensitive, dashes allowed; null when unknown. */
    public static RightType parse(String value) {
        if (value == null) {
            return null;
        }
        String normalised = value.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        for (RightType right : values()) {
            if (right.name().equals(normalised)) {
                return right;
            }
        }
        return null;
    }
}
