package dev.rightsflow.schemas.secrets;

/** A secret a service needs is not set; the message names the reference and where it was looked for, never a value. */
public class MissingSecretException extends IllegalStateException {

    private final String reference;

    public MissingSecretException(String reference, String where) {
        super("the secret " + reference + " is not set: set " + where);
        this.reference = reference;
    }

    public String reference() {
        return reference;
    }
}
