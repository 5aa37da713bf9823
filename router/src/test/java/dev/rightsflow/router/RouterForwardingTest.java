package dev.rightsflow.router;

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

import dev.rightsflow.router.forwarding.http.SignedForwarder;
import dev.rightsflow.router.registry.model.ForwardingMode;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.CaseOpened;
import dev.rightsflow.schemas.avro.ControllerResolved;
import dev.rightsflow.schemas.avro.IdentityVerified;
import dev.rightsflow.schemas.avro.RequestForwarded;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.TaskAction;
import dev.rightsflow.schemas.avro.TaskDispatched;
import dev.rightsflow.schemas.avro.VerificationMethod;
import dev.rightsflow.schemas.opendsr.Messages;
import dev.rightsflow.schemas.opendsr.OpenDsrCodec;
import dev.rightsflow.schemas.opendsr.OpenDsrSigner;
import dev.rightsflow.schemas.opendsr.OpenDsrVerifier;
import dev.rightsflow.schemas.testing.SampleEvents;

/**
 * Forwarding from a processor to an external controller through Kafka, the controllers' endpoints
 * being local WireMock stubs (no real controller is reached; Partner Leeds's stub answers with a
 * receipt signed by a test certificate): an OpenDSR 2.0 request with its signatures, a receipt
 * whose signature does not verify, the fall-back to a person when the controller has no API or the signed call keeps
 * failing, and the listener carrying on with other requests while a slow call is under way.
 */
class RouterForwardingTest extends RouterKafkaTest {

    @org.springframework.beans.factory.annotation.Autowired
    @org.springframework.beans.factory.annotation.Qualifier("routerOpenDsrSigner")
    OpenDsrSigner routerSigner;

    static final String LEEDS = "/leeds/opendsr/v1/requests";
    static final String CRC = "/crc/dsr/requests";

    @BeforeAll
    static void stubControllers() {
        controllerStub.stubFor(post(urlEqualTo(LEEDS)).atPriority(5)
                .withRequestBody(containing(SignedForwarder.subjectRequestId("req-forward-opendsr", "partner-leeds")))
                .willReturn(signedReceipt("req-forward-opendsr")));
        controllerStub.stubFor(post(urlEqualTo(LEEDS)).atPriority(1)
                .withRequestBody(containing(SignedForwarder.subjectRequestId("req-forward-slow", "partner-leeds")))
                .willReturn(signedReceipt("req-forward-slow").withFixedDelay(12000)));
        controllerStub.stubFor(post(urlEqualTo(LEEDS)).atPriority(1)
                .withRequestBody(containing(SignedForwarder.subjectRequestId("req-forward-verified", "partner-leeds")))
                .willReturn(signedReceipt("req-forward-verified").withFixedDelay(8000)));
        controllerStub.stubFor(post(urlEqualTo(LEEDS)).atPriority(1)
                .withRequestBody(containing(SignedForwarder.subjectRequestId("req-forward-forged", "partner-leeds")))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withHeader("X-OpenDSR-Processor-Domain", LEEDS_DOMAIN)
                        .withHeader("X-OpenDSR-Signature", java.util.Base64.getEncoder().encodeToString(new byte[256]))
                        .withBody("{\"subject_request_id\":\"" + SignedForwarder.subjectRequestId("req-forward-forged", "partner-leeds") + "\"}")));
        controllerStub.stubFor(post(urlEqualTo(CRC)).willReturn(aResponse().withStatus(503)));
    }

    /** Leeds's §7.3 receipt for one forwarded request, signed with its (test) certificate as OpenDSR 2.0 requires. */
    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder signedReceipt(String requestId) {
        OpenDsrCodec codec = new OpenDsrCodec();
        Messages.Receipt receipt = codec.signedReceipt(new Messages.Receipt("rip", "2026-11-03T23:59:59Z", "2026-10-02T09:00:01Z",
                "", SignedForwarder.subjectRequestId(requestId, "partner-leeds"), null), LEEDS_OPENDSR);
        byte[] body = codec.write(receipt);
        return aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withHeader("X-OpenDSR-Processor-Domain", LEEDS_DOMAIN)
                .withHeader("X-OpenDSR-Signature", LEEDS_OPENDSR.sign(body)).withBody(body);
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
        assertThat(forwarded.getControllerReference()).isEqualTo(SignedForwarder.subjectRequestId(requestId, "partner-leeds"));
        assertThat(forwarded.getHop().getFromOrganisationId()).isEqualTo("rip");
        assertThat(forwarded.getClock()).as("the router states the forwarded request's status and deadline").isNotNull();
        assertThat(forwarded.getClock().getStatus()).isEqualTo("FORWARDED_EXTERNALLY");
        assertThat(forwarded.getClock().getStatutoryDue()).as("one month from the first receipt (3 September), the"
                + " Saturday moved to the next working day").isEqualTo(java.time.LocalDate.of(2026, 10, 5));

        List<LoggedRequest> calls = controllerStub.findAll(postRequestedFor(urlEqualTo(LEEDS))
                .withRequestBody(containing(forwarded.getControllerReference())));
        assertThat(calls).hasSize(1);
        LoggedRequest call = calls.get(0);
        assertThat(call.getHeader("Authorization")).isEqualTo("Bearer leeds-test-key");
        assertThat(call.getHeader("X-Rightsflow-Organisation")).isEqualTo("rip");
        assertThat(call.getHeader("X-OpenDSR-Processor-Domain")).isEqualTo("router.rightsflow.test");
        assertThat(OpenDsrVerifier.verify(call.getBody(), call.getHeader("X-OpenDSR-Signature"),
                routerSigner.certificate().getPublicKey())).isTrue();
        assertThat(call.getHeader("Idempotency-Key")).isEqualTo(Events.derivedId(requestId, "forward", "partner-leeds"));

        // what Rightsflow sends is what its own intake (and any OpenDSR 2.0 processor) reads: the shared codec's checks pass
        assertThat(new OpenDsrCodec().readRequest(call.getBody())).isInstanceOf(OpenDsrCodec.Decoded.Valid.class);
        JsonNode json = codec.json().readTree(call.getBody());
        assertThat(json.get("api_version").asString()).isEqualTo("2.0");
        assertThat(json.get("regulation").asString()).isEqualTo("gdpr");
        assertThat(json.get("subject_request_id").asString()).isEqualTo(SignedForwarder.subjectRequestId(requestId, "partner-leeds"));
        assertThat(json.get("subject_request_type").asString()).isEqualTo("access");
        assertThat(json.get("submitted_time").asString()).isEqualTo("2026-09-03T10:15:00Z");
        JsonNode email = json.get("subject_identities").get(0);
        assertThat(email.get("identity_type").asString()).isEqualTo("email");
        assertThat(email.get("identity_value").asString()).isEqualTo("alex@example.org");
        assertThat(email.get("identity_format").asString()).isEqualTo("raw");
        JsonNode extension = json.get("extensions").get(LEEDS_DOMAIN);
        assertThat(extension.get("forwarded_by").asString()).isEqualTo("rip");
        assertThat(extension.get("service_id").asString()).isEqualTo("rip-website");
        assertThat(events(Topics.CASES, requestId, CaseOpened.class)).isEmpty();

        awaitCase(requestId, c -> c.jsonPath("$.status").isEqualTo("FORWARDED_EXTERNALLY"));
        web.get().uri("/api/v1/router/forwarded?organisation=rip").header("Authorization", ADMIN).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.requestId == 'req-forward-opendsr')].controllerReference")
                .isEqualTo(List.of(SignedForwarder.subjectRequestId(requestId, "partner-leeds")))
                // received Thursday 3 September 2026: one month is Saturday 3 October, so the next working day
                .jsonPath("$[?(@.requestId == 'req-forward-opendsr')].statutoryDeadline").isEqualTo(List.of("2026-10-05"))
                .jsonPath("$[?(@.requestId == 'req-forward-opendsr')].statutoryDeadlineWords").isEqualTo(List.of("Monday 5 October 2026"));
    }

    /**
     * The processor's view answers with the deadline the forwarding's clock stated, one computation: for a request
     * whose identity was verified while the signed call was under way (before it was forwarded), counted from the
     * verification (Art 12A), not from the receipt.
     */
    @Test
    void aRequestVerifiedBeforeItWasForwardedShowsTheDeadlineTheForwardingStated() throws Exception {
        pointAtStub("partner-leeds", ForwardingMode.OPENDSR, LEEDS, "LEEDS_OPENDSR_KEY");
        String requestId = "req-forward-verified";
        RequestReceived request = RequestReceived.newBuilder(leedsMemberAccess(requestId))
                .setVerification(VerificationMethod.EMAIL_CODE).build();
        send(Topics.REQUESTS, requestId, request);
        awaitOne(Topics.CASES, requestId, ControllerResolved.class);
        awaitCase(requestId, c -> c.jsonPath("$.status").isEqualTo("FORWARDING"));
        // Leeds answers the signed call after 8 s: the subject's code is checked meanwhile
        send(Topics.REQUESTS, requestId, codeChecked(request, "verified-before-forwarding"));

        RequestForwarded forwarded = awaitOne(Topics.CASES, requestId, RequestForwarded.class);
        assertThat(forwarded.getMode()).isEqualTo("OPENDSR");
        assertThat(forwarded.getClock().getClockStart()).isEqualTo(java.time.LocalDate.of(2026, 9, 10));
        // verified Thursday 10 September 2026: one month is Saturday 10 October, so the next working day
        assertThat(forwarded.getClock().getStatutoryDue()).isEqualTo(java.time.LocalDate.of(2026, 10, 12));
        web.get().uri("/api/v1/router/forwarded?organisation=rip").header("Authorization", ADMIN).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.requestId == 'req-forward-verified')].statutoryDeadline").isEqualTo(List.of("2026-10-12"))
                .jsonPath("$[?(@.requestId == 'req-forward-verified')].statutoryDeadlineWords")
                .isEqualTo(List.of("Monday 12 October 2026"));
    }

    /**
     * A request forwarded before its identity was verified keeps, in the processor's view, the deadline its
     * forwarding stated: a later verification is not worked into a date of the view's own.
     */
    @Test
    void aVerificationAfterTheForwardingLeavesTheStatedDeadline() throws Exception {
        String requestId = "req-forward-manual-verified-later";
        RequestReceived request = RequestReceived.newBuilder(
                SampleEvents.requestReceived(requestId, Right.ERASURE, "ecs", "healthwatch-staffordshire"))
                .setVerification(VerificationMethod.EMAIL_CODE).build();
        send(Topics.REQUESTS, requestId, request);
        RequestForwarded forwarded = awaitOne(Topics.CASES, requestId, RequestForwarded.class);
        assertThat(forwarded.getMode()).isEqualTo("MANUAL");
        String stated = forwarded.getClock().getStatutoryDue().toString();
        awaitCase(requestId, c -> c.jsonPath("$.status").isEqualTo("FORWARDED_EXTERNALLY"));
        send(Topics.REQUESTS, requestId, codeChecked(request, "verified-after-forwarding"));
        org.awaitility.Awaitility.await().during(java.time.Duration.ofSeconds(3))
                .atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> web.get()
                        .uri("/api/v1/router/forwarded?organisation=ecs").header("Authorization", ADMIN).exchange()
                        .expectStatus().isOk().expectBody()
                        .jsonPath("$[?(@.requestId == '" + requestId + "')].statutoryDeadline")
                        .isEqualTo(List.of(stated)));
    }

    /** The subject's email code checked on Thursday 10 September 2026. */
    private static IdentityVerified codeChecked(RequestReceived request, String eventId) {
        return IdentityVerified.newBuilder().setEventId(eventId).setRequestId(request.getRequestId())
                .setOccurredAt(at("2026-09-10T09:00:00Z")).setActor(request.getActor())
                .setMethod(VerificationMethod.EMAIL_CODE).setVerifiedAt(at("2026-09-10T09:00:00Z")).build();
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
    void receiptWhoseSignatureDoesNotVerifyIsNotTakenAsDeliveredAndAPersonForwardsIt() throws Exception {
        pointAtStub("partner-leeds", ForwardingMode.OPENDSR, LEEDS, "LEEDS_OPENDSR_KEY");
        String requestId = "req-forward-forged";
        send(Topics.REQUESTS, requestId, leedsMemberAccess(requestId));
        RequestForwarded forwarded = awaitOne(Topics.CASES, requestId, RequestForwarded.class);
        assertThat(forwarded.getMode()).isEqualTo("MANUAL");
        TaskDispatched task = awaitOne(Topics.TASKS, requestId, TaskDispatched.class);
        assertThat(task.getAction()).isEqualTo(TaskAction.FORWARD_TO_CONTROLLER);
        assertThat(task.getConnectorConfig().get("instructions")).contains("signature does not verify");
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
                .isEqualTo(SignedForwarder.subjectRequestId(slow, "partner-leeds"));
        awaitCase(slow, c -> c.jsonPath("$.status").isEqualTo("FORWARDED_EXTERNALLY"));
    }
}
