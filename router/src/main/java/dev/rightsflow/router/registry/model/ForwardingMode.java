package dev.rightsflow.router.registry.model;

/**
 * How a request reaches its controller when the receiving organisation is only a processor
 * (Art 28(3)(e); EDPB Guidelines 07/2020 paras 127-129: assistance may simply be prompt forwarding).
 */
public enum ForwardingMode {
    /** The controller is a tenant of this platform: its case opens here directly. */
    TENANT,
    /** A signed HTTP call to the controller's own endpoint. */
    SIGNED_HTTP,
    /** A signed OpenDSR-style request to the controller's endpoint. */
    OPENDSR,
    /** The controller has no API: a person forwards the request (a manual task). */
    MANUAL
}
