package dev.rightsflow.router.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.server.ServerWebExchange;

import dev.rightsflow.router.application.RegistryService;
import dev.rightsflow.router.application.SecretResolver;
import dev.rightsflow.router.model.ProcessorAuthMethod;

/**
 * Bearer-token checks of the router's endpoints: the admin token from properties, or an
 * organisation's own processor token (named by its {@code processorApi.secretRef}) for its own
 * status view. Tokens are compared in constant time.
 */
public final class AdminAuth {

    private final String adminToken;
    private final SecretResolver secrets;
    private final RegistryService registry;

    public AdminAuth(String adminToken, SecretResolver secrets, RegistryService registry) {
        this.adminToken = adminToken;
        this.secrets = secrets;
        this.registry = registry;
    }

    public boolean isAdmin(ServerWebExchange exchange) {
        return bearer(exchange).map(t -> same(t, adminToken)).orElse(false);
    }

    /** The admin, or the organisation itself with its processor token. */
    public boolean mayActFor(ServerWebExchange exchange, String organisationId) {
        if (isAdmin(exchange)) {
            return true;
        }
        Optional<String> token = bearer(exchange);
        return token.isPresent() && registry.entry(organisationId)
                .map(e -> e.organisation().processorApi())
                .filter(api -> api.auth() != ProcessorAuthMethod.NONE)
                .flatMap(api -> secrets.secret(api.secretRef()))
                .map(secret -> same(token.get(), secret)).orElse(false);
    }

    public static ProblemDetail unauthorized(ServerWebExchange exchange) {
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"rightsflow-router\"");
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
                "a valid bearer token is required");
        problem.setType(URI.create("https://rightsflow.dev/problems/unauthorized"));
        return problem;
    }

    private static Optional<String> bearer(ServerWebExchange exchange) {
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(header.substring(7).trim());
    }

    private static boolean same(String a, String b) {
        return b != null && !b.isEmpty() && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8),
                b.getBytes(StandardCharsets.UTF_8));
    }
}
