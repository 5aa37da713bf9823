package dev.rightsflow.intake.web;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;

/**
 * RFC 9457 problem JSON for intake's own controllers only (scoped by package, so the other
 * services in the standalone keep their behaviour). Field errors are listed under {@code errors}.
 */
@RestControllerAdvice(basePackageClasses = IntakeProblemHandler.class)
public class IntakeProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(IntakeProblemHandler.class);

    @ExceptionHandler(IntakeProblem.class)
    public ResponseEntity<ProblemDetail> on(IntakeProblem problem) {
        return respond(problem);
    }

    @ExceptionHandler(ServerWebInputException.class)
    public ResponseEntity<ProblemDetail> on(ServerWebInputException e) {
        return respond(IntakeProblem.of(HttpStatus.BAD_REQUEST, "Bad request", e.getReason()));
    }

    /** A Content-Type (or other media-type header) that cannot be parsed, e.g. an unknown charset. */
    @ExceptionHandler(InvalidMediaTypeException.class)
    public ResponseEntity<ProblemDetail> on(InvalidMediaTypeException e) {
        return respond(JsonBodies.unsupportedType());
    }

    /** Spring's own 4xx decisions (415, 406, 405...) keep their status, as problem JSON. */
    @ExceptionHandler(ResponseStatusException.class)
    public ResponseEntity<ProblemDetail> on(ResponseStatusException e) {
        HttpStatus status = HttpStatus.resolve(e.getStatusCode().value());
        if (status == null || status.is5xxServerError()) {
            return unexpected(e);
        }
        return respond(IntakeProblem.of(status, status.getReasonPhrase(), e.getReason() == null ? status.getReasonPhrase() : e.getReason()));
    }

    /**
     * Anything else is a defect of ours, not of the input: 500 with one log line (class and the
     * frame that threw, never the message, which may quote the input), so no client can flood the log.
     */
    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> unexpected(Exception e) {
        StackTraceElement at = e.getStackTrace().length == 0 ? null : e.getStackTrace()[0];
        log.error("unexpected {} at {}", e.getClass().getName(), at);
        return respond(IntakeProblem.of(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "The request could not be handled; nothing was recorded."));
    }

    public static ResponseEntity<ProblemDetail> respond(IntakeProblem problem) {
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(problem.status(), problem.getMessage());
        detail.setTitle(problem.title());
        detail.setType(URI.create("https://rightsflow.dev/problems/" + problem.status().value()));
        if (!problem.errors().isEmpty()) {
            List<Map<String, String>> errors = problem.errors().stream()
                    .map(e -> Map.of("field", e.field(), "message", e.message())).toList();
            detail.setProperty("errors", errors);
        }
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(problem.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (problem.retryAfterSeconds() != null) {
            builder.header(HttpHeaders.RETRY_AFTER, String.valueOf(problem.retryAfterSeconds()));
        }
        return builder.body(detail);
    }
}
