package dev.rightsflow.intake.request.model;

/**
 * How the controller checks identity for a right (UK GDPR Art 12(6)). With {@link #EMAIL_CODE}
 * intake sends a one-time code; with {@link #DOCUMENTARY} staff confirm they saw evidence.
 * Where verification is required the clock starts when it succeeds (Art 12A, DUAA 2025).
 */
public enum Verification {
    NONE, EMAIL_CODE, DOCUMENTARY;

    public boolean required() {
        return this != NONE;
    }
}
