package dev.rightsflow.schemas.openapi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;

/**
 * The error bodies of the document, defined once: the RFC 9457 problem every API answers with
 * ({@value #PROBLEM}: {@code type}, {@code title}, {@code status}, {@code detail}, {@code instance} and the
 * {@code errors} of a rejected field), and OpenDSR's own error form on the OpenDSR paths. Each status an operation may
 * answer is a shared response ({@code #/components/responses/...}) with an example.
 *
 * <p>The problem's schema is written here by hand, member by member; when the problem JSON becomes one Java record in
 * {@code schemas}, {@link #problemSchema()} is the one place to derive it from that record instead.
 */
public final class ErrorBodies {

    public static final String PROBLEM = "Problem";
    public static final String FIELD_ERROR = "FieldError";
    public static final String OPENDSR_ERROR = "OpenDsrError";
    static final String PROBLEM_JSON = "application/problem+json";

    /** A status an operation may answer with an error body. */
    enum Status {
        BAD_REQUEST("400", "BadRequest", "The request is malformed or a field is invalid; nothing was written."),
        UNAUTHORIZED("401", "Unauthorized", "Credentials are missing or wrong (see WWW-Authenticate)."),
        FORBIDDEN("403", "Forbidden", "These credentials do not allow this operation."),
        NOT_FOUND("404", "NotFound", "Nothing with this id (or not visible to these credentials)."),
        CONFLICT("409", "Conflict", "The request conflicts with the current state (already done, or no longer possible)."),
        GONE("410", "Gone", "It existed but is no longer available (an expired access package)."),
        PRECONDITION_FAILED("412", "PreconditionFailed", "If-Match does not name the current version."),
        CONTENT_TOO_LARGE("413", "ContentTooLarge", "The body is larger than this operation accepts."),
        UNPROCESSABLE("422", "Unprocessable", "The body is well-formed but its content cannot be acted on."),
        CATCHING_UP("503", "CatchingUp", "The service is still catching up with its topics after a start or a rebuild; "
                + "retry after Retry-After seconds.");

        final String code;
        final String name;
        final String description;

        Status(String code, String name, String description) {
            this.code = code;
            this.name = name;
            this.description = description;
        }
    }

    private ErrorBodies() {
    }

    /** The problem JSON (RFC 9457) with the field errors of a rejected body. */
    static Schema<?> problemSchema() {
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("type", new StringSchema().format("uri-reference")
                .description("A URI reference identifying the problem type (`about:blank` when the status says it all)."));
        properties.put("title", new StringSchema().description("A short summary of the problem type."));
        properties.put("status", new IntegerSchema().description("The HTTP status code."));
        properties.put("detail", new StringSchema().description("What went wrong with this request, in words."));
        properties.put("instance", new StringSchema().format("uri-reference")
                .description("The path of the request that failed."));
        properties.put("errors", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/" + FIELD_ERROR))
                .description("One entry per rejected field (on 400)."));
        return new ObjectSchema().properties(properties).required(List.of("type", "title", "status"))
                .description("RFC 9457 problem details.");
    }

    static Schema<?> fieldErrorSchema() {
        return new ObjectSchema().addProperty("field", new StringSchema().description("The field, as a JSON path."))
                .addProperty("message", new StringSchema().description("What is wrong with it, in words."))
                .required(List.of("field", "message"));
    }

    /** OpenDSR 2.0 §7.6's error body. */
    static Schema<?> openDsrErrorSchema() {
        Schema<?> detail = new ObjectSchema().addProperty("domain", new StringSchema())
                .addProperty("reason", new StringSchema()).addProperty("message", new StringSchema());
        Schema<?> error = new ObjectSchema().addProperty("code", new IntegerSchema())
                .addProperty("message", new StringSchema())
                .addProperty("errors", new ArraySchema().items(detail));
        return new ObjectSchema().addProperty("error", error).required(List.of("error"))
                .description("OpenDSR 2.0 §7.6: the error body of the OpenDSR paths.");
    }

    /** Adds the schemas and the shared responses (both forms) to the components. */
    static void register(Components components) {
        components.addSchemas(PROBLEM, problemSchema());
        components.addSchemas(FIELD_ERROR, fieldErrorSchema());
        components.addSchemas(OPENDSR_ERROR, openDsrErrorSchema());
        for (Status status : Status.values()) {
            components.addResponses(status.name, response(status, false));
            components.addResponses("OpenDsr" + status.name, response(status, true));
        }
    }

    /** The reference of a shared response. */
    static java.util.Optional<Status> of(int code) {
        return java.util.Arrays.stream(Status.values()).filter(s -> s.code.equals(String.valueOf(code))).findFirst();
    }

    static ApiResponse ref(Status status, boolean openDsr) {
        return new ApiResponse().$ref("#/components/responses/" + (openDsr ? "OpenDsr" : "") + status.name);
    }

    private static ApiResponse response(Status status, boolean openDsr) {
        Object example = openDsr ? openDsrExample(status) : problemExample(status);
        MediaType body = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + (openDsr ? OPENDSR_ERROR : PROBLEM)))
                .example(example);
        ApiResponse response = new ApiResponse().description(status.description)
                .content(new Content().addMediaType(openDsr ? "application/json" : PROBLEM_JSON, body));
        if (status == Status.CATCHING_UP) {
            response.addHeaderObject("Retry-After", new Header().description("Seconds to wait before retrying.")
                    .schema(new IntegerSchema()).example(5));
        }
        if (status == Status.UNAUTHORIZED) {
            response.addHeaderObject("WWW-Authenticate", new Header().description("The credentials expected.")
                    .schema(new StringSchema()).example("Bearer realm=\"rightsflow\""));
        }
        return response;
    }

    private static Map<String, Object> problemExample(Status status) {
        int code = Integer.parseInt(status.code);
        String[] detailAndInstance = switch (status) {
            case BAD_REQUEST -> new String[] {"The request has invalid fields.", "/api/v1/requests"};
            case UNAUTHORIZED -> new String[] {"send the operator token as 'Authorization: Bearer <token>'", "/connectors/tasks"};
            case FORBIDDEN -> new String[] {"these credentials do not allow this operation", "/api/v1/registry/organisations/mes"};
            case NOT_FOUND -> new String[] {"no such request", "/api/v1/requests/7d3b0a52-4c1e-4f0e-9d59-2f8b8e0a6c11"};
            case CATCHING_UP -> new String[] {"catching up with its topics; retry shortly", "/api/v1/requests"};
            default -> new String[] {status.description, "/api/v1/registry/organisations/mes"};
        };
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", org.springframework.http.HttpStatus.valueOf(code).getReasonPhrase());
        problem.put("status", code);
        problem.put("detail", detailAndInstance[0]);
        problem.put("instance", detailAndInstance[1]);
        if (status == Status.BAD_REQUEST) {
            problem.put("errors", List.of(Map.of("field", "subject.email", "message", "must be an email address")));
        }
        return problem;
    }

    private static Map<String, Object> openDsrExample(Status status) {
        int code = Integer.parseInt(status.code);
        String message = switch (status) {
            case BAD_REQUEST -> "subject_request_type is not supported";
            case UNAUTHORIZED -> "Name your organisation in the X-Rightsflow-Organisation header and sign the request or send its bearer key.";
            case FORBIDDEN -> "The X-OpenDSR-Signature does not verify with the certificate of the named domain.";
            case NOT_FOUND -> "no request with this subject_request_id";
            case CATCHING_UP -> "catching up; retry shortly";
            default -> status.description;
        };
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("domain", "OpenDSR");
        detail.put("reason", status.name.toLowerCase(java.util.Locale.ROOT));
        detail.put("message", message);
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("errors", List.of(detail));
        return Map.of("error", error);
    }
}
