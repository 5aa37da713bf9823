package dev.rightsflow.router.web;

import java.net.URI;
import java.security.Principal;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

import dev.rightsflow.router.http.SignedForwarder;
import dev.rightsflow.schemas.security.ApiChains;
import dev.rightsflow.schemas.security.BearerTokens;
import dev.rightsflow.schemas.security.OperationsAccess;
import dev.rightsflow.schemas.security.ProblemResponses;

/**
 * The router's Spring Security chain, on its own paths only ({@code /router/**}, {@code /api/v1/registry/**}), so
 * the other services in the standalone keep their rules. Bearer tokens ({@link AdminAuth#manager()}):
 * <ul>
 *   <li>the registry admin API, triage, case views, rebuild and risk check, the OpenDSR forwarded-status view:
 *       the admin token (role {@code ADMIN});</li>
 *   <li>{@code /router/forwarded?organisation=…}: the admin, or that organisation with its processor token (another
 *       organisation's token is 403);</li>
 *   <li>{@code GET /api/v1/registry/organisations/{id}/webhook-deliveries}: the admin, or that organisation with its
 *       processor token;</li>
 *   <li>{@code POST /router/opendsr/callbacks} and {@code POST /router/pre-approval/{requestId}/{answer}}: open here,
 *       each is verified by its signature.</li>
 * </ul>
 * No token or a wrong one: 401 with {@code WWW-Authenticate: Bearer realm="rightsflow-router"} and a problem body.
 */
@Configuration(value = "routerSecurity", proxyBeanMethods = false)
public class RouterSecurity {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 30)
    public SecurityWebFilterChain routerSecurityFilterChain(ServerHttpSecurity http,
            @Qualifier("routerAdminAuth") AdminAuth auth) {
        return ApiChains.stateless(http, ServerWebExchangeMatchers.pathMatchers("/router", "/router/**",
                                "/api/v1/registry", "/api/v1/registry/**"), BearerTokens.converter(), auth.manager(),
                        ProblemResponses.bearer("rightsflow-router", "Unauthorized", "a valid bearer token is required"))
                .authorizeExchange(a -> a.pathMatchers(HttpMethod.POST, SignedForwarder.CALLBACK_PATH).permitAll()
                        .pathMatchers(HttpMethod.POST, "/router/pre-approval/*/*").permitAll()
                        .pathMatchers(HttpMethod.GET, "/api/v1/registry/organisations/*/webhook-deliveries")
                        .hasAnyRole("ADMIN", "ORGANISATION")
                        .pathMatchers(HttpMethod.GET, "/router/forwarded").hasAnyRole("ADMIN", "ORGANISATION")
                        .anyExchange().hasRole("ADMIN"))
                .build();
    }

    @Bean
    public OperationsAccess routerOperationsAccess(@Qualifier("routerAdminAuth") AdminAuth auth) {
        return new OperationsAccess("router", auth.adminTokens());
    }

    /** The admin, or the organisation itself. */
    static boolean mayActFor(Principal principal, String organisationId) {
        if (principal instanceof Authentication a && a.getAuthorities().stream()
                .anyMatch(g -> "ROLE_ADMIN".equals(g.getAuthority()))) {
            return true;
        }
        return principal != null && principal.getName().equals(organisationId);
    }

    static ResponseEntity<?> forbidden(String organisationId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
                "this token may read only its own organisation's forwarded requests");
        problem.setType(URI.create("https://rightsflow.dev/problems/forbidden"));
        return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
