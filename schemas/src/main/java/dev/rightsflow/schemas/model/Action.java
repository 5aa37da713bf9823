package dev.rightsflow.schemas.model;

/**
 * What one task asks one system to do: the one vocabulary of actions, shared by the router (which plans them) and
 * processor-connectors (whose connectors declare which they can carry out, {@link ConnectorCapabilities}). The names
 * are those of the contract's Avro {@code TaskAction}, which adapters map by name.
 */
public enum Action {
    /** Delete the subject's data (Art 17). "Subject not found" is a success. */
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
    /** Hand the request to a controller that has no API (a person forwards it, Art 28(3)(e)). */
    FORWARD_TO_CONTROLLER
}
