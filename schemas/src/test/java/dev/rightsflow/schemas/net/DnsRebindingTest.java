package dev.rightsflow.schemas.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

import com.sun.net.httpserver.HttpServer;

/**
 * DNS rebinding (issue 10): a name that resolves to a public address when the call is checked and to 127.0.0.1 when
 * the client connects must not reach the loopback listener. The lookup is injected: its first answer is public, every
 * later one loopback, the way a rebinding DNS server answers with a short TTL.
 */
class DnsRebindingTest {

    private static final String NAME = "rebind.attacker.example";

    private HttpServer internal;
    private final List<String> hostHeaders = new CopyOnWriteArrayList<>();

    @BeforeEach
    void internalService() throws Exception {
        internal = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        internal.createContext("/", exchange -> {
            hostHeaders.add(exchange.getRequestHeaders().getFirst("Host"));
            byte[] body = "internal secrets".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        internal.start();
    }

    @AfterEach
    void stop() {
        internal.stop(0);
    }

    /** Public (documentation range 203.0.113.0/24 is not refused by class) first, loopback afterwards. */
    private static OutboundAddresses.Lookup rebinding(AtomicInteger lookups) {
        return host -> {
            if (!host.equals(NAME)) {
                throw new UnknownHostException(host);
            }
            return lookups.getAndIncrement() == 0
                    ? new InetAddress[] {InetAddress.getByAddress(NAME, new byte[] {(byte) 203, 0, 113, 7})}
                    : new InetAddress[] {InetAddress.getByAddress(NAME, new byte[] {127, 0, 0, 1})};
        };
    }

    private URI target() {
        return URI.create("http://" + NAME + ":" + internal.getAddress().getPort() + "/admin");
    }

    @Test
    void aNameThatRebindsToLoopbackAfterTheCheckIsRefusedAtConnectTime() {
        AtomicInteger lookups = new AtomicInteger();
        OutboundAddresses.Lookup lookup = rebinding(lookups);
        OutboundAddresses.check(target(), List.of(), lookup); // the check before the call sees the public address

        WebClient client = GuardedWebClients.builder(new CheckedAddressResolverGroup(lookup, List::of)).build();
        assertThatThrownBy(() -> client.get().uri(target()).retrieve().bodyToMono(String.class)
                .block(Duration.ofSeconds(10)))
                .hasRootCauseInstanceOf(ForbiddenOutboundAddressException.class)
                .rootCause().hasMessageContaining("loopback");
        assertThat(lookups.get()).as("the connection resolved the name again").isGreaterThanOrEqualTo(2);
        assertThat(hostHeaders).as("nothing reached the internal listener").isEmpty();
    }

    @Test
    void theSameNameOnTheAllowListConnectsToTheAddressItResolvedToAndKeepsItsHostHeader() {
        AtomicInteger lookups = new AtomicInteger(1); // loopback from the start
        String allowed = NAME + ":" + internal.getAddress().getPort();
        WebClient client = GuardedWebClients.builder(new CheckedAddressResolverGroup(rebinding(lookups),
                () -> List.of(allowed))).build();

        String body = client.get().uri(target()).retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10));

        assertThat(body).isEqualTo("internal secrets");
        assertThat(hostHeaders).containsExactly(allowed);
    }

    @Test
    void aLiteralLoopbackAddressIsRefusedAtConnectTimeToo() {
        WebClient client = GuardedWebClients.builder(List::of).build();
        assertThatThrownBy(() -> client.get().uri("http://127.0.0.1:" + internal.getAddress().getPort() + "/")
                .retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10)))
                .hasRootCauseInstanceOf(ForbiddenOutboundAddressException.class);
        assertThat(hostHeaders).isEmpty();
    }
}
