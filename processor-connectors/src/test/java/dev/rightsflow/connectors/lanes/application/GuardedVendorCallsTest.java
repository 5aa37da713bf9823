package dev.rightsflow.connectors.lanes.application;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.rightsflow.connectors.spi.Connector;
import dev.rightsflow.connectors.spi.ConnectorContext;
import dev.rightsflow.connectors.spi.ConnectorTask;
import dev.rightsflow.connectors.spi.Outcome;
import dev.rightsflow.connectors.spi.TaskDetails;
import dev.rightsflow.connectors.spi.TaskSubject;
import dev.rightsflow.connectors.vendors.GenericRestConnector;
import dev.rightsflow.schemas.model.Action;
import dev.rightsflow.schemas.net.CheckedHttpClient;
import dev.rightsflow.schemas.net.OutboundAddresses;

/**
 * A connector's vendor calls go through the outbound guard ({@link CheckedHttpClient}, the client the runtime hands to
 * connectors): a registry {@code baseUrl} on loopback (the CRM's stand-in here) or on a private or metadata address is
 * refused before any byte is sent, as a permanent failure a person must fix, unless the service allows that host; and
 * the address is checked when the connection is made, so a name that rebinds to 127.0.0.1 after looking public is
 * refused too (DNS rebinding).
 */
class GuardedVendorCallsTest {

    private static final String NAME = "crm.rebind.attacker.example";

    static final WireMockServer CRM = new WireMockServer(options().dynamicPort());
    static final TaskSubject SUBJECT = new TaskSubject("Alex Example", "alex@example.org", null, null, Map.of());

    @BeforeAll
    static void start() {
        CRM.start();
    }

    @AfterAll
    static void stop() {
        CRM.stop();
    }

    @BeforeEach
    void reset() {
        CRM.resetAll();
        CRM.stubFor(get(urlPathEqualTo("/api/people")).willReturn(okJson("{\"results\":[]}")));
    }

    private static Outcome export(String baseUrl, List<String> allowed) {
        return export(baseUrl, CheckedHttpClient.create(allowed));
    }

    private static Outcome export(String baseUrl, HttpClient guarded) {
        Connector crm = new GenericRestConnector();
        ConnectorTask task = new ConnectorTask("t-1", "req-1", "crm", Action.EXPORT, "ACCESS", SUBJECT, TaskDetails.none(),
                List.of("contact"), crm.config().parse(Map.of("baseUrl", baseUrl, "auth", "bearer", "secretRef", "CRM_TOKEN",
                        "lookupPath", "/people?email={email}", "resultsPointer", "/results", "idField", "personId")), 1);
        ConnectorContext context = ConnectorContext.of(name -> Optional.of("token"), guarded,
                Clock.fixed(Instant.parse("2026-09-03T10:15:00Z"), ZoneOffset.UTC), (c, t) -> Optional.empty());
        return crm.execute(task, context);
    }

    @Test
    void aLoopbackBaseUrlIsRefusedPermanentlyWithoutAConnectionUnlessAllowed() {
        String base = "http://127.0.0.1:" + CRM.port() + "/api";

        assertThat(export(base, List.of())).isInstanceOfSatisfying(Outcome.PermanentFailure.class,
                f -> assertThat(f.reason()).contains("127.0.0.1", "loopback"));
        assertThat(CRM.getAllServeEvents()).isEmpty();

        assertThat(export(base, List.of("127.0.0.1:" + CRM.port()))).isNotInstanceOf(Outcome.PermanentFailure.class)
                .isNotInstanceOf(Outcome.RetriableFailure.class);
        assertThat(CRM.getAllServeEvents()).hasSize(1);
    }

    @Test
    void privateAndMetadataAddressesAreRefused() {
        for (String base : List.of("http://169.254.169.254/latest", "http://192.168.0.10/api", "http://[fd00::1]/api")) {
            assertThat(export(base, List.of("localhost"))).as(base).isInstanceOfSatisfying(Outcome.PermanentFailure.class,
                    f -> assertThat(f.reason()).contains("refused"));
        }
    }

    /** Public (203.0.113.0/24, documentation range) at the first lookup, loopback at every later one. */
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

    @Test
    void aVendorNameThatRebindsToLoopbackAfterLookingPublicIsRefusedWhenTheConnectionIsMade() {
        AtomicInteger lookups = new AtomicInteger();
        OutboundAddresses.Lookup lookup = rebinding(lookups);
        String base = "http://" + NAME + ":" + CRM.port() + "/api";
        // what a check before the call would have seen: a public address, nothing to refuse
        OutboundAddresses.check(URI.create(base), List.of(), lookup);

        Outcome outcome = export(base, new CheckedHttpClient(lookup, List::of, Duration.ofSeconds(5)));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.PermanentFailure.class,
                f -> assertThat(f.reason()).contains(NAME, "loopback"));
        assertThat(lookups.get()).as("the connection resolved the name again").isGreaterThanOrEqualTo(2);
        assertThat(CRM.getAllServeEvents()).as("nothing reached the stand-in on loopback").isEmpty();
    }

    @Test
    void theRegistryAllowListStillLetsTheSameNameReachALocalStubAndItKeepsItsHostHeader() {
        AtomicInteger lookups = new AtomicInteger(1); // loopback from the start
        String allowed = NAME + ":" + CRM.port();
        Outcome outcome = export("http://" + NAME + ":" + CRM.port() + "/api",
                new CheckedHttpClient(rebinding(lookups), () -> List.of(allowed), Duration.ofSeconds(5)));

        assertThat(outcome).isNotInstanceOf(Outcome.PermanentFailure.class).isNotInstanceOf(Outcome.RetriableFailure.class);
        assertThat(CRM.getAllServeEvents()).hasSize(1);
        assertThat(CRM.getAllServeEvents().get(0).getRequest().getHeader("Host")).isEqualTo(allowed);
        assertThat(CRM.getAllServeEvents().get(0).getRequest().getHeader("Authorization")).isEqualTo("Bearer token");
    }
}
