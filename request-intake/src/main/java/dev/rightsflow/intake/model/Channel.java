package dev.rightsflow.intake.model;

/** The way a request came in; names match the Avro {@code Channel} symbols. */
public enum Channel {
    API, WEB_FORM, PROCESSOR_API, OPENDSR
}
