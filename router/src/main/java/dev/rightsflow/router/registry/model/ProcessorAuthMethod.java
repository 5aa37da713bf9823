package dev.rightsflow.router.registry.model;

/** How an organisation authenticates when it calls the platform's processor API. Same names as the Avro {@code ProcessorAuth}. */
public enum ProcessorAuthMethod {
    NONE, HMAC, BEARER
}
