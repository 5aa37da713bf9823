package dev.rightsflow.schemas.api;

import java.net.URI;

import org.springframework.http.HttpStatus;

/**
 * The problem types of every service's API, one per kind of refusal, each with one title and one status (RFC 9457:
 * the title does not change from occurrence to occurrence; the {@code detail} says what happened this time). The
 * {@code type} URI is {@value #BASE_URI}{@code <slug>}; README.md's "API conventions" lists them.
 *
 * <p>The rule for 400 and 422: {@link #MALFORMED} (400) when the request as a whole cannot be read: an empty or
 * truncated body, JSON that does not parse, nesting too deep, a header whose syntax is wrong. {@link #INVALID} (422)
 * when it was read but a value breaks a rule: a field or parameter of the wrong type or format (a date that is not a
 * date), a required value missing or blank, an unknown code, a date outside the range allowed; {@code errors} names
 * each value at fault.
 */
public enum ProblemType {

    MALFORMED("malformed-request", HttpStatus.BAD_REQUEST, "Malformed request"),
    INVALID("invalid-request", HttpStatus.UNPROCESSABLE_CONTENT, "Invalid request"),
    UNAUTHORISED("unauthorised", HttpStatus.UNAUTHORIZED, "Authentication required"),
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Forbidden"),
    NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
    CONFLICT("conflict", HttpStatus.CONFLICT, "Conflict"),
    GONE("gone", HttpStatus.GONE, "Gone"),
    PRECONDITION_FAILED("precondition-failed", HttpStatus.PRECONDITION_FAILED, "Precondition failed"),
    CONTENT_TOO_LARGE("content-too-large", HttpStatus.CONTENT_TOO_LARGE, "Content too large"),
    URI_TOO_LONG("uri-too-long", HttpStatus.URI_TOO_LONG, "URI too long"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
    TOO_MANY_REQUESTS("too-many-requests", HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
    HEADER_FIELDS_TOO_LARGE("header-fields-too-large", HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
            "Request header fields too large"),
    INTERNAL_ERROR("internal-error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error"),
    UPSTREAM_FAILED("upstream-failed", HttpStatus.BAD_GATEWAY, "Upstream failed"),
    UNAVAILABLE("unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Temporarily unavailable");

    /** Where every type URI starts. */
    public static final String BASE_URI = "https://rightsflow.dev/problems/";

    private final String slug;
    private final HttpStatus status;
    private final String title;

    ProblemType(String slug, HttpStatus status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    public URI uri() {
        return URI.create(BASE_URI + slug);
    }

    public String slug() {
        return slug;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The type of a status Spring or a filter decided on (404, 405, 415...); an unlisted 4xx is malformed, 5xx internal. */
    public static ProblemType of(int status) {
        for (ProblemType type : values()) {
            if (type.status.value() == status) {
                return type;
            }
        }
        return status >= 500 ? INTERNAL_ERROR : MALFORMED;
    }
}
