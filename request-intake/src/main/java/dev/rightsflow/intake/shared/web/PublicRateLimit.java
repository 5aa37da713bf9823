package dev.rightsflow.intake.shared.web;

import java.net.InetSocketAddress;
import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.rightsflow.intake.RequestIntakeProperties;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import dev.rightsflow.schemas.api.ProblemType;
import dev.rightsflow.schemas.api.Problems;
import reactor.core.publisher.Mono;

/**
 * Rate limiting per client address (Resilience4j) on intake's public paths only: the citizen API,
 * the form pages and identity verification. Other services' paths in the standalone pass through
 * untouched. Above the limit: 429 problem JSON with Retry-After.
 */
@Component
public class PublicRateLimit implements WebFilter {

    private final RateLimiterRegistry limiters;

    public PublicRateLimit(RequestIntakeProperties properties) {
        this.limiters = RateLimiterRegistry.of(RateLimiterConfig.custom()
                .limitForPeriod(properties.rateLimitPerMinute())
                .limitRefreshPeriod(properties.rateLimitPeriod())
                .timeoutDuration(Duration.ZERO)
                .build());
    }

    static boolean isPublic(String path) {
        return path.equals("/") || path.startsWith("/requests/") || path.startsWith("/api/v1/requests")
                || path.equals("/api/v1/organisations") || path.startsWith("/opendsr/");
    }

    /** Seconds until the client's allowance is refreshed (at least one), for Retry-After. */
    private static long retryAfterSeconds(RateLimiter limiter) {
        long nanos = limiter instanceof AtomicRateLimiter atomic ? atomic.getDetailedMetrics().getNanosToWait() : 0;
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!isPublic(exchange.getRequest().getPath().value())) {
            return chain.filter(exchange);
        }
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        String client = remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
        if (limiters.getAllRateLimiters().size() > 50_000) {
            limiters.getAllRateLimiters().forEach(l -> limiters.remove(l.getName()));
        }
        RateLimiter limiter = limiters.rateLimiter(client);
        if (limiter.acquirePermission()) {
            return chain.filter(exchange);
        }
        long retryAfterSeconds = retryAfterSeconds(limiter);
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds));
        return Problems.write(exchange, ProblemType.TOO_MANY_REQUESTS,
                "Too many requests from your address; try again in " + retryAfterSeconds + " seconds.");
    }
}
