package dev.rightsflow.schemas.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

import com.sun.net.httpserver.HttpServer;

import dev.rightsflow.schemas.opendsr.OpenDsrKeys;
import dev.rightsflow.schemas.opendsr.OpenDsrPeers;
import dev.rightsflow.schemas.opendsr.OpenDsrSettings;
import dev.rightsflow.schemas.opendsr.OpenDsrSigner;

/**
 * DNS rebinding (issue 10): a name that resolves to a public address when the call is checked and to 127.0.0.1 when
 * the client connects must not reach the loopback listener. The lookup is injected: its first answer is public, every
 * later one loopback, the way a rebinding DNS server answers with a short TTL.
 */
class DnsRebindingTest {

    private static final String NAME = "rebind.attacker.example";
    private static final OpenDsrSigner PEER = OpenDsrKeys.selfSigned(NAME, Duration.ofDays(1));

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
        // an OpenDSR peer's discovery document and certificate, as if the internal service were a peer
        internal.createContext("/discovery", exchange -> {
            hostHeaders.add(exchange.getRequestHeaders().getFirst("Host"));
            byte[] body = ("{\"api_version\":\"2.0\",\"supported_identities\":[],\"supported_subject_request_types\":[\"erasure\"],"
                    + "\"processor_certificate\":\"/cert.pem\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        internal.createContext("/cert.pem", exchange -> {
            hostHeaders.add(exchange.getRequestHeaders().getFirst("Host"));
            byte[] body = PEER.certificatePem().getBytes(StandardCharsets.UTF_8);
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

    @Test
    void theBlockingClientRefusesANameThatRebindsToLoopbackWhenItConnects() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        OutboundAddresses.Lookup lookup = rebinding(lookups);
        OutboundAddresses.check(target(), List.of(), lookup);

        HttpClient client = new CheckedHttpClient(lookup, List::of, Duration.ofSeconds(5));
        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(target()).GET().build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(ForbiddenOutboundAddressException.class).hasMessageContaining("loopback");
        assertThat(lookups.get()).as("the connection resolved the name again").isGreaterThanOrEqualTo(2);
        assertThat(hostHeaders).isEmpty();

        HttpClient allowed = new CheckedHttpClient(rebinding(new AtomicInteger(1)),
                () -> List.of(NAME + ":" + internal.getAddress().getPort()), Duration.ofSeconds(5));
        HttpResponse<String> answer = allowed.send(HttpRequest.newBuilder(target()).POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("internal secrets");
        assertThat(answer.headers().firstValueAsLong("content-length")).hasValue(16);
        assertThat(hostHeaders).containsExactly(NAME + ":" + internal.getAddress().getPort());
    }

    @Test
    void openDsrDiscoveryOfAPeerWhoseNameRebindsToLoopbackFetchesNothing() {
        String discovery = "http://" + NAME + ":" + internal.getAddress().getPort() + "/discovery";
        AtomicInteger lookups = new AtomicInteger();
        OutboundAddresses.Lookup lookup = rebinding(lookups);
        OutboundAddresses.check(URI.create(discovery), List.of(), lookup);

        OpenDsrPeers peers = new OpenDsrPeers(peerSettings(discovery), new CheckedHttpClient(lookup, List::of, Duration.ofSeconds(5)),
                Clock.systemUTC());
        assertThat(peers.certificate(NAME)).isEmpty();
        assertThat(lookups.get()).isGreaterThanOrEqualTo(2);
        assertThat(hostHeaders).as("the discovery request never reached the internal listener").isEmpty();

        // the same peer on the allow-list (a local stand-in): discovery and certificate are fetched and accepted
        OpenDsrPeers allowed = new OpenDsrPeers(peerSettings(discovery), new CheckedHttpClient(rebinding(new AtomicInteger(1)),
                () -> List.of(NAME + ":" + internal.getAddress().getPort()), Duration.ofSeconds(5)), Clock.systemUTC());
        assertThat(allowed.certificate(NAME)).hasValueSatisfying(c -> assertThat(c).isEqualTo(PEER.certificate()));
        assertThat(hostHeaders).hasSize(2);
    }

    private static OpenDsrSettings peerSettings(String discoveryUrl) {
        return new OpenDsrSettings("here.test", null, null, null, null, null, Map.of(NAME, new OpenDsrSettings.Peer(discoveryUrl, null)),
                true, List.of(), Duration.ofHours(1), Duration.ofSeconds(10), Duration.ofHours(1), "", null);
    }
}
