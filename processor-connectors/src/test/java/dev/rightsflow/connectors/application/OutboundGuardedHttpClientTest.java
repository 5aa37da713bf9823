package dev.rightsflow.connectors.application;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.rightsflow.connectors.spi.Action;
import dev.rightsflow.connectors.spi.Connector;
import dev.rightsflow.connectors.spi.ConnectorContext;
import dev.rightsflow.connectors.spi.ConnectorTask;
import dev.rightsflow.connectors.spi.Outcome;
import dev.rightsflow.connectors.spi.TaskDetails;
import dev.rightsflow.connectors.spi.TaskSubject;
import dev.rightsflow.connectors.vendors.GenericRestConnector;

/**
 * A connector's vendor calls go through the outbound guard: a registry {@code baseUrl} on loopback (the CRM's
 * stand-in here) or on a private or metadata address is refused before any connection, as a permanent failure a
 * person must fix, unless the service allows that host.
 */
class OutboundGuardedHttpClientTest {

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
        Connector crm = new GenericRestConnector();
        ConnectorTask task = new ConnectorTask("t-1", "req-1", "crm", Action.EXPORT, "ACCESS", SUBJECT, TaskDetails.none(),
                List.of("contact"), crm.config().parse(Map.of("baseUrl", baseUrl, "auth", "bearer", "secretRef", "CRM_TOKEN",
                        "lookupPath", "/people?email={email}", "resultsPointer", "/results", "idField", "personId")), 1);
        HttpClient guarded = new OutboundGuardedHttpClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build(), allowed);
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
}
