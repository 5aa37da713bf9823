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
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.rightsflow.intake.model.ProcessorSignature;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.CaseOpened;
import dev.rightsflow.schemas.avro.Channel;
import dev.rightsflow.schemas.avro.Division;
import dev.rightsflow.schemas.avro.RequestAccepted;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.avro.Right;

/**
 * The OpenDSR surface. The submitter's status-callback endpoint is a local WireMock stub on this
 * machine, standing in for the processor's server.
 */
class OpenDsrTest extends IntakeIntegrationTest {

    WireMockServer submitter;

    @BeforeEach
    void startSubmitterStub() {
        submitter = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        submitter.start();
        submitter.stubFor(post(urlEqualTo("/opendsr/callbacks")).willReturn(aResponse().withStatus(202)));
    }

    @AfterEach
    void stopSubmitterStub() {
        submitter.stop();
    }

    @Test
    void discoveryListsTheRequestTypesAndIdentities() {
        web.get().uri("/opendsr/discovery").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.api_version").isEqualTo("1.0")
                .jsonPath("$.supported_subject_request_types.length()").isEqualTo(3)
                .jsonPath("$.supported_identities[0].identity_type").isEqualTo("email");
    }

    @SuppressWarnings("unchecked")
    @Test
    void processorsOpenDsrRequestIsForwardedToTheControllerAndStatusChangesAreCalledBack() throws Exception {
        String subjectRequestId = UUID.randomUUID().toString();
        String body = """
                {"subject_request_id": "%s", "subject_request_type": "erasure", "submitted_time": "%s",
                 "api_version": "1.0", "identities": [{"identity_type": "email", "identity_value": "dsr.member@example.org",
                   "identity_format": "raw"}, {"identity_type": "controller_customer_id", "identity_value": "T-99"}],
                 "status_callback_urls": ["http://127.0.0.1:%d/opendsr/callbacks"],
                 "extensions": {"rightsflow": {"subject_name": "Dee Member", "service_id": "healthwatch-staffordshire"}}}"""
                .formatted(subjectRequestId, Instant.now().minusSeconds(3600), submitter.port());
        Map<String, Object> created = signed("/opendsr/requests", body).exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(created.get("subject_request_id")).isEqualTo(subjectRequestId);
        assertThat(created.get("controller_id")).isEqualTo("staffordshire-cc");
        assertThat(created.get("request_status")).isEqualTo("pending");

        String requestId = (String) created.get("rightsflow_request_id");
        RequestReceived event = (RequestReceived) eventsOf(Topics.REQUESTS, requestId).get(0);
        assertThat(event.getChannel()).isEqualTo(Channel.OPENDSR);
        assertThat(event.getRight()).isEqualTo(Right.ERASURE);
        assertThat(event.getOrganisationId()).isEqualTo("staffordshire-cc");
        assertThat(event.getForwardedBy().getReference()).isEqualTo(subjectRequestId);
        assertThat(event.getSubject().getIdentifiers()).containsEntry("controller_customer_id", "T-99");

        long ts = Instant.now().getEpochSecond();
        signed("/opendsr/requests", body, ts + 1).exchange().expectStatus().isCreated().expectBody()
                .jsonPath("$.rightsflow_request_id").isEqualTo(requestId);
        signed("/opendsr/requests", body, ts + 1).exchange().expectStatus().isUnauthorized();
        String again = body.replace("\"api_version\": \"1.0\"", "\"api_version\": \"1.0\" ");
        signed("/opendsr/requests", again).exchange().expectStatus().isEqualTo(409);

        Instant now = Instant.now();
        publish(Topics.CASES, CaseOpened.newBuilder().setEventId(Events.newEventId()).setRequestId(requestId)
                .setOccurredAt(now).setActor(Events.service("router")).setControllerId("staffordshire-cc")
                .setDivision(Division.ENGLAND_AND_WALES).setReceivedAt(now).setClockStartsAt(now)
                .setStatutoryDeadline(java.time.LocalDate.now().plusMonths(1)).setAwaitingDecision(false).build());
        publish(Topics.CASES, RequestAccepted.newBuilder().setEventId(Events.newEventId()).setRequestId(requestId)
                .setOccurredAt(now).setActor(Events.service("router")).setPolicy("auto-accept").build());

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> submitter.verify(postRequestedFor(urlEqualTo("/opendsr/callbacks"))
                .withHeader("X-OpenDSR-Signature", com.github.tomakehurst.wiremock.client.WireMock.matching("v1=[0-9a-f]{64}"))
                .withRequestBody(matchingJsonPath("$.subject_request_id", equalTo(subjectRequestId)))
                .withRequestBody(matchingJsonPath("$.request_status", equalTo("in_progress")))));

        web.get().uri("/opendsr/requests/{id}", subjectRequestId)
                .header("X-Rightsflow-Organisation", "ecs").header("X-Rightsflow-Timestamp", String.valueOf(ts))
                .header("X-Rightsflow-Signature", ProcessorSignature.sign(SeedRegistry.ECS_SECRET, ts, new byte[0]))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.request_status").isEqualTo("in_progress")
                .jsonPath("$.expected_completion_time").exists();
    }

    @Test
    void unsupportedRequestTypeIsRefusedWithProblemJson() {
        String body = """
                {"subject_request_id": "%s", "subject_request_type": "rectify", "submitted_time": "%s",
                 "identities": [{"identity_type": "email", "identity_value": "x@example.org"}]}"""
                .formatted(UUID.randomUUID(), Instant.now());
        signed("/opendsr/requests", body).exchange().expectStatus().isEqualTo(422)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("subjectRequestType");
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
