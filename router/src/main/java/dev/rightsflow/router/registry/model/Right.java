package dev.rightsflow.router.registry.model;

/** The rights a data subject can exercise (UK GDPR Arts 7(3), 15-21). Same names as the Avro {@code Right}. */
public enum Right {
    /** Art 15. */
    ACCESS,
    /** Art 16. */
    RECTIFICATION,
    /** Art 17. */
    ERASURE,
    /** Art 18. */
    RESTRICTION,
    /** Art 21. */
    OBJECTION,
    /** Art 20. */
    PORTABILITY,
    /** Art 7(3). */
    CONSENT_WITHDRAWAL
}
