package dev.rightsflow.schemas.operations;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * Keeps {@code /actuator/health} (and its groups {@code liveness} and {@code readiness}) open to
 * anyone, for load balancers and orchestrators, and every other actuator endpoint
 * ({@code prometheus}, {@code metrics}, {@code info}, the index) to callers that send
 * {@code Authorization: Bearer <token>} with the operator token ({@code rightsflow.actuator.token},
 * which each service's configuration sets to its own operator token; see the README). Without a
 * token configured, those endpoints answer 401 to everyone. The token is compared in constant time
 * and never logged.
 */
public final class ActuatorTokenFilter implements WebFilter, Ordered {

    static final String PREFIX = "/actuator";

    private final byte[] token;

    public ActuatorTokenFilter(String token) {
        this.token = token == null ? new byte[0] : token.trim().getBytes(StandardCharsets.UTF_8);
    }

    /** Before Spring Security's chains ({@code -100}), which do not match these paths. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 40;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!guarded(path) || authorised(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION))) {
            return chain.filter(exchange);
        }
        return refuse(exchange.getResponse(), path);
    }

    static boolean guarded(String path) {
        if (!path.equals(PREFIX) && !path.startsWith(PREFIX + "/")) {
            return false;
        }
        return !(path.equals(PREFIX + "/health") || path.startsWith(PREFIX + "/health/"));
    }

    private boolean authorised(String authorization) {
        if (token.length == 0 || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8), token);
    }

    private static Mono<Void> refuse(ServerHttpResponse response, String path) {
        String body = "{\"type\":\"about:blank\",\"title\":\"Operator token required\",\"status\":401,"
                + "\"detail\":\"send the operator token as 'Authorization: Bearer <token>'\",\"instance\":\""
                + path.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"rightsflow-actuator\"");
        DataBuffer buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(buffer));
    }
}
