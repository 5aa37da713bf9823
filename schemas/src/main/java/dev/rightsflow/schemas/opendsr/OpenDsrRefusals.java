package dev.rightsflow.schemas.opendsr;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * The answers of a Spring Security chain guarding an OpenDSR surface, in the error form OpenDSR 2.0 prescribes (§7.5,
 * §7.6: {@code {"error": {"code", "message", "errors": [{"domain", "reason", "message"}]}}}, JSON, not cached) rather
 * than RFC 9457 problem JSON, which OpenDSR clients do not read:
 * <ul>
 *   <li>missing or wrong API credentials (§4.3 leaves API authentication to the processor): 401 with
 *       {@code WWW-Authenticate}; a {@link BadCredentialsException}'s message, written by the chain's manager for the
 *       caller and never holding a secret, is the error's message;</li>
 *   <li>a message signature that does not verify ({@link SignatureRefused}; §8.8 step 5: "Return 403 if validation
 *       fails"): 403, its reason naming the verdict;</li>
 *   <li>credentials the chain's rules refuse: 403.</li>
 * </ul>
 * §7.6: the body never carries an identity or a credential.
 */
public final class OpenDsrRefusals implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

    private static final OpenDsrCodec CODEC = new OpenDsrCodec();

    /** The request's OpenDSR signature (its {@code X-OpenDSR-Signature} over the raw body) does not verify. */
    public static final class SignatureRefused extends AuthenticationException {
        private static final long serialVersionUID = 1L;

        private final OpenDsrPeers.Verdict verdict;

        public SignatureRefused(OpenDsrPeers.Verdict verdict, String message) {
            super(message);
            this.verdict = verdict;
        }

        public OpenDsrPeers.Verdict verdict() {
            return verdict;
        }
    }

    private final String challenge;
    private final String detail;

    /**
     * @param challenge the {@code WWW-Authenticate} value
     * @param detail    the 401's message when no credentials were sent
     */
    public OpenDsrRefusals(String challenge, String detail) {
        this.challenge = challenge;
        this.detail = detail;
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
        if (ex instanceof SignatureRefused refused) {
            return write(exchange, HttpStatus.FORBIDDEN, refused.getMessage(), List.of(new Messages.ErrorDetail("Security",
                    "Signature" + refused.verdict(), refused.getMessage())));
        }
        String shown = ex instanceof BadCredentialsException && ex.getMessage() != null ? ex.getMessage() : detail;
        return write(exchange, HttpStatus.UNAUTHORIZED, shown, List.of(new Messages.ErrorDetail("Security", "Unauthorized", shown)));
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        String message = "these credentials do not allow this operation";
        return write(exchange, HttpStatus.FORBIDDEN, message, List.of(new Messages.ErrorDetail("Security", "Forbidden", message)));
    }

    /** The body OpenDSR prescribes for an error, as the whole answer. */
    public static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String message, List<Messages.ErrorDetail> errors) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(new MediaType("application", "json", StandardCharsets.UTF_8));
        response.getHeaders().setCacheControl("no-store");
        response.getHeaders().setPragma("no-cache");
        byte[] body = body(status, message, errors);
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
    }

    /** The §7.5 error body's bytes. */
    public static byte[] body(HttpStatus status, String message, List<Messages.ErrorDetail> errors) {
        return CODEC.write(Messages.ErrorResponse.of(status.value(), message, errors));
    }
}
