package dev.rightsflow.connectors.spi;

/** What a task asks a system to do (mirrors the contract's TaskAction). */
public enum Action {
    /** Art 17: delete the subject's data. "Subject not found" is a success. */
    ERASE,
    /** Art 15 / Art 20: return the subject's data for the access package. */
    EXPORT,
    /** Art 16: correct the data. */
    RECTIFY,
    /** Art 18: keep the data but stop processing it. */
    RESTRICT,
    /** Art 21(3): never contact again for direct marketing; keep the minimum needed to suppress. */
    SUPPRESS,
    /** Art 7(3): record that consent for the given purposes is withdrawn. */
    WITHDRAW_CONSENT,
    /** Art 19: tell a recipient about a rectification, erasure or restriction. */
    NOTIFY_RECIPIENT,
    /** Art 28(3)(e): hand the request to the controller. */
    FORWARD_TO_CONTROLLER
}
