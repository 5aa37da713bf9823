package dev.rightsflow.auditlog.dashboard.security;

import java.net.URI;
import java.time.Clock;
import java.util.List;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UserDetailsRepositoryReactiveAuthenticationManager;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.authentication.logout.RedirectServerLogoutSuccessHandler;
import org.springframework.security.web.server.authorization.ServerWebExchangeDelegatingServerAccessDeniedHandler;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRequestHandler;
import org.springframework.security.web.server.csrf.XorServerCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.session.CookieWebSessionIdResolver;

import dev.rightsflow.auditlog.AuditLogProperties;
import dev.rightsflow.auditlog.dashboard.web.DashboardAssets;
import dev.rightsflow.schemas.security.BearerTokens;
import dev.rightsflow.schemas.security.HeaderPolicy;
import dev.rightsflow.schemas.security.OperationsAccess;
import dev.rightsflow.schemas.security.ProblemResponses;
import dev.rightsflow.schemas.security.ResponseHeaders;
import dev.rightsflow.schemas.security.StaffAccounts;
import reactor.core.publisher.Mono;

/**
 * Staff sign-in for the dashboard and the audit API, and nothing else: the chain matches only
 * {@code /dashboard/**}, {@code /api/v1/dashboard/**} and {@code /api/v1/audit/**}, so the other
 * services in the standalone keep their own rules. Pages use form login at
 * {@code /dashboard/login} (sign out: POST {@code /dashboard/logout}); the JSON API also takes HTTP
 * Basic and answers 401 (with {@code WWW-Authenticate: Basic} and a problem body) instead of redirecting, and 403
 * as a problem for a role it lacks. Passwords are BCrypt hashes from configuration.
 * <ul>
 *   <li>CSRF: every unsafe request of the pages needs the token; so does every unsafe API call
 *       that is authenticated by the session cookie. API calls with an {@code Authorization}
 *       header (which another site's page cannot make a browser send) need none.</li>
 *   <li>Sign-in attempts are throttled per user name and per client address ({@link LoginThrottle}).</li>
 *   <li>An unknown user name costs the same BCrypt work as a known one with a wrong password, so
 *       timing does not tell which user names exist.</li>
 *   <li>Headers: the shared {@link ResponseHeaders} filter, with the pages' Content-Security-Policy that allows
 *       only the dashboard's own script and style files ({@link #auditLogDashboardHeaderPolicy}); no framing,
 *       nosniff, no referrer, {@code Cache-Control: no-store} (the pages and answers carry personal data).</li>
 * </ul>
 */
@Configuration(value = "auditLogDashboardSecurity", proxyBeanMethods = false)
@EnableConfigurationProperties(LoginThrottleProperties.class)
public class DashboardSecurity {

    public static final String LOGIN = "/dashboard/login";
    /** The session cookie's name (Spring's default for WebFlux sessions). */
    public static final String SESSION_COOKIE = "SESSION";

    /**
     * Same-origin everything: the one script and the style sheets are files of the dashboard
     * ({@link DashboardAssets}); no inline script, no inline style (neither elements nor attributes).
     */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'"
            + "; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /**
     * The session cookie is {@code SameSite=Lax} (a cross-site POST never carries it) unless
     * {@code server.reactive.session.cookie.same-site} says otherwise; measured: without this the
     * cookie had no SameSite attribute at all. {@code Secure} follows the request's scheme (HTTPS
     * directly, or a trusted proxy's {@code X-Forwarded-Proto} in the standalone), or
     * {@code server.reactive.session.cookie.secure=true}.
     */
    @Bean
    public static BeanPostProcessor auditLogSessionCookieSameSite(Environment environment) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof CookieWebSessionIdResolver resolver
                        && !environment.containsProperty("server.reactive.session.cookie.same-site")) {
                    resolver.addCookieInitializer(cookie -> cookie.sameSite("Lax"));
                }
                return bean;
            }
        };
    }

    /** Who may sign in ({@code rightsflow.audit-log.users}, the demo users only with the demo on). */
    @Bean
    public StaffDirectory auditLogStaffDirectory(AuditLogProperties properties, Environment environment) {
        return new StaffDirectory(properties, environment);
    }

    @Bean
    public LoginThrottle auditLogLoginThrottle(LoginThrottleProperties settings) {
        return new LoginThrottle(settings, Clock.systemUTC());
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 20)
    public SecurityWebFilterChain auditLogSecurityFilterChain(ServerHttpSecurity http, StaffDirectory staff,
            LoginThrottle auditLogLoginThrottle) {
        ReactiveAuthenticationManager manager = throttled(authenticationManager(staff), auditLogLoginThrottle);

        var api = ServerWebExchangeMatchers.pathMatchers("/api/v1/dashboard/**", "/api/v1/audit/**");
        ProblemResponses apiAnswers = new ProblemResponses("Basic realm=\"rightsflow-staff\", charset=\"UTF-8\"",
                "sign in: HTTP Basic with a staff user name and password, or the dashboard's session");
        DelegatingServerAuthenticationEntryPoint entryPoint = new DelegatingServerAuthenticationEntryPoint(
                new DelegatingServerAuthenticationEntryPoint.DelegateEntry(api, apiAnswers));
        entryPoint.setDefaultEntryPoint(new RedirectServerAuthenticationEntryPoint(LOGIN));
        RedirectServerLogoutSuccessHandler loggedOut = new RedirectServerLogoutSuccessHandler();
        loggedOut.setLogoutSuccessUrl(URI.create(LOGIN + "?signedOut"));

        return http
                .securityMatcher(ServerWebExchangeMatchers.pathMatchers("/dashboard", "/dashboard/**",
                        "/api/v1/dashboard/**", "/api/v1/audit/**"))
                .authenticationManager(manager)
                .addFilterBefore(new LoginThrottleFilter(auditLogLoginThrottle, LOGIN), SecurityWebFiltersOrder.HTTP_BASIC)
                .authorizeExchange(a -> a.pathMatchers(LOGIN, DashboardAssets.PATH + "**").permitAll().anyExchange().authenticated())
                .formLogin(f -> f.loginPage(LOGIN)
                        .authenticationSuccessHandler(new RedirectServerAuthenticationSuccessHandler("/dashboard"))
                        .authenticationEntryPoint(entryPoint))
                .httpBasic(b -> b.authenticationEntryPoint(entryPoint))
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint).accessDeniedHandler(
                        new ServerWebExchangeDelegatingServerAccessDeniedHandler(
                                new ServerWebExchangeDelegatingServerAccessDeniedHandler.DelegateEntry(api, apiAnswers))))
                .logout(l -> l.logoutUrl("/dashboard/logout").logoutSuccessHandler(loggedOut))
                .csrf(c -> c.requireCsrfProtectionMatcher(csrfNeeded()).csrfTokenRequestHandler(multipartToo()))
                .headers(ResponseHeaders::leaveToSharedFilter)
                .build();
    }

    /**
     * The CSRF token is read from multipart forms too (the page that logs a letter uploads its scan), but only from a
     * request whose Content-Type says multipart: Spring's multipart reading would fail (500) on an unparseable one.
     */
    private static ServerCsrfTokenRequestHandler multipartToo() {
        XorServerCsrfTokenRequestAttributeHandler plain = new XorServerCsrfTokenRequestAttributeHandler();
        XorServerCsrfTokenRequestAttributeHandler multipart = new XorServerCsrfTokenRequestAttributeHandler();
        multipart.setTokenFromMultipartDataEnabled(true);
        return new ServerCsrfTokenRequestHandler() {
            @Override
            public void handle(org.springframework.web.server.ServerWebExchange exchange, Mono<CsrfToken> token) {
                plain.handle(exchange, token);
            }

            @Override
            public Mono<String> resolveCsrfTokenValue(org.springframework.web.server.ServerWebExchange exchange,
                    CsrfToken token) {
                return (multipart(exchange) ? multipart : plain).resolveCsrfTokenValue(exchange, token);
            }
        };
    }

    private static boolean multipart(org.springframework.web.server.ServerWebExchange exchange) {
        try {
            MediaType type = exchange.getRequest().getHeaders().getContentType();
            return type != null && MediaType.MULTIPART_FORM_DATA.isCompatibleWith(type);
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    /** The Content-Security-Policy of the chain's pages and answers, written by the shared {@link ResponseHeaders} filter. */
    @Bean
    public HeaderPolicy auditLogDashboardHeaderPolicy() {
        return new HeaderPolicy("dashboard", List.of("/dashboard", "/dashboard/**", "/api/v1/dashboard/**",
                "/api/v1/audit/**"), CONTENT_SECURITY_POLICY, 0);
    }

    /**
     * The operator token of audit-log's actuator endpoints ({@code rightsflow.audit-log.operator-token},
     * {@code AUDIT_LOG_OPERATOR_TOKEN}); optional: without it only the health probes answer.
     */
    @Bean
    public OperationsAccess auditLogOperationsAccess(Environment environment) {
        return new OperationsAccess("audit-log", new BearerTokens().with(
                environment.getProperty("rightsflow.audit-log.operator-token", ""), "audit-log-operator", "OPERATOR"));
    }

    /**
     * Unsafe methods on the pages, and on the API when the session cookie is what authenticates:
     * a call that carries an {@code Authorization} header, or no session cookie at all, cannot be
     * a forged cross-site request riding on a signed-in browser.
     */
    static ServerWebExchangeMatcher csrfNeeded() {
        ServerWebExchangeMatcher pages = ServerWebExchangeMatchers.pathMatchers("/dashboard", "/dashboard/**");
        ServerWebExchangeMatcher api = ServerWebExchangeMatchers.pathMatchers("/api/v1/dashboard/**", "/api/v1/audit/**");
        return exchange -> {
            HttpMethod method = exchange.getRequest().getMethod();
            if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS
                    || method == HttpMethod.TRACE) {
                return ServerWebExchangeMatcher.MatchResult.notMatch();
            }
            return pages.matches(exchange).flatMap(onPage -> {
                if (onPage.isMatch()) {
                    return ServerWebExchangeMatcher.MatchResult.match();
                }
                boolean byCookie = exchange.getRequest().getCookies().containsKey(SESSION_COOKIE)
                        && !exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION);
                return byCookie ? api.matches(exchange) : ServerWebExchangeMatcher.MatchResult.notMatch();
            });
        };
    }

    /** Staff from the directory, checked by the shared store's BCrypt sign-in ({@link StaffAccounts#authenticationManager}). */
    static UserDetailsRepositoryReactiveAuthenticationManager authenticationManager(StaffDirectory staff) {
        return staff.accounts().authenticationManager();
    }

    /** Counts each attempt's outcome for the throttle; the client address comes from {@link LoginThrottleFilter}. */
    static ReactiveAuthenticationManager throttled(ReactiveAuthenticationManager manager, LoginThrottle throttle) {
        return authentication -> Mono.deferContextual(context -> {
            String address = context.getOrDefault(LoginThrottleFilter.ADDRESS, null);
            return manager.authenticate(authentication)
                    .doOnNext(ok -> throttle.succeeded(authentication.getName()))
                    .doOnError(AuthenticationException.class, e -> throttle.failed(authentication.getName(), address));
        });
    }
}
