package dev.rightsflow.schemas.openapi;

import java.util.List;

/**
 * Who may call an operation, as the OpenAPI document states it: each constant is a list of alternatives (any one
 * suffices), each alternative a list of {@link SecuritySchemes} names that must all be presented. The chains that
 * enforce it are the services' own {@code *Security} configurations; {@link ApiDocument.Builder#access} maps a
 * service's paths onto these constants.
 */
public enum Access {

    /** Nobody needs credentials (the citizen's API, OpenDSR discovery, a package's own link). */
    OPEN(List.of()),
    /** The status token given with a request's receipt ({@code X-Status-Token}): its own status, code, withdrawal. */
    STATUS_TOKEN(List.of(List.of(SecuritySchemes.STATUS_TOKEN))),
    /** An operator token of the service (rebuilds, dead letters, tasks). */
    OPERATOR_TOKEN(List.of(List.of(SecuritySchemes.OPERATOR_TOKEN))),
    /** The router's admin token, or on an organisation's own entries its organisation token. */
    REGISTRY_TOKEN(List.of(List.of(SecuritySchemes.REGISTRY_TOKEN))),
    /** Staff: HTTP Basic, or the dashboard's session in the standalone. */
    STAFF(List.of(List.of(SecuritySchemes.STAFF_BASIC), List.of(SecuritySchemes.STAFF_SESSION))),
    /** A processor organisation: its HMAC signature or its bearer key, as its registry entry names. */
    PROCESSOR(List.of(List.of(SecuritySchemes.PROCESSOR_SIGNATURE), List.of(SecuritySchemes.PROCESSOR_KEY))),
    /** A processor on the OpenDSR API: as {@link #PROCESSOR}, optionally with its OpenDSR request signature too. */
    OPENDSR_PROCESSOR(List.of(List.of(SecuritySchemes.PROCESSOR_SIGNATURE), List.of(SecuritySchemes.PROCESSOR_KEY),
            List.of(SecuritySchemes.PROCESSOR_SIGNATURE, SecuritySchemes.OPENDSR_SIGNATURE),
            List.of(SecuritySchemes.PROCESSOR_KEY, SecuritySchemes.OPENDSR_SIGNATURE))),
    /** A trusted OpenDSR peer, by the signature of its certificate over the raw body (a status callback). */
    OPENDSR_PEER(List.of(List.of(SecuritySchemes.OPENDSR_SIGNATURE)));

    private final List<List<String>> alternatives;

    Access(List<List<String>> alternatives) {
        this.alternatives = alternatives;
    }

    public List<List<String>> alternatives() {
        return alternatives;
    }

    public boolean open() {
        return alternatives.isEmpty();
    }
}
