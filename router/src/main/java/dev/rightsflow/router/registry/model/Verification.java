package dev.rightsflow.router.registry.model;

/** How an organisation verifies identity for a right (Art 12(6)). Same names as the Avro {@code VerificationMethod}. */
public enum Verification {
    NONE, EMAIL_CODE, DOCUMENTARY
}
