package dev.rightsflow.schemas.security;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The answers of every Spring Security chain that guards an API: RFC 9457 problem JSON for "who are you?" (401 with
 * a {@code WWW-Authenticate} challenge) and for "not you" (403). A {@link BadCredentialsException}'s message is
 * shown as the problem's detail: the chains' authentication managers write those messages for the caller (e.g.
 * "the signature does not match the body"), never with a secret or personal data in them; any other
 * authentication failure (no credentials at all) gets the chain's own detail.
 */
public final class ProblemResponses implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String challenge;
    private final String title;
    private final String detail;

    /**
     * @param challenge the {@code WWW-Authenticate} value, e.g. {@code Bearer realm="rightsflow-router"}
     * @param title     the 401 problem's title
     * @param detail    the 401 problem's detail when no credentials were sent
     */
    public ProblemResponses(String challenge, String title, String detail) {
        this.challenge = challenge;
        this.title = title;
        this.detail = detail;
    }

    /** A bearer-token realm with the usual wording. */
    public static ProblemResponses bearer(String realm, String title, String detail) {
        return new ProblemResponses("Bearer realm=\"" + realm + "\"", title, detail);
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
        String shown = ex instanceof BadCredentialsException && ex.getMessage() != null ? ex.getMessage() : detail;
        return write(exchange, HttpStatus.UNAUTHORIZED, title, shown);
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, org.springframework.security.access.AccessDeniedException denied) {
        return write(exchange, HttpStatus.FORBIDDEN, "Forbidden", "these credentials do not allow this operation");
    }

    /** Writes an RFC 9457 problem as the whole answer. */
    public static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String title, String detail) {
        ServerHttpResponse response = exchange.getResponse();
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", exchange.getRequest().getPath().pathWithinApplication().value());
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(JSON.writeValueAsBytes(problem))));
    }
}
