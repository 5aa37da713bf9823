package dev.rightsflow.intake.registry.model;

/**
 * How an organisation authenticates when it forwards requests as a processor: a signature over
 * timestamp and raw body ({@link #HMAC}), a bearer key where signing is not possible, or not at
 * all ({@link #NONE}: it cannot use the processor API).
 */
public enum ProcessorAuthMethod {
    NONE, HMAC, BEARER
}
