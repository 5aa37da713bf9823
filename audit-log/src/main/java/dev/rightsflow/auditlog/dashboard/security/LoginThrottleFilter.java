package dev.rightsflow.auditlog.dashboard.security;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.rightsflow.schemas.api.ProblemType;
import dev.rightsflow.schemas.api.Problems;
import dev.rightsflow.schemas.web.SiteIcon;
import reactor.core.publisher.Mono;

/**
 * Stops sign-in attempts (HTTP Basic on any path of the chain, or the login form's POST) while
 * {@link LoginThrottle} says the user name or the client address must wait: 429 with Retry-After,
 * before any password is checked. Otherwise it lets the attempt through with the client address in
 * the Reactor context ({@link #ADDRESS}), where the authentication manager reads it to count a
 * failure. Only in audit-log's security chain, never a global filter.
 */
final class LoginThrottleFilter implements WebFilter {

    /** Reactor context key of the client address of a sign-in attempt. */
    static final String ADDRESS = LoginThrottleFilter.class.getName() + ".address";

    private final LoginThrottle throttle;
    private final String loginPath;

    LoginThrottleFilter(LoginThrottle throttle, String loginPath) {
        this.throttle = throttle;
        this.loginPath = loginPath;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String address = address(exchange);
        String basicUser = basicUser(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
        if (basicUser != null) {
            return check(exchange, chain, basicUser, address, false);
        }
        if (HttpMethod.POST.equals(exchange.getRequest().getMethod())
                && loginPath.equals(exchange.getRequest().getPath().pathWithinApplication().value())) {
            // The form data is cached by the exchange: form login reads the same values afterwards.
            return exchange.getFormData().flatMap(form -> check(exchange, chain, form.getFirst("username"), address, true));
        }
        return chain.filter(exchange);
    }

    private Mono<Void> check(ServerWebExchange exchange, WebFilterChain chain, String username, String address, boolean page) {
        return throttle.waitFor(username, address)
                .map(wait -> refuse(exchange, wait, page))
                .orElseGet(() -> chain.filter(exchange).contextWrite(c -> address == null ? c : c.put(ADDRESS, address)));
    }

    private static Mono<Void> refuse(ServerWebExchange exchange, Duration wait, boolean page) {
        ServerHttpResponse response = exchange.getResponse();
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
        response.getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
        if (!page) {
            return Problems.write(exchange, ProblemType.TOO_MANY_REQUESTS,
                    "Too many wrong passwords; try again in " + seconds + " seconds.");
        }
        response.getHeaders().setContentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8));
        String body = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Too many attempts</title>" + SiteIcon.LINK + "</head>"
                    + "<body><h1>Too many sign-in attempts</h1><p id=\"login-throttled\">Wait " + seconds
                + " seconds, then <a href=\"/dashboard/login\">try again</a>.</p></body></html>";
        DataBuffer buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(buffer));
    }

    private static String address(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        return remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress();
    }

    /** The user name of an HTTP Basic header (RFC 7617), or null when there is none or it is unreadable. */
    static String basicUser(String authorization) {
        if (authorization == null || authorization.length() < 6 || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
