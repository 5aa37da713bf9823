package dev.rightsflow.schemas.api;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.MissingRequestValueException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;

import reactor.core.publisher.Mono;
import dev.rightsflow.schemas.model.Counted;

/**
 * Every controller's exceptions as {@link Problem}s (a service's own advice, ordered before this one, may answer its
 * own exception types first, also through {@link Problems}). Spring's decisions made before a handler runs (404 no
 * such path, 405, 406, 415) come here too. Exceptions of pages (a browser asking for HTML) go on to Spring Boot's
 * error page.
 *
 * <p>400 or 422 follows {@link ProblemType}'s rule: a body that cannot be read is 400; a parameter of the wrong
 * type, a missing required parameter and bean-validation failures are 422 with the values listed.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ApiProblemAdvice {

    private static final Logger log = LoggerFactory.getLogger(ApiProblemAdvice.class);

    @ExceptionHandler(ProblemException.class)
    public Mono<ResponseEntity<Problem>> on(ProblemException e, ServerHttpRequest request) {
        return Mono.just(Problems.response(request, e));
    }

    @ExceptionHandler(WebExchangeBindException.class)
    public Mono<ResponseEntity<Problem>> on(WebExchangeBindException e, ServerHttpRequest request) {
        List<Problem.FieldError> errors = e.getFieldErrors().stream()
                .map(f -> new Problem.FieldError(f.getField(), f.getDefaultMessage())).toList();
        return Mono.just(Problems.response(request, ProblemType.INVALID,
                Counted.of(errors.size(), "invalid field") + "; nothing was recorded", errors));
    }

    @ExceptionHandler(MissingRequestValueException.class)
    public Mono<ResponseEntity<Problem>> on(MissingRequestValueException e, ServerHttpRequest request) {
        return Mono.just(Problems.response(request, ProblemType.INVALID, "a required value is missing",
                List.of(new Problem.FieldError(e.getName(), "required"))));
    }

    @ExceptionHandler(ServerWebInputException.class)
    public Mono<ResponseEntity<Problem>> on(ServerWebInputException e, ServerHttpRequest request) {
        if (e.getCause() instanceof TypeMismatchException mismatch && e.getMethodParameter() != null) {
            String name = mismatch.getPropertyName() != null ? mismatch.getPropertyName()
                    : e.getMethodParameter().getParameterName();
            return Mono.just(Problems.response(request, ProblemType.INVALID, "a value has the wrong type or format",
                    List.of(new Problem.FieldError(name == null ? "parameter" : name, "has the wrong type or format"))));
        }
        return Mono.just(Problems.response(request, ProblemType.MALFORMED,
                e.getReason() == null ? "the request could not be read" : e.getReason()));
    }

    /** A Content-Type (or other media-type header) that cannot be parsed, e.g. an unknown charset. */
    @ExceptionHandler(InvalidMediaTypeException.class)
    public Mono<ResponseEntity<Problem>> on(InvalidMediaTypeException e, ServerHttpRequest request) {
        return Mono.just(Problems.response(request, ProblemType.UNSUPPORTED_MEDIA_TYPE,
                "the Content-Type header cannot be read"));
    }

    @ExceptionHandler(ResponseStatusException.class)
    public Mono<ResponseEntity<Problem>> on(ResponseStatusException e, ServerHttpRequest request) {
        if (page(request)) {
            return Mono.error(e);
        }
        int status = e.getStatusCode().value();
        if (status >= 500) {
            return unexpected(e, request);
        }
        ProblemType type = ProblemType.of(status);
        ResponseEntity<Problem> answer = ResponseEntity.status(status).headers(e.getHeaders())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(new Problem(type.uri(), type.title(), status, e.getReason() == null ? type.title() : e.getReason(),
                        Problems.instance(request), List.of(), Map.of()));
        return Mono.just(answer);
    }

    /** An OpenAPI document asked for by a name no service has ({@code /v3/api-docs/audit}): the caller's mistake. */
    @ExceptionHandler(org.springdoc.api.OpenApiResourceNotFoundException.class)
    public Mono<ResponseEntity<Problem>> on(org.springdoc.api.OpenApiResourceNotFoundException e, ServerHttpRequest request) {
        return Mono.just(Problems.response(request, ProblemType.NOT_FOUND,
                "no OpenAPI document has this name; /v3/api-docs/swagger-config lists them"));
    }

    /**
     * Anything else is a defect of ours, not of the input: 500 with one log line (class and the frame that threw,
     * never the message, which may quote the input).
     */
    @ExceptionHandler(Exception.class)
    public Mono<ResponseEntity<Problem>> unexpected(Exception e, ServerHttpRequest request) {
        if (page(request)) {
            return Mono.error(e);
        }
        StackTraceElement at = e.getStackTrace().length == 0 ? null : e.getStackTrace()[0];
        log.error("unexpected {} at {}", e.getClass().getName(), at);
        return Mono.just(Problems.response(request, ProblemType.INTERNAL_ERROR,
                "the request could not be handled; nothing was recorded"));
    }

    /** A browser asking for a page: it gets Spring Boot's error page, not JSON. */
    static boolean page(ServerHttpRequest request) {
        if (request.getPath().pathWithinApplication().value().startsWith(ApiPaths.BASE + "/")) {
            return false;
        }
        List<MediaType> accept = request.getHeaders().getAccept();
        return accept.stream().anyMatch(m -> m.isCompatibleWith(MediaType.TEXT_HTML) && !m.isWildcardType());
    }
}
