package dev.rightsflow.schemas.security;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.PathContainer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import reactor.core.publisher.Mono;

/**
 * The security headers of every answer of every service, pages and APIs, 2xx and 4xx/5xx alike (including the 401s
 * of the Spring Security chains, the 503s while catching up and the 429s of the rate limit), in one place:
 * <ul>
 *   <li>{@code Content-Security-Policy}: the page group's {@link HeaderPolicy}, else {@link #API_POLICY} (nothing
 *       may load, run or frame), Swagger UI its own ({@link #SWAGGER_UI}); every policy says
 *       {@code frame-ancestors 'none'};</li>
 *   <li>{@code X-Frame-Options: DENY} for browsers without {@code frame-ancestors};</li>
 *   <li>{@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy: no-referrer};</li>
 *   <li>{@code Cache-Control: no-store} (with {@code Pragma: no-cache}) unless the answer set its own: receipts
 *       carry the status token, status pages and APIs, the dashboard and the audit API personal data, and the
 *       rest is cheap to make again.</li>
 * </ul>
 * Runs first of all filters (after the trusted-proxy rewrite), so its values are written before any later writer
 * (Spring Security's own header writers add a header only when it is absent). One instance per application:
 * {@link SharedWebSecurity} declares it, and every service imports that configuration.
 */
public final class ResponseHeaders implements WebFilter, Ordered {

    /** For everything that is not a page: nothing may load, run or frame it. */
    public static final String API_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /** springdoc's Swagger UI: its own scripts and styles (served from the same origin), nothing else. */
    public static final HeaderPolicy SWAGGER_UI = new HeaderPolicy("swagger-ui",
            List.of("/swagger-ui.html", "/swagger-ui/**", "/webjars/**"),
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                    + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            Ordered.LOWEST_PRECEDENCE);

    private record Compiled(List<PathPattern> patterns, String policy) {
    }

    private final List<Compiled> policies;

    public ResponseHeaders(List<HeaderPolicy> policies) {
        PathPatternParser parser = PathPatternParser.defaultInstance;
        this.policies = policies.stream().sorted(Comparator.comparingInt(HeaderPolicy::order))
                .map(p -> new Compiled(p.paths().stream().map(parser::parse).toList(), p.contentSecurityPolicy()))
                .toList();
    }

    /** The policy for a path (for tests and for pages that compute a nonce-free hash at start). */
    public String policyFor(String path) {
        PathContainer container = PathContainer.parsePath(path);
        for (Compiled c : policies) {
            for (PathPattern pattern : c.patterns()) {
                if (pattern.matches(container)) {
                    return c.policy();
                }
            }
        }
        return API_POLICY;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String policy = policyFor(exchange.getRequest().getPath().pathWithinApplication().value());
        exchange.getResponse().beforeCommit(() -> {
            HttpHeaders headers = exchange.getResponse().getHeaders();
            for (Map.Entry<String, String> h : Map.of("Content-Security-Policy", policy, "X-Frame-Options", "DENY",
                    "X-Content-Type-Options", "nosniff", "Referrer-Policy", "no-referrer").entrySet()) {
                if (!headers.containsHeader(h.getKey())) {
                    headers.set(h.getKey(), h.getValue());
                }
            }
            if (!headers.containsHeader(HttpHeaders.CACHE_CONTROL)) {
                headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
                headers.set(HttpHeaders.PRAGMA, "no-cache");
            }
            return Mono.empty();
        });
        return chain.filter(exchange);
    }

    /**
     * For a chain's {@code headers(...)}: Spring Security's own writers stay on (they add only what is still
     * missing, e.g. HSTS over HTTPS), the Content-Security-Policy comes from this filter.
     */
    public static void leaveToSharedFilter(ServerHttpSecurity.HeaderSpec headers) {
        headers.frameOptions(f -> f.mode(org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter.Mode.DENY));
    }
}
