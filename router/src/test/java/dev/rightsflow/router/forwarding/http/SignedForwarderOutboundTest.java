package dev.rightsflow.router.forwarding.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import tools.jackson.databind.json.JsonMapper;

import dev.rightsflow.router.cases.kafka.CaseEventAvro;
import dev.rightsflow.router.forwarding.application.ExternalForwarder.Result;
import dev.rightsflow.router.registry.model.Division;
import dev.rightsflow.router.registry.model.ForwardingMode;
import dev.rightsflow.router.registry.model.Organisation;
import dev.rightsflow.router.requests.model.Request;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.testing.SampleEvents;

/**
 * Signed forwarding goes only where it should: an endpoint on loopback (here the local stand-in of a controller)
 * is refused before any connection unless the registry allows that host for the controller.
 */
class SignedForwarderOutboundTest {

    static final WireMockServer CONTROLLER = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    final SignedForwarder forwarder = new SignedForwarder(WebClient.create(), ref -> Optional.of("k-" + ref),
            JsonMapper.builder().build(), Clock.systemUTC(), 1, Duration.ofMillis(10), Duration.ofSeconds(30));

    @BeforeAll
    static void start() {
        CONTROLLER.start();
    }

    @AfterAll
    static void stop() {
        CONTROLLER.stop();
    }

    @BeforeEach
    void reset() {
        CONTROLLER.resetAll();
        CONTROLLER.stubFor(WireMock.post("/dsr").willReturn(WireMock.okJson("{\"reference\":\"R-1\"}")));
    }

    private Organisation controller(String endpoint, List<String> allowed) {
        return new Organisation("riverside-nhs-ft", "Riverside", Division.ENGLAND_AND_WALES, false, true, null, null, null,
                new Organisation.Forwarding(ForwardingMode.SIGNED_HTTP, endpoint, "KEY", null), null, null, null, null,
                null, allowed);
    }

    @Test
    void aLoopbackEndpointIsRefusedBeforeAnyConnectionUnlessTheRegistryAllowsIt() {
        String endpoint = "http://127.0.0.1:" + CONTROLLER.port() + "/dsr";

        Result refused = forwarder.forward(controller(endpoint, List.of()),
                request("r-ssrf-1", Right.ERASURE, "mes", "northshire-membership"), "mes", "k-1");

        assertThat(refused.delivered()).isFalse();
        assertThat(refused.failure()).contains("127.0.0.1", "loopback");
        assertThat(CONTROLLER.getAllServeEvents()).isEmpty();

        Result allowed = forwarder.forward(controller(endpoint, List.of("127.0.0.1:" + CONTROLLER.port())),
                request("r-ssrf-2", Right.ERASURE, "mes", "northshire-membership"), "mes", "k-2");

        assertThat(allowed.delivered()).isTrue();
        assertThat(allowed.reference()).isEqualTo("R-1");
        assertThat(CONTROLLER.getAllServeEvents()).hasSize(1);
    }

    @Test
    void theCloudMetadataAndPrivateAddressesAreRefused() {
        for (String endpoint : List.of("http://169.254.169.254/latest/meta-data/", "http://10.0.0.8:8080/dsr",
                "http://[::1]:27017/", "http://localhost:27017/")) {
            Result refused = forwarder.forward(controller(endpoint, List.of()),
                    request("r-ssrf-3", Right.ACCESS, "mes", "northshire-membership"), "mes", "k-3");
            assertThat(refused.delivered()).as(endpoint).isFalse();
            assertThat(refused.failure()).as(endpoint).contains("refused");
        }
    }

    /** A sample request as the forwarder is given it: the model's reading of the contract's event. */
    private static Request request(String requestId, Right right, String organisationId, String serviceId) {
        return CaseEventAvro.request(SampleEvents.requestReceived(requestId, right, organisationId, serviceId));
    }
}
