package dev.rightsflow.schemas.api;

import java.net.URI;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The one body of every API refusal (RFC 9457 {@code application/problem+json}), the schema the OpenAPI document
 * references. {@code type} is a {@link ProblemType} URI, {@code title} that type's fixed title, {@code status} the
 * HTTP status, {@code detail} what happened this time (never personal data), {@code instance} the path that was
 * called; {@code errors}, present only when fields are at fault, lists each bad field once. A few problems carry an
 * extension member (e.g. {@code caughtUpPercent} while a service starts), written beside the standard ones.
 *
 * @param errors     the fields at fault, in the order found; omitted when none
 * @param extensions extension members, written at the top level; empty for most problems
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(URI type, String title, int status, String detail, String instance, List<FieldError> errors,
        @JsonIgnore Map<String, Object> extensions) {

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    /**
     * One field at fault.
     *
     * @param field   where: a JSON property path ({@code subject.email}, {@code systems[0].id}), a query parameter or
     *                a header name
     * @param message what is wrong with it, in words a caller can act on
     */
    public record FieldError(String field, String message) {
    }

    @JsonAnyGetter
    Map<String, Object> extensionMembers() {
        return extensions;
    }
}
