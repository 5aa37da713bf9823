package dev.rightsflow.schemas.api;

/** The one versioned base of every JSON endpoint a client calls; pages (HTML) stay where they are. */
public final class ApiPaths {

    /** Every API path starts here. */
    public static final String BASE = "/api/v1";

    private ApiPaths() {
    }
}
