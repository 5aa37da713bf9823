package dev.rightsflow.intake.request.model;

/**
 * The way a request came in; names match the Avro {@code Channel} symbols. EMAIL, LETTER, PHONE and
 * IN_PERSON reached the organisation outside the platform: staff log them (or the inbound mailbox
 * reads them), and the statutory clock counts from the day the organisation received them.
 */
public enum Channel {
    API, WEB_FORM, PROCESSOR_API, OPENDSR, EMAIL, LETTER, PHONE, IN_PERSON;

    /** Whether the request reached the organisation outside the platform and was logged afterwards. */
    public boolean offline() {
        return this == EMAIL || this == LETTER || this == PHONE || this == IN_PERSON;
    }
}
