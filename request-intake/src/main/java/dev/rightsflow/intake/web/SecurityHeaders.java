package dev.rightsflow.intake.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * Security headers on every answer of intake's own paths (pages, citizen API, processor API,
 * OpenDSR, intake's operational pages), including its 4xx problems and 429s:
 * <ul>
 *   <li>{@code Content-Security-Policy}: nothing but same-origin images and form posts; no script
 *       at all; the one inline style block of the page header allowed by its SHA-256 hash (computed
 *       from the template at start, so editing the CSS cannot silently break the pages); no framing;</li>
 *   <li>{@code X-Frame-Options: DENY} for browsers without {@code frame-ancestors};</li>
 *   <li>{@code X-Content-Type-Options: nosniff} and {@code Referrer-Policy: no-referrer};</li>
 *   <li>{@code Cache-Control: no-store}: the receipt carries the status token, the status page and
 *       API personal data, the outbox identity codes; the other answers are cheap to make again.</li>
 * </ul>
 * Other modules' paths in the standalone are left to their own rules (the dashboard's come from
 * its Spring Security chain).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class SecurityHeaders implements WebFilter {

    private final String policy;

    public SecurityHeaders() {
        this.policy = "default-src 'none'; img-src 'self'; style-src '" + styleHash()
                + "'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    }

    /** Intake's own paths: the citizen pages and API, the processor and OpenDSR APIs, intake's operational pages. */
    static boolean isIntakePath(String path) {
        return PublicRateLimit.isPublic(path) || path.equals("/requests") || path.startsWith("/api/v1/forwarded-requests")
                || path.startsWith("/intake/");
    }

    public String policy() {
        return policy;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!isIntakePath(exchange.getRequest().getPath().value())) {
            return chain.filter(exchange);
        }
        exchange.getResponse().beforeCommit(() -> {
            HttpHeaders headers = exchange.getResponse().getHeaders();
            headers.set("Content-Security-Policy", policy);
            headers.set("X-Frame-Options", "DENY");
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "no-referrer");
            headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
            headers.set(HttpHeaders.PRAGMA, "no-cache");
            return Mono.empty();
        });
        return chain.filter(exchange);
    }

    /** 'sha256-…' of the text of the {@code <style>} element in the page header template. */
    static String styleHash() {
        String header;
        try (InputStream in = new ClassPathResource("intake/templates/header.mustache").getInputStream()) {
            header = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("missing template header", e);
        }
        Matcher style = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL).matcher(header);
        if (!style.find()) {
            throw new IllegalStateException("the page header template has no <style> element");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(style.group(1).getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
