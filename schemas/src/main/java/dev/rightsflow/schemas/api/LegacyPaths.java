package dev.rightsflow.schemas.api;

import java.util.Comparator;
import java.util.List;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * The old, unversioned API paths, kept working for one release (0.2: they go in 0.3): a call to a legacy prefix is
 * rewritten to its {@code /api/v1} successor before anything else sees it (security chains, signature checks and
 * controllers see only the new path; the body is untouched, so a signature over it still verifies), and the answer
 * says so: {@code Deprecation: true} and {@code Link: <new path>; rel="successor-version"}. Each service declares its
 * prefixes as {@link Alias} beans; the longest matching prefix wins. The OpenAPI document lists only the new paths.
 */
public final class LegacyPaths implements WebFilter, Ordered {

    /**
     * One legacy prefix and its successor; {@code from} matches itself and everything under it.
     *
     * @param from the old prefix, e.g. {@code /router}
     * @param to   the new prefix, e.g. {@code /api/v1/router}
     */
    public record Alias(String from, String to) {
    }

    private final List<Alias> aliases;

    public LegacyPaths(List<Alias> aliases) {
        this.aliases = aliases.stream().distinct()
                .sorted(Comparator.comparingInt((Alias a) -> a.from().length()).reversed()).toList();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    /** The successor of a legacy path, or null if the path is not legacy. */
    public String successor(String path) {
        for (Alias alias : aliases) {
            if (path.equals(alias.from()) || path.startsWith(alias.from() + "/")) {
                return alias.to() + path.substring(alias.from().length());
            }
        }
        return null;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String successor = successor(exchange.getRequest().getPath().pathWithinApplication().value());
        if (successor == null) {
            return chain.filter(exchange);
        }
        exchange.getResponse().getHeaders().set("Deprecation", "true");
        exchange.getResponse().getHeaders().add("Link", "<" + successor + ">; rel=\"successor-version\"");
        ServerHttpRequest moved = exchange.getRequest().mutate().path(successor).build();
        return chain.filter(exchange.mutate().request(moved).build());
    }
}
