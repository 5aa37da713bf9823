package dev.rightsflow.schemas.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;

import reactor.core.publisher.Mono;

/**
 * Fixed bearer tokens from configuration (an admin or operator token), each naming who presents it and the roles it
 * carries. A presented token is compared with <em>every</em> known token as SHA-256 digests with
 * {@link MessageDigest#isEqual}, so neither the length of a token nor which of them matched shows in the time taken.
 * Tokens are never logged.
 *
 * <p>Not a bean of type {@link ReactiveAuthenticationManager} on purpose: Spring Security would take a single such
 * bean as every chain's default, and several (one per service in the standalone) would be ambiguous.
 */
public final class BearerTokens {

    /** The credentials a chain's converter found: the token as presented. */
    public static final class Presented extends UsernamePasswordAuthenticationToken {
        public Presented(String token) {
            super("bearer", token);
        }
    }

    private record Known(byte[] digest, String principal, List<String> roles) {
    }

    private final List<Known> known = new ArrayList<>();

    /** Adds a token (ignored when blank: a service without that setting has no such token). */
    public BearerTokens with(String token, String principal, String... roles) {
        if (token != null && !token.isBlank()) {
            known.add(new Known(sha256(token.trim()), principal, List.of(roles)));
        }
        return this;
    }

    public boolean isEmpty() {
        return known.isEmpty();
    }

    /** The principal and roles of the token, if it is one of these. */
    public Optional<Authentication> match(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        byte[] given = sha256(presented.trim());
        Known found = null;
        for (Known k : known) {
            if (MessageDigest.isEqual(given, k.digest()) & found == null) {
                found = k;
            }
        }
        if (found == null) {
            return Optional.empty();
        }
        return Optional.of(UsernamePasswordAuthenticationToken.authenticated(found.principal(), null,
                AuthorityUtils.createAuthorityList(found.roles().stream().map(r -> "ROLE_" + r).toList())));
    }

    /** Authenticates {@link Presented} tokens against these; a wrong one is a {@link BadCredentialsException}. */
    public ReactiveAuthenticationManager manager(String wrongTokenDetail) {
        return authentication -> Mono.justOrEmpty(match((String) authentication.getCredentials()))
                .switchIfEmpty(Mono.error(() -> new BadCredentialsException(wrongTokenDetail)));
    }

    /**
     * {@code Authorization: Bearer <token>}; no such header means no credentials (the chain's 401 then says what
     * to send). Another scheme is no credentials either.
     */
    public static ServerAuthenticationConverter converter() {
        return exchange -> {
            String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
            if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return Mono.empty();
            }
            return Mono.just(new Presented(header.substring(7).trim()));
        };
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
