package dev.rightsflow.intake.web;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;

/**
 * RFC 9457 problem JSON for intake's own controllers only (scoped by package, so the other
 * services in the standalone keep their behaviour). Field errors are listed under {@code errors}.
 */
@RestControllerAdvice(basePackageClasses = IntakeProblemHandler.class)
public class IntakeProblemHandler {

    @ExceptionHandler(IntakeProblem.class)
    public ResponseEntity<ProblemDetail> on(IntakeProblem problem) {
        return respond(problem);
    }

    @ExceptionHandler(ServerWebInputException.class)
    public ResponseEntity<ProblemDetail> on(ServerWebInputException e) {
        return respond(IntakeProblem.of(HttpStatus.BAD_REQUEST, "Bad request", e.getReason()));
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
