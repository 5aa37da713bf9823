package dev.rightsflow.schemas.api;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one way every service builds a problem: as a {@link Problem} record, as a controller's
 * {@link ResponseEntity}, or written straight onto a response by a filter or a security chain. {@code instance} is
 * always the path called (after {@link LegacyPaths} rewrote a legacy one), {@code title} and {@code status} always the
 * type's.
 */
public final class Problems {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Problems() {
    }

    public static Problem of(ProblemType type, String detail, String instance, List<Problem.FieldError> errors,
            Map<String, Object> extensions) {
        return new Problem(type.uri(), type.title(), type.status().value(), detail, instance, errors, extensions);
    }

    public static Problem of(ProblemType type, String detail, String instance) {
        return of(type, detail, instance, List.of(), Map.of());
    }

    /** The path a problem's {@code instance} names. */
    public static String instance(ServerHttpRequest request) {
        return request.getPath().pathWithinApplication().value();
    }

    /** A controller's answer. */
    public static ResponseEntity<Problem> response(ServerHttpRequest request, ProblemType type, String detail,
            List<Problem.FieldError> errors) {
        return ResponseEntity.status(type.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(of(type, detail, instance(request), errors, Map.of()));
    }

    public static ResponseEntity<Problem> response(ServerHttpRequest request, ProblemType type, String detail) {
        return response(request, type, detail, List.of());
    }

    /** The answer to a {@link ProblemException}, with its {@code Retry-After} if it has one. */
    public static ResponseEntity<Problem> response(ServerHttpRequest request, ProblemException e) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(e.type().status())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (e.retryAfterSeconds() != null) {
            builder.header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()));
        }
        return builder.body(of(e.type(), e.getMessage(), instance(request), e.errors(), e.extensions()));
    }

    /** Writes a problem as the whole answer, for filters and security chains that answer before any controller. */
    public static Mono<Void> write(ServerWebExchange exchange, ProblemType type, String detail) {
        return write(exchange, of(type, detail, instance(exchange.getRequest())));
    }

    public static Mono<Void> write(ServerWebExchange exchange, Problem problem) {
        ServerHttpResponse response = exchange.getResponse();
        response.setRawStatusCode(problem.status());
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(bytes(problem))));
    }

    /** The problem's JSON, as {@link #write} sends it. */
    public static byte[] bytes(Problem problem) {
        return JSON.writeValueAsBytes(problem);
    }
}
