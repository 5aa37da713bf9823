package dev.rightsflow.router.model;

/** What one task asks one system to do. Same names as the Avro {@code TaskAction}. */
public enum Action {
    /** Delete the subject's data (Art 17). */
    ERASE,
    /** Copy the subject's data out for access (Art 15) or portability (Art 20). */
    EXPORT,
    /** Correct or complete the data (Art 16). */
    RECTIFY,
    /** Store only, process no further (Art 18). */
    RESTRICT,
    /** Keep the minimum needed never to contact again (objection to direct marketing, Art 21(3)). */
    SUPPRESS,
    /** Stop processing for the named consent purposes (Art 7(3)). */
    WITHDRAW_CONSENT,
    /** Tell a recipient about a rectification, erasure or restriction (Art 19). */
    NOTIFY_RECIPIENT,
    /** Hand the request to a controller that has no API (a person forwards it). */
    FORWARD_TO_CONTROLLER
}
