package dev.rightsflow.schemas.security;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;

import dev.rightsflow.schemas.api.ProblemType;
import dev.rightsflow.schemas.api.Problems;
import reactor.core.publisher.Mono;

/**
 * The answers of every Spring Security chain that guards an API: RFC 9457 problem JSON for "who are you?" (401 with
 * a {@code WWW-Authenticate} challenge) and for "not you" (403). A {@link BadCredentialsException}'s message is
 * shown as the problem's detail: the chains' authentication managers write those messages for the caller (e.g.
 * "the signature does not match the body"), never with a secret or personal data in them; any other
 * authentication failure (no credentials at all) gets the chain's own detail.
 */
public final class ProblemResponses implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

    private final String challenge;
    private final String detail;

    /**
     * @param challenge the {@code WWW-Authenticate} value, e.g. {@code Bearer realm="rightsflow-router"}
     * @param detail    the 401 problem's detail when no credentials were sent
     */
    public ProblemResponses(String challenge, String detail) {
        this.challenge = challenge;
        this.detail = detail;
    }

    /** A bearer-token realm with the usual wording. */
    public static ProblemResponses bearer(String realm, String detail) {
        return new ProblemResponses("Bearer realm=\"" + realm + "\"", detail);
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
        String shown = ex instanceof BadCredentialsException && ex.getMessage() != null ? ex.getMessage() : detail;
        return Problems.write(exchange, ProblemType.UNAUTHORISED, shown);
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, org.springframework.security.access.AccessDeniedException denied) {
        return Problems.write(exchange, ProblemType.FORBIDDEN, "these credentials do not allow this operation");
    }
}
