package dev.rightsflow.router.security;

import java.security.Principal;
import java.util.Locale;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

import dev.rightsflow.router.forwarding.http.SignedForwarder;
import dev.rightsflow.schemas.api.ProblemException;
import dev.rightsflow.schemas.api.ProblemType;
import dev.rightsflow.schemas.opendsr.OpenDsr;
import dev.rightsflow.schemas.opendsr.OpenDsrPeers;
import dev.rightsflow.schemas.opendsr.OpenDsrRefusals;
import dev.rightsflow.schemas.security.ApiChains;
import dev.rightsflow.schemas.security.BearerTokens;
import dev.rightsflow.schemas.security.OperationsAccess;
import dev.rightsflow.schemas.security.ProblemResponses;
import dev.rightsflow.schemas.security.RawBodies;
import dev.rightsflow.schemas.security.SignedCall;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The router's Spring Security chain, on its own paths only ({@code /api/v1/router/**}, {@code /api/v1/registry/**}; the legacy {@code /router/**} arrives rewritten by
 * {@link dev.rightsflow.schemas.api.LegacyPaths}), so
 * the other services in the standalone keep their rules. Bearer tokens ({@link AdminAuth#manager()}):
 * <ul>
 *   <li>the registry admin API, triage, case views, rebuild and risk check, the OpenDSR forwarded-status view:
 *       the admin token (role {@code ADMIN});</li>
 *   <li>{@code /api/v1/router/forwarded?organisation=…}: the admin, or that organisation with its processor token (another
 *       organisation's token is 403);</li>
 *   <li>{@code GET /api/v1/registry/organisations/{id}/webhook-deliveries}: the admin, or that organisation with its
 *       processor token;</li>
 *   <li>{@code POST /api/v1/router/pre-approval/{requestId}/{answer}}: open here, verified by its Standard Webhooks
 *       signature.</li>
 * </ul>
 * No token or a wrong one: 401 with {@code WWW-Authenticate: Bearer realm="rightsflow-router"} and a problem body.
 *
 * <p>{@code POST /api/v1/router/opendsr/callbacks}, where external controllers report the status of requests forwarded to them,
 * has a chain of its own ({@link #routerOpenDsrCallbackSecurityFilterChain}): a callback is authenticated by its
 * signature as OpenDSR 2.0 §8.8 lays down, before the handler reads it: the {@code X-OpenDSR-Processor-Domain} header
 * names a trusted peer ({@code rightsflow.opendsr.peers}) and the {@code X-OpenDSR-Signature} verifies over the raw
 * body with that peer's certificate (read once, {@link RawBodies}, and handed on). Otherwise 403 (§8.8 step 5) in
 * OpenDSR's error form ({@link OpenDsrRefusals}).
 */
@Configuration(value = "routerSecurity", proxyBeanMethods = false)
public class RouterSecurity {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 30)
    public SecurityWebFilterChain routerSecurityFilterChain(ServerHttpSecurity http,
            @Qualifier("routerAdminAuth") AdminAuth auth) {
        return ApiChains.stateless(http, ServerWebExchangeMatchers.pathMatchers("/api/v1/router", "/api/v1/router/**",
                                "/api/v1/registry", "/api/v1/registry/**"), BearerTokens.converter(), auth.manager(),
                        ProblemResponses.bearer("rightsflow-router", "a valid bearer token is required"))
                .authorizeExchange(a -> a.pathMatchers(HttpMethod.POST, "/api/v1/router/pre-approval/*/*").permitAll()
                        .pathMatchers(HttpMethod.GET, "/api/v1/registry/organisations/*/webhook-deliveries")
                        .hasAnyRole("ADMIN", "ORGANISATION")
                        .pathMatchers(HttpMethod.GET, "/api/v1/router/forwarded").hasAnyRole("ADMIN", "ORGANISATION")
                        .anyExchange().hasRole("ADMIN"))
                .build();
    }

    /** The most a status callback (a small JSON document, §8.6) may weigh. */
    static final long MAX_CALLBACK_BYTES = 256 * 1024;

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 29)
    public SecurityWebFilterChain routerOpenDsrCallbackSecurityFilterChain(ServerHttpSecurity http,
            @Qualifier("routerOpenDsrPeers") OpenDsrPeers peers) {
        ServerAuthenticationConverter converter = exchange -> Mono.just(new SignedCall(exchange.getRequest(),
                RawBodies.of(exchange)));
        ReactiveAuthenticationManager manager = presented -> {
            SignedCall callback = (SignedCall) presented;
            String domain = OpenDsr.first(callback.request().getHeaders()::getFirst, OpenDsr.DOMAIN_HEADERS);
            String signature = OpenDsr.first(callback.request().getHeaders()::getFirst, OpenDsr.SIGNATURE_HEADERS);
            return Mono.fromCallable(() -> peers.verify(domain, callback.raw(), signature))
                    .subscribeOn(Schedulers.boundedElastic())
                    .flatMap(verdict -> verdict == OpenDsrPeers.Verdict.VALID
                            ? Mono.<Authentication>just(UsernamePasswordAuthenticationToken.authenticated(
                                    domain.trim().toLowerCase(Locale.ROOT), null,
                                    AuthorityUtils.createAuthorityList("ROLE_OPENDSR_PEER")))
                            : Mono.error(new OpenDsrRefusals.SignatureRefused(verdict, "the callback signature does not verify")));
        };
        OpenDsrRefusals refusals = new OpenDsrRefusals("X-OpenDSR-Signature realm=\"rightsflow-router\"",
                "sign the callback with your OpenDSR certificate (X-OpenDSR-Processor-Domain, X-OpenDSR-Signature)");
        return ApiChains.stateless(http, ServerWebExchangeMatchers.pathMatchers(HttpMethod.POST, SignedForwarder.CALLBACK_PATH),
                        converter, manager, refusals, refusals)
                .addFilterBefore(RawBodies.cache(MAX_CALLBACK_BYTES, headers -> true,
                        exchange -> OpenDsrRefusals.write(exchange, HttpStatus.CONTENT_TOO_LARGE,
                                "a callback may be at most " + MAX_CALLBACK_BYTES + " bytes", java.util.List.of())),
                        SecurityWebFiltersOrder.AUTHENTICATION)
                .authorizeExchange(a -> a.anyExchange().hasRole("OPENDSR_PEER"))
                .build();
    }

    @Bean
    public OperationsAccess routerOperationsAccess(@Qualifier("routerAdminAuth") AdminAuth auth) {
        return new OperationsAccess("router", auth.adminTokens());
    }

    /** The admin, or the organisation itself. */
    public static boolean mayActFor(Principal principal, String organisationId) {
        if (principal instanceof Authentication a && a.getAuthorities().stream()
                .anyMatch(g -> "ROLE_ADMIN".equals(g.getAuthority()))) {
            return true;
        }
        return principal != null && principal.getName().equals(organisationId);
    }

    public static ProblemException forbidden(String organisationId) {
        return new ProblemException(ProblemType.FORBIDDEN,
                "this token may read only its own organisation's forwarded requests");
    }
}
