package dev.rightsflow.router.kafka;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import tools.jackson.databind.JsonNode;

import dev.rightsflow.router.http.SignedForwarder;
import dev.rightsflow.router.model.ForwardingMode;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.CaseOpened;
import dev.rightsflow.schemas.avro.ControllerResolved;
import dev.rightsflow.schemas.avro.RequestForwarded;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.TaskAction;
import dev.rightsflow.schemas.avro.TaskDispatched;
import dev.rightsflow.schemas.testing.SampleEvents;

/**
 * Forwarding from a processor to an external controller through Kafka, the controllers' endpoints
 * being local WireMock stubs (no real controller is reached): an OpenDSR request with its
 * signatures, the fall-back to a person when the controller has no API or the signed call keeps
 * failing, and the listener carrying on with other requests while a slow call is under way.
 */
class RouterForwardingTest extends RouterKafkaTest {

    static final String LEEDS = "/leeds/opendsr/v1/requests";
    static final String CRC = "/crc/dsr/requests";

    @BeforeAll
    static void stubControllers() {
        controllerStub.stubFor(post(urlEqualTo(LEEDS)).atPriority(5).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"controller_id\":\"leeds\",\"subject_request_id\":\"leeds-9001\","
                        + "\"received_time\":\"2026-09-03T10:15:05Z\"}")));
        controllerStub.stubFor(post(urlEqualTo(LEEDS)).atPriority(1)
                .withRequestBody(containing("req-forward-slow")).willReturn(aResponse().withStatus(201)
                        .withFixedDelay(12000).withHeader("Content-Type", "application/json")
                        .withBody("{\"subject_request_id\":\"leeds-slow\"}")));
        controllerStub.stubFor(post(urlEqualTo(CRC)).willReturn(aResponse().withStatus(503)));
    }

    private static RequestReceived leedsMemberAccess(String requestId) {
        return RequestReceived.newBuilder(SampleEvents.requestReceived(requestId, Right.ACCESS, "rip", "rip-website"))
                .setRelationship("partner-member:leeds").build();
    }

    @Test
    void partnerControllerGetsASignedOpenDsrRequestAndRipSeesTheForwardedStatus() throws Exception {
        pointAtStub("partner-leeds", ForwardingMode.OPENDSR, LEEDS, "LEEDS_OPENDSR_KEY");
        String requestId = "req-forward-opendsr";
        send(Topics.REQUESTS, requestId, leedsMemberAccess(requestId));

        ControllerResolved resolved = awaitOne(Topics.CASES, requestId, ControllerResolved.class);
        assertThat(resolved.getControllerId()).isEqualTo("partner-leeds");
        assertThat(resolved.getReceiverIsProcessor()).isTrue();
        RequestForwarded forwarded = awaitOne(Topics.CASES, requestId, RequestForwarded.class);
        assertThat(forwarded.getMode()).isEqualTo("OPENDSR");
        assertThat(forwarded.getControllerReference()).isEqualTo("leeds-9001");
        assertThat(forwarded.getHop().getFromOrganisationId()).isEqualTo("rip");

        List<LoggedRequest> calls = controllerStub.findAll(postRequestedFor(urlEqualTo(LEEDS))
                .withRequestBody(containing(requestId)));
        assertThat(calls).hasSize(1);
        LoggedRequest call = calls.get(0);
        String body = call.getBodyAsString();
        String openDsrSignature = Base64.getEncoder().encodeToString(
                HexFormat.of().parseHex(SignedForwarder.sign("leeds-test-key", body)));
        assertThat(call.getHeader(SignedForwarder.OPENDSR_SIGNATURE_HEADER)).isEqualTo(openDsrSignature);
        assertThat(call.getHeader(SignedForwarder.SIGNATURE_HEADER)).isEqualTo("sha256=" + SignedForwarder.sign(
                "leeds-test-key", call.getHeader(SignedForwarder.TIMESTAMP_HEADER) + "." + body));
        assertThat(call.getHeader("Idempotency-Key")).isEqualTo(Events.derivedId(requestId, "forward", "partner-leeds"));

        JsonNode json = codec.json().readTree(body);
        assertThat(json.get("api_version").asString()).isEqualTo("1.0");
        assertThat(json.get("regulation").asString()).isEqualTo("gdpr");
        assertThat(json.get("subject_request_id").asString()).isEqualTo(requestId);
        assertThat(json.get("subject_request_type").asString()).isEqualTo("access");
        assertThat(json.get("submitted_time").asString()).isEqualTo("2026-09-03T10:15:00Z");
        assertThat(json.get("property_id").asString()).isEqualTo("rip-website");
        JsonNode email = json.get("subject_identities").get(0);
        assertThat(email.get("identity_type").asString()).isEqualTo("email");
        assertThat(email.get("identity_value").asString()).isEqualTo("alex@example.org");
        assertThat(email.get("identity_format").asString()).isEqualTo("raw");
        assertThat(json.get("extensions").get("rightsflow").get("forwarded_by").asString()).isEqualTo("rip");
        assertThat(events(Topics.CASES, requestId, CaseOpened.class)).isEmpty();

        awaitCase(requestId, c -> c.jsonPath("$.status").isEqualTo("FORWARDED_EXTERNALLY"));
        web.get().uri("/router/forwarded?organisation=rip").header("Authorization", ADMIN).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.requestId == 'req-forward-opendsr')].controllerReference").isEqualTo(List.of("leeds-9001"));
    }

    @Test
    void controllerWithoutAnApiGetsAManualForwardingTaskWithItsContact() throws Exception {
        String requestId = "req-forward-manual";
        send(Topics.REQUESTS, requestId,
                SampleEvents.requestReceived(requestId, Right.ERASURE, "ecs", "healthwatch-staffordshire"));
        RequestForwarded forwarded = awaitOne(Topics.CASES, requestId, RequestForwarded.class);
        assertThat(forwarded.getMode()).isEqualTo("MANUAL");
        assertThat(forwarded.getHop().getToOrganisationId()).isEqualTo("staffordshire-cc");
        TaskDispatched task = awaitOne(Topics.TASKS, requestId, TaskDispatched.class);
        assertThat(task.getAction()).isEqualTo(TaskAction.FORWARD_TO_CONTROLLER);
        assertThat(task.getConnector()).isEqualTo("manual");
        assertThat(task.getConnectorConfig()).containsEntry("contact",
                "information.governance@staffordshire.gov.example");
        assertThat(task.getConnectorConfig().get("instructions")).contains("2026-09-03").doesNotContain("failed");
        assertThat(task.getTaskId()).isEqualTo(Events.derivedId(requestId, "controller:staffordshire-cc",
                "FORWARD_TO_CONTROLLER"));
    }

    @Test
    void signedCallThatKeepsFailingIsRetriedThenHandedToAPerson() throws Exception {
        pointAtStub("crc-partner", ForwardingMode.SIGNED_HTTP, CRC, "CRC_FORWARDING_KEY");
        String requestId = "req-forward-failing";
        send(Topics.REQUESTS, requestId,
                SampleEvents.requestReceived(requestId, Right.ERASURE, "empower", "crc-referral-support"));

        RequestForwarded forwarded = awaitOne(Topics.CASES, requestId, RequestForwarded.class);
        assertThat(forwarded.getMode()).isEqualTo("MANUAL");
        TaskDispatched task = awaitOne(Topics.TASKS, requestId, TaskDispatched.class);
        assertThat(task.getAction()).isEqualTo(TaskAction.FORWARD_TO_CONTROLLER);
        assertThat(task.getConnectorConfig().get("instructions")).contains("The signed call failed: HTTP 503");

        List<LoggedRequest> calls = controllerStub.findAll(postRequestedFor(urlEqualTo(CRC))
                .withRequestBody(containing(requestId)));
        assertThat(calls).hasSize(4);
        assertThat(calls).extracting(c -> c.getHeader("Idempotency-Key")).containsOnly(
                Events.derivedId(requestId, "forward", "crc-partner"));
    }

    @Test
    void slowControllerDoesNotHoldUpOtherRequests() throws Exception {
        pointAtStub("partner-leeds", ForwardingMode.OPENDSR, LEEDS, "LEEDS_OPENDSR_KEY");
        String slow = "req-forward-slow";
        String other = "req-forward-meanwhile";
        send(Topics.REQUESTS, slow, leedsMemberAccess(slow));
        send(Topics.REQUESTS, other,
                SampleEvents.requestReceived(other, Right.ERASURE, "mes", "mes-corporate-website"));

        awaitOne(Topics.CASES, other, CaseOpened.class);
        assertThat(events(Topics.CASES, slow, RequestForwarded.class)).as("the slow call is still under way").isEmpty();
        awaitCase(slow, c -> c.jsonPath("$.status").isEqualTo("FORWARDING"));

        assertThat(awaitOne(Topics.CASES, slow, RequestForwarded.class).getControllerReference())
                .isEqualTo("leeds-slow");
        awaitCase(slow, c -> c.jsonPath("$.status").isEqualTo("FORWARDED_EXTERNALLY"));
    }
}
