package dev.rightsflow.intake.security.web;

import dev.rightsflow.intake.shared.web.IntakeProblem;
import dev.rightsflow.intake.logged.web.LoggedRequestsApi;
import dev.rightsflow.intake.opendsr.web.OpenDsrApi;

import java.util.List;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.context.WebSessionServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

import org.springframework.web.server.WebFilter;

import dev.rightsflow.intake.RequestIntakeProperties;
import dev.rightsflow.schemas.opendsr.OpenDsr;
import dev.rightsflow.schemas.opendsr.OpenDsrPeers;
import dev.rightsflow.schemas.opendsr.OpenDsrRefusals;
import dev.rightsflow.schemas.security.ApiChains;
import dev.rightsflow.schemas.security.BearerTokens;
import dev.rightsflow.schemas.security.OperationsAccess;
import dev.rightsflow.schemas.api.ProblemType;
import dev.rightsflow.schemas.api.Problems;
import dev.rightsflow.schemas.security.ProblemResponses;
import dev.rightsflow.schemas.security.RawBodies;
import dev.rightsflow.schemas.security.ResponseHeaders;
import dev.rightsflow.schemas.security.SignedCall;
import dev.rightsflow.schemas.security.StaffAccounts;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Intake's Spring Security chains, each on its own paths only (the citizen's paths are open and need no chain):
 * <ul>
 *   <li>the processor API, {@code POST /api/v1/forwarded-requests}: the organisation named in
 *       {@code X-Rightsflow-Organisation}, by the method its registry entry names ({@link ProcessorAuthentication}:
 *       an HMAC-SHA256 signature over timestamp and raw body, fresh and never seen before, or a bearer key); the
 *       principal is the organisation id. The raw body of a signed call is read once, before authentication, and
 *       handed on to the handler unchanged ({@link RawBodies});</li>
 *   <li>the OpenDSR API, {@code /opendsr/**} ({@link OpenDsrApi}): the same organisations by the same
 *       {@link ProcessorAuthentication} (a signed status read or cancellation may be repeated: only a signed submission
 *       is refused as a replay), then, when the caller signs its request with its OpenDSR certificate
 *       ({@code X-OpenDSR-Signature}), that signature must verify over the raw body (OpenDSR 2.0 §8.8). Discovery and
 *       the certificate stay public (§6). Refusals are in OpenDSR's own error form ({@link OpenDsrRefusals}) rather than
 *       problem JSON: 401 with {@code WWW-Authenticate}, 403 for a request signature that does not verify.
 *       Authentication comes before any check of the request itself, a malformed {@code subject_request_id} included:
 *       OpenDSR does not order them (§4.3 leaves API authentication to the processor; §7.5 only says an invalid
 *       request is a 400), and an unauthenticated caller learns nothing about what it sent;</li>
 *   <li>the staff API, {@code /api/v1/logged-requests/**} ({@link LoggedRequestsApi}): staff from the platform's one
 *       staff user store ({@link StaffAccounts}, the dashboard's users), by HTTP Basic, or by the dashboard's
 *       session where audit-log's dashboard runs in the same application (the standalone). A call authenticated
 *       by the session cookie alone must carry {@value #STAFF_PAGE_HEADER}, which no other site's page can make a
 *       browser send, so a forged cross-site post is refused (403);</li>
 *   <li>the operator's rebuild, {@code POST /api/v1/intake/rebuild}: the operator token
 *       ({@code rightsflow.intake.operator-token}, {@code INTAKE_OPERATOR_TOKEN}); without a configured token nobody
 *       can call it.</li>
 * </ul>
 * Missing or wrong credentials: 401 with {@code WWW-Authenticate} and a body naming what is wrong (a stale
 * timestamp, a replay, a signature that does not match), before anything is parsed or written.
 */
@Configuration(value = "intakeSecurity", proxyBeanMethods = false)
public class IntakeSecurity {

    static final String FORWARDED = "/api/v1/forwarded-requests";
    static final String REBUILD = "/api/v1/intake/rebuild";

    private static final String CHALLENGE = "Bearer realm=\"rightsflow-intake-processors\", HMAC-SHA256";
    private static final String NO_CREDENTIALS = "Name your organisation in the " + ProcessorAuthentication.ORGANISATION_HEADER
            + " header and sign the request or send its bearer key.";

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 32)
    public SecurityWebFilterChain intakeProcessorSecurityFilterChain(ServerHttpSecurity http,
            ProcessorAuthentication processors, RequestIntakeProperties properties) {
        ReactiveAuthenticationManager manager = presented -> authenticated(processors, (SignedCall) presented, true);
        long limit = properties.maxBodySize().toBytes();
        return ApiChains.stateless(http, ServerWebExchangeMatchers.pathMatchers(FORWARDED),
                        processorCalls(exchange -> ServerWebExchangeMatcher.MatchResult.notMatch()), manager,
                        new ProblemResponses(CHALLENGE, NO_CREDENTIALS))
                .addFilterBefore(RawBodies.cache(limit, IntakeSecurity::signedForProcessorApi,
                        exchange -> Problems.write(exchange, ProblemType.CONTENT_TOO_LARGE,
                                "The body may be at most " + limit + " bytes.")), SecurityWebFiltersOrder.AUTHENTICATION)
                .authorizeExchange(a -> a.anyExchange().hasRole("PROCESSOR"))
                .build();
    }

    /** OpenDSR's public paths: discovery (§6) and the certificate it points at (§6.3). */
    static final String[] OPENDSR_PUBLIC = {OpenDsrApi.V2 + "/discovery", OpenDsrApi.V1 + "/discovery", "/opendsr/discovery",
            OpenDsrApi.V2 + "/certificate.pem", OpenDsrApi.V1 + "/certificate.pem"};

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 34)
    public SecurityWebFilterChain intakeOpenDsrSecurityFilterChain(ServerHttpSecurity http,
            ProcessorAuthentication processors, RequestIntakeProperties properties,
            @Qualifier("intakeOpenDsrPeers") OpenDsrPeers intakeOpenDsrPeers) {
        ServerWebExchangeMatcher open = ServerWebExchangeMatchers.pathMatchers(HttpMethod.GET, OPENDSR_PUBLIC);
        ReactiveAuthenticationManager manager = presented -> {
            SignedCall call = (SignedCall) presented;
            // a signed submission seen before is a replay; repeating a signed status read or cancellation is harmless
            return authenticated(processors, call, call.request().getMethod() == HttpMethod.POST)
                    .flatMap(caller -> callerSignature(intakeOpenDsrPeers, call).thenReturn(caller));
        };
        long limit = properties.maxBodySize().toBytes();
        return ApiChains.stateless(http, ServerWebExchangeMatchers.pathMatchers("/opendsr", "/opendsr/**"),
                        processorCalls(open),
                        manager, new OpenDsrRefusals(CHALLENGE, NO_CREDENTIALS), new OpenDsrRefusals(CHALLENGE, NO_CREDENTIALS))
                .addFilterBefore(RawBodies.cache(limit, headers -> signedForProcessorApi(headers)
                                || OpenDsr.SIGNATURE_HEADERS.stream().anyMatch(headers::containsHeader),
                        exchange -> OpenDsrRefusals.write(exchange, HttpStatus.CONTENT_TOO_LARGE,
                                "the body may be at most " + limit + " bytes", List.of())), SecurityWebFiltersOrder.AUTHENTICATION)
                .authorizeExchange(a -> a.matchers(open).permitAll().anyExchange().hasRole("PROCESSOR"))
                .build();
    }

    /** A call naming an organisation, with its headers and raw body; nothing to authenticate on {@code open} paths. */
    private static ServerAuthenticationConverter processorCalls(ServerWebExchangeMatcher open) {
        return exchange -> {
            String organisation = exchange.getRequest().getHeaders().getFirst(ProcessorAuthentication.ORGANISATION_HEADER);
            if (organisation == null || organisation.isBlank()) {
                return Mono.empty();
            }
            byte[] raw = RawBodies.of(exchange);
            return open.matches(exchange).filter(match -> !match.isMatch())
                    .map(notOpen -> new SignedCall(exchange.getRequest(), raw));
        };
    }

    private static Mono<Authentication> authenticated(ProcessorAuthentication processors, SignedCall call, boolean rejectReplays) {
        return processors.authenticate(call.request(), call.raw(), rejectReplays)
                .<Authentication>map(organisation -> UsernamePasswordAuthenticationToken.authenticated(organisation, null,
                        AuthorityUtils.createAuthorityList("ROLE_PROCESSOR")))
                .onErrorMap(IntakeProblem.class, e -> new BadCredentialsException(e.getMessage()));
    }

    /**
     * A request the caller signed with its OpenDSR certificate must verify over the raw body with the certificate of the
     * peer it names (§8.8 steps 1-5); an unsigned one passes (the API credentials authenticate it).
     */
    private static Mono<Void> callerSignature(OpenDsrPeers peers, SignedCall call) {
        HttpHeaders headers = call.request().getHeaders();
        String signature = OpenDsr.first(headers::getFirst, OpenDsr.SIGNATURE_HEADERS);
        if (signature == null) {
            return Mono.empty();
        }
        String domain = OpenDsr.first(headers::getFirst, OpenDsr.DOMAIN_HEADERS);
        return Mono.fromCallable(() -> peers.verify(domain, call.raw(), signature)).subscribeOn(Schedulers.boundedElastic())
                .flatMap(verdict -> verdict == OpenDsrPeers.Verdict.VALID ? Mono.<Void>empty()
                        : Mono.error(new OpenDsrRefusals.SignatureRefused(verdict,
                                "The X-OpenDSR-Signature does not verify with the certificate of the named domain.")));
    }

    private static boolean signedForProcessorApi(HttpHeaders headers) {
        return headers.containsHeader(ProcessorAuthentication.SIGNATURE_HEADER);
    }

    /** The header a dashboard page's call carries when only the session cookie authenticates it. */
    public static final String STAFF_PAGE_HEADER = "X-Rightsflow-Staff-Page";

    /** The staff user store, from the same configuration audit-log's dashboard reads. */
    @Bean
    public StaffAccounts intakeStaffAccounts(Environment environment) {
        return StaffAccounts.fromEnvironment(environment);
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 35)
    public SecurityWebFilterChain intakeStaffSecurityFilterChain(ServerHttpSecurity http,
            @Qualifier("intakeStaffAccounts") StaffAccounts intakeStaffAccounts) {
        ProblemResponses answers = new ProblemResponses("Basic realm=\"rightsflow-staff\", charset=\"UTF-8\"",
                "sign in: HTTP Basic with a staff user name and password, or the dashboard's session");
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
                    .flatMap(bySession -> bySession ? Problems.write(exchange, ProblemType.FORBIDDEN,
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
                        ProblemResponses.bearer("rightsflow-intake",
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
}
