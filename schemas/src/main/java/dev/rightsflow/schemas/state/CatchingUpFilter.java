package dev.rightsflow.schemas.state;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.rightsflow.schemas.api.ProblemType;
import dev.rightsflow.schemas.api.Problems;
import reactor.core.publisher.Mono;

/**
 * Answers for a service that is not ready yet ({@link ProjectionState#ready()}), so nothing is
 * ever answered from a half-built projection: every request to one of the service's paths gets
 * 503 with {@code Retry-After}, as RFC 9457 problem JSON, or, for a browser asking for a page,
 * a short page that says how far the service has caught up and reloads itself.
 */
public final class CatchingUpFilter implements WebFilter, Ordered {

    /** Seconds a client should wait before trying again. */
    static final int RETRY_AFTER_SECONDS = 2;

    private final ProjectionState state;
    private final List<String> pathPrefixes;

    /**
     * @param pathPrefixes the paths the service serves (its pages and APIs), e.g. {@code /router}:
     *                     the path itself and everything below it; {@code /} stands for the root page only
     */
    public CatchingUpFilter(ProjectionState state, List<String> pathPrefixes) {
        this.state = state;
        this.pathPrefixes = List.copyOf(pathPrefixes);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (state.ready() || !serves(exchange.getRequest().getPath().pathWithinApplication().value())) {
            return chain.filter(exchange);
        }
        int percent = state.percentCaughtUp();
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
        response.getHeaders().set(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
        response.getHeaders().setCacheControl("no-store");
        boolean page = exchange.getRequest().getHeaders().getAccept().stream()
                .anyMatch(m -> m.isCompatibleWith(MediaType.TEXT_HTML) && !m.isWildcardType());
        if (page) {
            response.getHeaders().setContentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8));
            String body = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\""
                    + RETRY_AFTER_SECONDS + "\"><title>Starting - Rightsflow</title></head><body><main><h1>Starting</h1>"
                    + "<p role=\"status\">Rightsflow is starting: " + percent + "% caught up. This page reloads by itself.</p>"
                    + "</main></body></html>";
            return response.writeWith(Mono.just(response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8))));
        } else {
            return Problems.write(exchange, Problems.of(ProblemType.UNAVAILABLE, state.service()
                    + " is catching up with its topics (" + percent + "% done); try again in " + RETRY_AFTER_SECONDS
                    + " seconds", Problems.instance(exchange.getRequest()), List.of(), Map.of("caughtUpPercent", percent)));
        }
    }

    private boolean serves(String path) {
        for (String prefix : pathPrefixes) {
            if (prefix.equals("/")) {
                if (path.equals("/")) {
                    return true;
                }
            } else if (path.equals(prefix) || path.startsWith(prefix.endsWith("/") ? prefix : prefix + "/")) {
                return true;
            }
        }
        return false;
    }
}
