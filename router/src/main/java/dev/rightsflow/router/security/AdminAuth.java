package dev.rightsflow.router.security;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.web.server.ServerWebExchange;

import dev.rightsflow.router.registry.application.RegistryService;
import dev.rightsflow.router.registry.application.SecretResolver;
import dev.rightsflow.router.registry.model.ProcessorAuthMethod;
import dev.rightsflow.schemas.security.BearerTokens;
import reactor.core.publisher.Mono;

/**
 * Who a bearer token on the router's endpoints is, for its Spring Security chain ({@link RouterSecurity}): the
 * admin token from properties (role {@code ADMIN}), or an organisation's own processor token (named by its
 * {@code processorApi.secretRef}; role {@code ORGANISATION}, principal the organisation id) for its own status view.
 * Tokens are compared in constant time, against every candidate.
 *
 * <p>Production by default: the admin token ({@code rightsflow.router.admin-token}, {@code ROUTER_ADMIN_TOKEN}) is
 * required. Unset, or set to the published {@link #DEMO_ADMIN_TOKEN}, the router refuses to start and names the
 * setting, unless the demo is switched on ({@code rightsflow.demo=true}), which uses the demo token.
 */
public final class AdminAuth {

    /** DEMO ONLY. The admin token when the demo is on and none is set. */
    public static final String DEMO_ADMIN_TOKEN = "dev-router-admin-token";
    private static final Logger log = LoggerFactory.getLogger(AdminAuth.class);

    private final String adminToken;
    private final SecretResolver secrets;
    private final RegistryService registry;

    public AdminAuth(String adminToken, SecretResolver secrets, RegistryService registry) {
        this.adminToken = adminToken;
        this.secrets = secrets;
        this.registry = registry;
    }

    /**
     * The admin checks with the configured token, or the demo token when {@code demo} is on and none is configured.
     *
     * @throws IllegalStateException naming the setting when no token is configured (or the demo token is) without
     *                               the demo
     */
    public static AdminAuth checked(String configuredToken, boolean demo, SecretResolver secrets, RegistryService registry) {
        String token = configuredToken == null ? "" : configuredToken.trim();
        if (token.isEmpty() && demo) {
            token = DEMO_ADMIN_TOKEN;
        }
        if (token.isEmpty()) {
            throw new IllegalStateException("router cannot start: the admin token is not set. Set"
                    + " rightsflow.router.admin-token (environment ROUTER_ADMIN_TOKEN) to a random secret (e.g. openssl"
                    + " rand -base64 32), or switch the demo on with RIGHTSFLOW_DEMO=true (demo only)");
        }
        if (token.equals(DEMO_ADMIN_TOKEN)) {
            if (!demo) {
                throw new IllegalStateException("router cannot start: rightsflow.router.admin-token (ROUTER_ADMIN_TOKEN)"
                        + " is the published demo token; set a secret of your own, or switch the demo on with"
                        + " RIGHTSFLOW_DEMO=true (demo only)");
            }
            log.warn("DEMO: the registry admin API and the router's views accept the published demo admin token");
        }
        return new AdminAuth(token, secrets, registry);
    }

    /** Whether the call carries the admin token (the chain decides the same way; this is for checks outside it). */
    public boolean isAdmin(ServerWebExchange exchange) {
        return bearer(exchange).flatMap(t -> adminTokens().match(t)).isPresent();
    }

    /** The admin token as operator credentials (also opens the actuator endpoints). */
    public BearerTokens adminTokens() {
        return new BearerTokens().with(adminToken, ADMIN_PRINCIPAL, "ADMIN");
    }

    /** The principal name of the admin token. */
    public static final String ADMIN_PRINCIPAL = "registry-admin";

    /**
     * The chain's authentication: the admin token, else the processor token of the one organisation it belongs to;
     * anything else is refused. Every organisation's token is compared, whether or not an earlier one matched.
     */
    public ReactiveAuthenticationManager manager() {
        BearerTokens admin = adminTokens();
        return presented -> Mono.fromCallable(() -> {
            String token = (String) presented.getCredentials();
            Optional<Authentication> found = admin.match(token);
            if (found.isPresent()) {
                return found.get();
            }
            BearerTokens organisations = new BearerTokens();
            for (var entry : registry.entries()) {
                var api = entry.organisation().processorApi();
                if (api != null && api.auth() != ProcessorAuthMethod.NONE) {
                    secrets.secret(api.secretRef()).ifPresent(secret -> organisations.with(secret,
                            entry.organisation().id(), "ORGANISATION"));
                }
            }
            return organisations.match(token).orElseThrow(() -> new BadCredentialsException("the bearer token is not valid here"));
        });
    }

    private static Optional<String> bearer(ServerWebExchange exchange) {
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(header.substring(7).trim());
    }
}
