package dev.rightsflow.intake.web;

import java.util.List;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.context.WebSessionServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.WebFilter;

import dev.rightsflow.intake.RequestIntakeProperties;
import dev.rightsflow.schemas.security.ApiChains;
import dev.rightsflow.schemas.security.BearerTokens;
import dev.rightsflow.schemas.security.OperationsAccess;
import dev.rightsflow.schemas.security.ProblemResponses;
import dev.rightsflow.schemas.security.ResponseHeaders;
import dev.rightsflow.schemas.security.StaffAccounts;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Intake's Spring Security chains, each on its own paths only (the citizen's paths are open and need no chain):
 * <ul>
 *   <li>the processor API, {@code POST /api/v1/forwarded-requests}: the organisation named in
 *       {@code X-Rightsflow-Organisation}, by the method its registry entry names ({@link ProcessorAuthentication}:
 *       an HMAC-SHA256 signature over timestamp and raw body, fresh and never seen before, or a bearer key); the
 *       principal is the organisation id. The raw body is read once, before authentication, and handed on to the
 *       handler unchanged ({@link #rawBodyCache});</li>
 *   <li>the staff API, {@code /api/v1/logged-requests/**} ({@link LoggedRequestsApi}): staff from the platform's one
 *       staff user store ({@link StaffAccounts}, the dashboard's users), by HTTP Basic, or by the dashboard's
 *       session where audit-log's dashboard runs in the same application (the standalone). A call authenticated
 *       by the session cookie alone must carry {@value #STAFF_PAGE_HEADER}, which no other site's page can make a
 *       browser send, so a forged cross-site post is refused (403);</li>
 *   <li>the operator's rebuild, {@code POST /intake/rebuild}: the operator token
 *       ({@code rightsflow.intake.operator-token}, {@code INTAKE_OPERATOR_TOKEN}); without a configured token nobody
 *       can call it.</li>
 * </ul>
 * Missing or wrong credentials: 401 with {@code WWW-Authenticate} and a problem body naming what is wrong (a stale
 * timestamp, a replay, a signature that does not match), before anything is parsed or written. The OpenDSR
 * endpoints ({@code /opendsr/**}) authenticate the same organisations with the same {@link ProcessorAuthentication}
 * inside their handlers, because OpenDSR prescribes its own error body.
 */
@Configuration(value = "intakeSecurity", proxyBeanMethods = false)
public class IntakeSecurity {

    static final String FORWARDED = "/api/v1/forwarded-requests";
    static final String REBUILD = "/intake/rebuild";

    /** The credentials of one processor API call: the request's headers and its raw body. */
    static final class ProcessorCall extends AbstractAuthenticationToken {
        final transient ServerHttpRequest request;
        final byte[] raw;

        ProcessorCall(ServerHttpRequest request, byte[] raw) {
            super(List.of());
            this.request = request;
            this.raw = raw;
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Object getPrincipal() {
            return request.getHeaders().getFirst(ProcessorAuthentication.ORGANISATION_HEADER);
        }
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 32)
    public SecurityWebFilterChain intakeProcessorSecurityFilterChain(ServerHttpSecurity http,
            ProcessorAuthentication processors, RequestIntakeProperties properties) {
        ServerAuthenticationConverter converter = exchange -> {
            String organisation = exchange.getRequest().getHeaders().getFirst(ProcessorAuthentication.ORGANISATION_HEADER);
            if (organisation == null || organisation.isBlank()) {
                return Mono.empty();
            }
            byte[] raw = exchange.getAttributeOrDefault(RAW_BODY, new byte[0]);
            return Mono.just(new ProcessorCall(exchange.getRequest(), raw));
        };
        ReactiveAuthenticationManager manager = presented -> {
            ProcessorCall call = (ProcessorCall) presented;
            return processors.authenticate(call.request, call.raw)
                    .<org.springframework.security.core.Authentication>map(organisation ->
                            UsernamePasswordAuthenticationToken.authenticated(organisation, null,
                                    AuthorityUtils.createAuthorityList("ROLE_PROCESSOR")))
                    .onErrorMap(IntakeProblem.class, e -> new BadCredentialsException(e.getMessage()));
        };
        return ApiChains.stateless(http, ServerWebExchangeMatchers.pathMatchers(FORWARDED), converter, manager,
                        new ProblemResponses("Bearer realm=\"rightsflow-intake-processors\", HMAC-SHA256",
                                "Unauthorized", "Name your organisation in the " + ProcessorAuthentication.ORGANISATION_HEADER
                                        + " header and sign the request or send its bearer key."))
                .addFilterBefore(rawBodyCache(properties.maxBodySize().toBytes()), SecurityWebFiltersOrder.AUTHENTICATION)
                .authorizeExchange(a -> a.anyExchange().hasRole("PROCESSOR"))
                .build();
    }

    /** The header a dashboard page's call carries when only the session cookie authenticates it. */
    public static final String STAFF_PAGE_HEADER = "X-Rightsflow-Staff-Page";

    /** The staff user store, from the same configuration audit-log's dashboard reads. */
    @Bean
    public StaffAccounts intakeStaffAccounts(Environment environment) {
        return StaffAccounts.fromEnvironment(environment);
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 31)
    public SecurityWebFilterChain intakeStaffSecurityFilterChain(ServerHttpSecurity http,
            @Qualifier("intakeStaffAccounts") StaffAccounts intakeStaffAccounts) {
        ProblemResponses answers = new ProblemResponses("Basic realm=\"rightsflow-staff\", charset=\"UTF-8\"",
                "Unauthorized", "sign in: HTTP Basic with a staff user name and password, or the dashboard's session");
        WebFilter forgedPost = (exchange, chain) -> {
            var r = exchange.getRequest();
            boolean safe = r.getMethod() == HttpMethod.GET || r.getMethod() == HttpMethod.HEAD
                    || r.getMethod() == HttpMethod.OPTIONS;
            if (safe || r.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION) || r.getHeaders().containsHeader(STAFF_PAGE_HEADER)) {
                return chain.filter(exchange);
            }
            // signed in by the session cookie alone (nobody signed in: authorisation answers 401)
            return ReactiveSecurityContextHolder.getContext()
                    .filter(c -> c.getAuthentication() != null && c.getAuthentication().isAuthenticated())
                    .hasElement()
                    .flatMap(bySession -> bySession ? ProblemResponses.write(exchange, HttpStatus.FORBIDDEN, "Forbidden",
                            "A call signed in by the dashboard's session must come from the dashboard's page.")
                            : chain.filter(exchange));
        };
        return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers(LoggedRequestsApi.PATH, LoggedRequestsApi.PATH + "/**"))
                .authenticationManager(intakeStaffAccounts.authenticationManager())
                .securityContextRepository(new WebSessionServerSecurityContextRepository())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .httpBasic(b -> b.authenticationEntryPoint(answers))
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .addFilterBefore(forgedPost, SecurityWebFiltersOrder.AUTHORIZATION)
                .headers(ResponseHeaders::leaveToSharedFilter)
                .exceptionHandling(e -> e.authenticationEntryPoint(answers).accessDeniedHandler(answers))
                .authorizeExchange(a -> a.anyExchange().hasAnyRole("STAFF", "ADMIN"))
                .build();
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 33)
    public SecurityWebFilterChain intakeOperationsSecurityFilterChain(ServerHttpSecurity http,
            @Value("${rightsflow.intake.operator-token:}") String token) {
        return ApiChains.bearer(http, ServerWebExchangeMatchers.pathMatchers(REBUILD), operatorTokens(token),
                        ProblemResponses.bearer("rightsflow-intake", "Unauthorized",
                                "send the intake operator token as 'Authorization: Bearer <token>'"),
                        "The operator token is missing or wrong")
                .authorizeExchange(a -> a.anyExchange().hasRole("OPERATOR"))
                .build();
    }

    @Bean
    public OperationsAccess intakeOperationsAccess(@Value("${rightsflow.intake.operator-token:}") String token) {
        return new OperationsAccess("request-intake", operatorTokens(token));
    }

    private static BearerTokens operatorTokens(String token) {
        return new BearerTokens().with(token, "intake-operator", "OPERATOR");
    }

    static final String RAW_BODY = IntakeSecurity.class.getName() + ".rawBody";

    /**
     * A signed call's raw body, read once (at most {@code limit} bytes, else 413) so its signature can be checked
     * before the handler runs; the handler then reads the same bytes. A call without a signature (a bearer key) is
     * passed on untouched.
     */
    static WebFilter rawBodyCache(long limit) {
        return (exchange, chain) -> {
            if (!exchange.getRequest().getHeaders().containsHeader(ProcessorAuthentication.SIGNATURE_HEADER)) {
                return chain.filter(exchange);
            }
            if (exchange.getRequest().getHeaders().getContentLength() > limit) {
                return tooLarge(exchange, limit);
            }
            return DataBufferUtils.join(exchange.getRequest().getBody(), (int) limit)
                    .map(buffer -> {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        DataBufferUtils.release(buffer);
                        return bytes;
                    })
                    .defaultIfEmpty(new byte[0])
                    .flatMap(bytes -> {
                        ServerHttpRequest replay = new ServerHttpRequestDecorator(exchange.getRequest()) {
                            @Override
                            public Flux<DataBuffer> getBody() {
                                return Flux.defer(() -> Flux.just(exchange.getResponse().bufferFactory().wrap(bytes)));
                            }
                        };
                        var cached = exchange.mutate().request(replay).build();
                        cached.getAttributes().put(RAW_BODY, bytes);
                        return chain.filter(cached);
                    })
                    .onErrorResume(DataBufferLimitException.class, e -> tooLarge(exchange, limit));
        };
    }

    private static Mono<Void> tooLarge(org.springframework.web.server.ServerWebExchange exchange, long limit) {
        return ProblemResponses.write(exchange, HttpStatus.CONTENT_TOO_LARGE, "Body too large",
                "The body may be at most " + limit + " bytes.");
    }
}
