package dev.rightsflow.router.registry.model;

/** UK division whose bank holidays time an organisation's deadlines. Same names as the Avro {@code Division}. */
public enum Division {
    ENGLAND_AND_WALES, SCOTLAND, NORTHERN_IRELAND
}
