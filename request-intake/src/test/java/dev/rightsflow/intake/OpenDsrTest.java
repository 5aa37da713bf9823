package dev.rightsflow.intake;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.rightsflow.intake.submission.application.SubmitRequest;
import dev.rightsflow.intake.security.model.ProcessorSignature;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.CaseOpened;
import dev.rightsflow.schemas.avro.ClockPaused;
import dev.rightsflow.schemas.avro.ClockResumed;
import dev.rightsflow.schemas.avro.Channel;
import dev.rightsflow.schemas.avro.CloseCase;
import dev.rightsflow.schemas.avro.Division;
import dev.rightsflow.schemas.avro.RequestAccepted;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.opendsr.OpenDsrKeys;
import dev.rightsflow.schemas.opendsr.OpenDsrVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenDSR surface beyond the specification's examples: forwarding to the controller, status
 * callbacks (signed, one per change, retried until a 2xx), identities other than email, the
 * regulation, and refusals in the §7.5 form. The submitter's callback endpoint is a local WireMock
 * stub on this machine, standing in for the submitter's server; it refuses the first callback
 * (503) to show the retry.
 */
class OpenDsrTest extends IntakeIntegrationTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    WireMockServer submitter;

    @BeforeEach
    void startSubmitterStub() {
        submitter = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        submitter.start();
        submitter.stubFor(post(urlEqualTo("/opendsr/callbacks")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        submitter.stubFor(post(urlEqualTo("/opendsr/callbacks")).inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(202)));
    }

    @AfterEach
    void stopSubmitterStub() {
        submitter.stop();
    }

    @Test
    void processorsRequestIsForwardedAndEveryStatusChangeIsCalledBackSignedOnceRetriedUntilAcknowledged() throws Exception {
        String subjectRequestId = UUID.randomUUID().toString();
        String body = """
                {"regulation": "gdpr", "subject_request_id": "%s", "subject_request_type": "erasure", "submitted_time": "%s",
                 "api_version": "2.0", "subject_identities": [{"identity_type": "email", "identity_value": "dsr.member@example.org",
                   "identity_format": "raw"}, {"identity_type": "controller_customer_id", "identity_value": "T-99", "identity_format": "raw"}],
                 "status_callback_urls": ["http://127.0.0.1:%d/opendsr/callbacks"],
                 "extensions": {"%s": {"subject_name": "Dee Member", "service_id": "healthwatch-staffordshire"}}}"""
                .formatted(subjectRequestId, Instant.now().minusSeconds(3600), submitter.port(), OPENDSR_DOMAIN);
        JsonNode created = JSON.readTree(signed("/opendsr/v2/requests", body).exchange().expectStatus().isCreated()
                .expectBody(byte[].class).returnResult().getResponseBody());
        assertThat(created.get("subject_request_id").asString()).isEqualTo(subjectRequestId);
        assertThat(created.get("controller_id").asString()).isEqualTo("ecs");

        String requestId = SubmitRequest.requestIdFor("processor:ecs", subjectRequestId);
        RequestReceived event = (RequestReceived) eventsOf(Topics.REQUESTS, requestId).get(0);
        assertThat(event.getChannel()).isEqualTo(Channel.OPENDSR);
        assertThat(event.getRight()).isEqualTo(Right.ERASURE);
        assertThat(event.getOrganisationId()).isEqualTo("staffordshire-cc");
        assertThat(event.getForwardedBy().getReference()).isEqualTo(subjectRequestId);
        assertThat(event.getSubject().getEmail()).isEqualTo("dsr.member@example.org");
        assertThat(event.getSubject().getIdentifiers()).containsEntry("opendsr:controller_customer_id", "T-99");
        assertThat(event.getDetails().getDescription()).contains("GDPR");

        // the same subject_request_id again: the same receipt; another body under it: 409 in the §7.5 form
        long ts = Instant.now().getEpochSecond();
        signed("/opendsr/v2/requests", body, ts + 1).exchange().expectStatus().isCreated();
        String other = body.replace("\"subject_request_type\": \"erasure\"", "\"subject_request_type\": \"access\"");
        signed("/opendsr/v2/requests", other).exchange().expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.error.code").isEqualTo(409);

        Instant now = Instant.now();
        publish(Topics.CASES, CaseOpened.newBuilder().setEventId(Events.newEventId()).setRequestId(requestId)
                .setOccurredAt(now).setActor(Events.service("router")).setControllerId("staffordshire-cc")
                .setDivision(Division.ENGLAND_AND_WALES).setReceivedAt(now).setClockStartsAt(now)
                .setStatutoryDeadline(java.time.LocalDate.now().plusMonths(1)).setAwaitingDecision(false).build());
        RequestAccepted accepted = RequestAccepted.newBuilder().setEventId(Events.newEventId()).setRequestId(requestId)
                .setOccurredAt(now).setActor(Events.service("router")).setPolicy("auto-accept").build();
        publish(Topics.CASES, accepted);
        publish(Topics.CASES, accepted); // redelivered: no second callback

        String certificatePem = web.get().uri("/opendsr/v2/certificate.pem").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        X509Certificate certificate = OpenDsrKeys.certificates(certificatePem).get(0);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(callbacks(subjectRequestId)).hasSize(2));
        List<LoggedRequest> calls = callbacks(subjectRequestId);
        for (LoggedRequest call : calls.subList(0, 2)) {
            assertThat(call.getHeader("X-OpenDSR-Processor-Domain")).isEqualTo(OPENDSR_DOMAIN);
            assertThat(OpenDsrVerifier.verify(call.getBody(), call.getHeader("X-OpenDSR-Signature"), certificate.getPublicKey())).isTrue();
            JsonNode callback = JSON.readTree(call.getBody());
            assertThat(callback.get("request_status").asString()).isEqualTo("in_progress");
            assertThat(callback.get("status_callback_url").asString()).isEqualTo("http://127.0.0.1:" + submitter.port() + "/opendsr/callbacks");
            assertThat(callback.get("controller_id").asString()).isEqualTo("ecs");
            assertThat(callback.get("subject_request_id").asString()).isEqualTo(subjectRequestId);
            assertThat(callback.hasNonNull("expected_completion_time")).isTrue();
        }
        assertThat(calls.get(0).getBodyAsString()).isEqualTo(calls.get(1).getBodyAsString());

        // paused for clarification (pending), then resumed (in_progress again): two more changes, two more callbacks
        publish(Topics.CASES, ClockPaused.newBuilder().setEventId(Events.newEventId()).setRequestId(requestId).setOccurredAt(now)
                .setActor(Events.service("router")).setReason("clarification asked").setPausedAt(now).build());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(callbacks(subjectRequestId)).hasSize(3));
        publish(Topics.CASES, ClockResumed.newBuilder().setEventId(Events.newEventId()).setRequestId(requestId).setOccurredAt(now)
                .setActor(Events.service("router")).setResumedAt(now).build());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(callbacks(subjectRequestId)).hasSize(4));
        assertThat(callbacks(subjectRequestId).stream().map(c -> JSON.readTree(c.getBody()).get("request_status").asString()))
                .containsExactly("in_progress", "in_progress", "pending", "in_progress");

        web.get().uri("/opendsr/v2/requests/{id}", subjectRequestId)
                .header("X-Rightsflow-Organisation", "ecs").header("X-Rightsflow-Timestamp", String.valueOf(ts))
                .header("X-Rightsflow-Signature", ProcessorSignature.sign(SeedRegistry.ECS_SECRET, ts, new byte[0]))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.request_status").isEqualTo("in_progress");
        // in progress: no longer cancellable (§9)
        web.delete().uri("/opendsr/v2/requests/{id}", subjectRequestId)
                .header("X-Rightsflow-Organisation", "ecs").header("X-Rightsflow-Timestamp", String.valueOf(ts))
                .header("X-Rightsflow-Signature", ProcessorSignature.sign(SeedRegistry.ECS_SECRET, ts, new byte[0]))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.error.code").isEqualTo(400);
        assertThat(eventsOf(Topics.CASE_COMMANDS, requestId)).noneMatch(CloseCase.class::isInstance);
    }

    @Test
    void requestNamingTheSubjectOnlyByAnAdvertisingIdOrAHashedEmailIsAcceptedForTriageUnderItsRegulation() throws Exception {
        String subjectRequestId = UUID.randomUUID().toString();
        String body = """
                {"regulation": "ccpa", "subject_request_id": "%s", "subject_request_type": "access", "submitted_time": "2026-11-30T10:00:00Z",
                 "subject_identities": [{"identity_type": "android_advertising_id", "identity_value": "38400000-8cf0-11bd-b23e-10b96e40000d", "identity_format": "raw"},
                   {"identity_type": "email", "identity_value": "%s", "identity_format": "sha256"}]}"""
                .formatted(subjectRequestId, "a".repeat(64));
        JsonNode created = JSON.readTree(signed("/opendsr/v2/requests", body).exchange().expectStatus().isCreated()
                .expectBody(byte[].class).returnResult().getResponseBody());
        Instant received = Instant.parse(created.get("received_time").asString());
        assertThat(Instant.parse(created.get("expected_completion_time").asString()))
                .isEqualTo(received.plus(Duration.ofDays(45))); // CCPA: 45 calendar days
        RequestReceived event = (RequestReceived) eventsOf(Topics.REQUESTS,
                SubmitRequest.requestIdFor("organisation:ecs", subjectRequestId)).get(0);
        assertThat(event.getSubject().getEmail()).isEmpty();
        assertThat(event.getSubject().getIdentifiers()).containsEntry("opendsr:android_advertising_id", "38400000-8cf0-11bd-b23e-10b96e40000d")
                .containsEntry("opendsr:email:sha256", "a".repeat(64));
        assertThat(event.getDetails().getDescription()).contains("CCPA");
    }

    @Test
    void badRequestsAreRefusedWith400InTheSpecificationsErrorForm() {
        String notUuid = """
                {"regulation": "gdpr", "subject_request_id": "REQ-1", "subject_request_type": "rectify", "submitted_time": "yesterday",
                 "subject_identities": [{"identity_type": "phone_number", "identity_value": "x", "identity_format": "sha256"}]}""";
        String answer = new String(signed("/opendsr/v2/requests", notUuid).exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody(byte[].class).returnResult().getResponseBody(), StandardCharsets.UTF_8);
        JsonNode error = JSON.readTree(answer).get("error");
        assertThat(error.get("code").asInt()).isEqualTo(400);
        List<String> messages = error.get("errors").valueStream().map(e -> e.get("message").asString()).toList();
        assertThat(messages).contains("subject_request_id must be a lowercase version 4 UUID.",
                "subject_request_type must be one of access, portability, erasure.",
                "submitted_time must be an RFC 3339 date-time.",
                "subject_identities[0].identity_type is not an identity type of OpenDSR 2.0 §5.1.",
                "subject_identities[0].identity_value must be a 64-character hex sha256 digest.");
        String ccpaTypo = """
                {"regulation": "lgpd", "subject_request_id": "%s", "subject_request_type": "erasure", "submitted_time": "2026-11-30T10:00:00Z",
                 "subject_identities": [{"identity_type": "email", "identity_value": "x@example.org", "identity_format": "raw"}]}"""
                .formatted(UUID.randomUUID());
        signed("/opendsr/v2/requests", ccpaTypo).exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.error.errors[0].message").isEqualTo("regulation must be one of gdpr, ccpa.");
        web.post().uri("/opendsr/v2/requests").contentType(MediaType.APPLICATION_JSON).bodyValue(ccpaTypo).exchange()
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.error.code").isEqualTo(401);
        // a malformed subject_request_id is a 400 for an authenticated caller; an unauthenticated one is refused first
        // (OpenDSR 2.0 does not order the checks: §4.3 leaves authentication to the processor, §7.5 says only that an
        // invalid request is a 400), so it learns nothing about what it sent
        long ts = Instant.now().getEpochSecond();
        web.get().uri("/opendsr/v2/requests/not-a-uuid")
                .header("X-Rightsflow-Organisation", "ecs").header("X-Rightsflow-Timestamp", String.valueOf(ts))
                .header("X-Rightsflow-Signature", ProcessorSignature.sign(SeedRegistry.ECS_SECRET, ts, new byte[0]))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.error.code").isEqualTo(400)
                .jsonPath("$.error.errors[0].message").isEqualTo("subject_request_id must be a lowercase version 4 UUID.");
        web.get().uri("/opendsr/v2/requests/not-a-uuid").exchange().expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error.code").isEqualTo(401);
    }

    private List<LoggedRequest> callbacks(String subjectRequestId) {
        return submitter.findAll(postRequestedFor(urlEqualTo("/opendsr/callbacks"))
                .withRequestBody(matchingJsonPath("$.subject_request_id", equalTo(subjectRequestId))));
    }

    org.springframework.test.web.reactive.server.WebTestClient.RequestHeadersSpec<?> signed(String path, String body) {
        return signed(path, body, Instant.now().getEpochSecond());
    }

    org.springframework.test.web.reactive.server.WebTestClient.RequestHeadersSpec<?> signed(String path, String body, long ts) {
        return web.post().uri(path).contentType(MediaType.APPLICATION_JSON)
                .header("X-Rightsflow-Organisation", "ecs").header("X-Rightsflow-Timestamp", String.valueOf(ts))
                .header("X-Rightsflow-Signature", ProcessorSignature.sign(SeedRegistry.ECS_SECRET, ts, body.getBytes(StandardCharsets.UTF_8)))
                .bodyValue(body);
    }
}
