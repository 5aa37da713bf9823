package dev.rightsflow.intake.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import reactor.core.publisher.Mono;

/** Which client address and scheme the rest of intake sees, behind trusted proxies and without. */
class TrustedProxiesTest {

    static ServerHttpRequest seen(TrustedProxies filter, String peer, String... headers) {
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("http://intake.example/api/v1/organisations")
                .remoteAddress(new InetSocketAddress(peer, 40000));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        AtomicReference<ServerHttpRequest> seen = new AtomicReference<>();
        filter.filter(MockServerWebExchange.from(request), e -> {
            seen.set(e.getRequest());
            return Mono.empty();
        }).block();
        return seen.get();
    }

    @Test
    void byDefaultNoProxyIsTrustedAndForwardingHeadersAreDropped() {
        ServerHttpRequest request = seen(new TrustedProxies(List.of()), "192.0.2.10", "X-Forwarded-For", "203.0.113.5",
                "Forwarded", "for=203.0.113.6;proto=https", "X-Forwarded-Proto", "https");
        assertThat(request.getRemoteAddress().getAddress().getHostAddress()).isEqualTo("192.0.2.10");
        assertThat(request.getURI().getScheme()).isEqualTo("http");
        assertThat(request.getHeaders().containsHeader("X-Forwarded-For")).isFalse();
        assertThat(request.getHeaders().containsHeader("Forwarded")).isFalse();
    }

    @Test
    void behindATrustedProxyTheClientIsTheNearestUntrustedHopNotTheLeftmostEntry() {
        TrustedProxies filter = new TrustedProxies(List.of("10.0.0.0/8"));
        // The client wrote 198.51.100.66 itself; the proxies appended 203.0.113.5 (the client) and 10.1.2.3.
        ServerHttpRequest request = seen(filter, "10.0.0.2", "X-Forwarded-For", "198.51.100.66, 203.0.113.5, 10.1.2.3",
                "X-Forwarded-Proto", "https");
        assertThat(request.getRemoteAddress().getAddress().getHostAddress()).isEqualTo("203.0.113.5");
        assertThat(request.getURI().getScheme()).isEqualTo("https");
        assertThat(seen(filter, "10.0.0.2", "Forwarded", "for=198.51.100.66, for=\"[2001:db8::7]:4711\"")
                .getRemoteAddress().getAddress().getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:7");
        // An entry that is not an address stands for nobody: the last trusted hop is the client then.
        assertThat(seen(filter, "10.0.0.2", "X-Forwarded-For", "unknown, 10.9.9.9")
                .getRemoteAddress().getAddress().getHostAddress()).isEqualTo("10.9.9.9");
    }

    @Test
    void cidrsMatchByPrefix() {
        TrustedProxies filter = new TrustedProxies(List.of("172.16.0.0/12", "::1", "192.0.2.128/25"));
        assertThat(filter.isTrusted(TrustedProxies.literal("172.31.255.1"))).isTrue();
        assertThat(filter.isTrusted(TrustedProxies.literal("172.32.0.1"))).isFalse();
        assertThat(filter.isTrusted(TrustedProxies.literal("::1"))).isTrue();
        assertThat(filter.isTrusted(TrustedProxies.literal("192.0.2.200"))).isTrue();
        assertThat(filter.isTrusted(TrustedProxies.literal("192.0.2.100"))).isFalse();
    }
}
