package dev.rightsflow.intake.shared.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.adapter.ForwardedHeaderTransformer;

import dev.rightsflow.intake.RequestIntakeProperties;
import reactor.core.publisher.Mono;

/**
 * Honours {@code Forwarded} (RFC 7239) and {@code X-Forwarded-*} only when the connection comes
 * from a proxy listed in {@code rightsflow.intake.trusted-proxies} (CIDRs; none by default). From
 * anyone else those headers are removed, so a client cannot choose its own address, scheme or host.
 * <p>
 * Behind trusted proxies the client is the nearest untrusted hop, read from the right of the
 * forwarded chain (each proxy appends what it saw), not the leftmost entry, which the client itself
 * may have written. The scheme, host and port come from Spring's {@link ForwardedHeaderTransformer}.
 * Runs first of all filters, in the standalone for every module's paths, so the rate limit
 * ({@link PublicRateLimit}) and the session cookie's {@code Secure} flag see the real client.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class TrustedProxies implements WebFilter {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final List<Cidr> trusted;
    private final ForwardedHeaderTransformer apply = new ForwardedHeaderTransformer();
    private final ForwardedHeaderTransformer strip = new ForwardedHeaderTransformer();

    @Autowired
    public TrustedProxies(RequestIntakeProperties properties) {
        this(properties.trustedProxies());
    }

    TrustedProxies(List<String> cidrs) {
        this.trusted = cidrs.stream().map(Cidr::parse).toList();
        strip.setRemoveOnly(true);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (!hasForwardedHeaders(request.getHeaders())) {
            return chain.filter(exchange);
        }
        InetSocketAddress remote = request.getRemoteAddress();
        InetAddress peer = remote == null ? null : remote.getAddress();
        if (peer == null || !isTrusted(peer)) {
            return chain.filter(exchange.mutate().request(strip.apply(request)).build());
        }
        InetAddress client = client(peer, request.getHeaders());
        ServerHttpRequest forwarded = apply.apply(request).mutate()
                .remoteAddress(new InetSocketAddress(client, 0)).build();
        return chain.filter(exchange.mutate().request(forwarded).build());
    }

    private static boolean hasForwardedHeaders(HttpHeaders headers) {
        for (String name : headers.headerNames()) {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (lower.equals("forwarded") || lower.startsWith("x-forwarded-")) {
                return true;
            }
        }
        return false;
    }

    boolean isTrusted(InetAddress address) {
        return trusted.stream().anyMatch(c -> c.contains(address));
    }

    /**
     * The nearest hop that is not a trusted proxy, walking the chain from the right. An entry that is
     * not an IP literal (RFC 7239's {@code unknown} or an obfuscated name) ends the walk: the last
     * trusted hop stands for the client then, which can only make clients share a bucket, never split one.
     */
    InetAddress client(InetAddress peer, HttpHeaders headers) {
        List<String> hops = hops(headers);
        InetAddress current = peer;
        for (int i = hops.size() - 1; i >= 0 && isTrusted(current); i--) {
            InetAddress hop = literal(hops.get(i));
            if (hop == null) {
                return current;
            }
            current = hop;
        }
        return current;
    }

    private static List<String> hops(HttpHeaders headers) {
        List<String> hops = new ArrayList<>();
        List<String> forwarded = headers.get("Forwarded");
        if (forwarded != null && !forwarded.isEmpty()) {
            for (String value : forwarded) {
                for (String element : value.split(",")) {
                    String found = null;
                    for (String pair : element.split(";")) {
                        String[] kv = pair.trim().split("=", 2);
                        if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("for")) {
                            found = kv[1].trim();
                        }
                    }
                    hops.add(found == null ? "" : found);
                }
            }
            return hops;
        }
        List<String> xff = headers.get("X-Forwarded-For");
        if (xff != null) {
            for (String value : xff) {
                for (String hop : value.split(",")) {
                    hops.add(hop.trim());
                }
            }
        }
        return hops;
    }

    /** An IP literal, with quotes, brackets and a port removed; null for anything else (never a DNS lookup). */
    static InetAddress literal(String hop) {
        String h = hop.trim();
        if (h.startsWith("\"") && h.endsWith("\"") && h.length() >= 2) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            if (end < 0) {
                return null;
            }
            h = h.substring(1, end);
        } else if (h.indexOf(':') >= 0 && h.indexOf(':') == h.lastIndexOf(':') && h.contains(".")) {
            h = h.substring(0, h.indexOf(':'));
        }
        if (h.isEmpty() || h.length() > 45 || !(IPV4.matcher(h).matches() || (h.contains(":") && h.matches("[0-9a-fA-F:.]+")))) {
            return null;
        }
        try {
            return InetAddress.getByName(h);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** An address block, e.g. {@code 10.0.0.0/8} or {@code ::1/128}; a bare address is a block of one. */
    record Cidr(byte[] network, int prefix) {

        static Cidr parse(String text) {
            String[] parts = text.trim().split("/", 2);
            InetAddress address = literal(parts[0]);
            if (address == null) {
                throw new IllegalArgumentException("rightsflow.intake.trusted-proxies: not an IP address or CIDR: " + text);
            }
            int bits = address.getAddress().length * 8;
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : bits;
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("rightsflow.intake.trusted-proxies: bad prefix length in " + text);
            }
            return new Cidr(address.getAddress(), prefix);
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (candidate[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (candidate[full] & mask) == (network[full] & mask);
        }
    }
}
