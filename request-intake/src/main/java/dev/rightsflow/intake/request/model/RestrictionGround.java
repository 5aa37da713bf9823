package dev.rightsflow.intake.request.model;

/** The grounds on which processing may be restricted (UK GDPR Art 18(1)(a)-(d)). */
public enum RestrictionGround {
    /** Art 18(1)(a): accuracy contested, while the controller checks. */
    ACCURACY_CONTESTED,
    /** Art 18(1)(b): processing unlawful and the subject prefers restriction to erasure. */
    UNLAWFUL_PROCESSING,
    /** Art 18(1)(c): the subject needs the data for legal claims. */
    LEGAL_CLAIMS,
    /** Art 18(1)(d): objection pending under Art 21(1). */
    OBJECTION_PENDING
}
