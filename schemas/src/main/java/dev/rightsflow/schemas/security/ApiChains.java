package dev.rightsflow.schemas.security;

import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;

/**
 * The one shape of every machine-facing Spring Security chain (registry admin, connector operators, processor API,
 * rebuild and actuator endpoints): matched only on its own paths ({@code securityMatcher}, so in the standalone no
 * service's chain swallows another's paths), stateless (no session, no saved request, no CSRF: the credentials are
 * in headers a cross-site page cannot make a browser send), credentials through the given converter and manager,
 * and RFC 9457 answers: 401 with {@code WWW-Authenticate} for missing or wrong credentials, 403 for credentials
 * without the role. Response headers come from {@link ResponseHeaders}, as on every other path.
 *
 * <p>The caller adds its {@code authorizeExchange} rules and builds the chain.
 */
public final class ApiChains {

    private ApiChains() {
    }

    public static ServerHttpSecurity stateless(ServerHttpSecurity http, ServerWebExchangeMatcher paths,
            ServerAuthenticationConverter converter, ReactiveAuthenticationManager manager, ProblemResponses answers) {
        return stateless(http, paths, converter, manager, answers, answers);
    }

    /**
     * As {@link #stateless(ServerHttpSecurity, ServerWebExchangeMatcher, ServerAuthenticationConverter,
     * ReactiveAuthenticationManager, ProblemResponses)}, for a surface whose protocol prescribes its own error body
     * (OpenDSR's {@code {"error": {...}}}): {@code unauthorised} answers missing or wrong credentials (with
     * {@code WWW-Authenticate}), {@code forbidden} credentials the rules refuse.
     */
    public static ServerHttpSecurity stateless(ServerHttpSecurity http, ServerWebExchangeMatcher paths,
            ServerAuthenticationConverter converter, ReactiveAuthenticationManager manager,
            ServerAuthenticationEntryPoint unauthorised, ServerAccessDeniedHandler forbidden) {
        AuthenticationWebFilter authentication = new AuthenticationWebFilter(manager);
        authentication.setServerAuthenticationConverter(converter);
        authentication.setAuthenticationFailureHandler(new ServerAuthenticationEntryPointFailureHandler(unauthorised));
        authentication.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
        return http.securityMatcher(paths)
                .addFilterAt(authentication, SecurityWebFiltersOrder.AUTHENTICATION)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
                .headers(ResponseHeaders::leaveToSharedFilter)
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthorised).accessDeniedHandler(forbidden));
    }

    /** A bearer-token chain over fixed tokens. */
    public static ServerHttpSecurity bearer(ServerHttpSecurity http, ServerWebExchangeMatcher paths, BearerTokens tokens,
            ProblemResponses answers, String wrongTokenDetail) {
        return stateless(http, paths, BearerTokens.converter(), tokens.manager(wrongTokenDetail), answers);
    }
}
