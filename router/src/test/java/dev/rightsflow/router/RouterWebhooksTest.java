package dev.rightsflow.router;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

import org.apache.commons.codec.digest.HmacAlgorithms;
import org.apache.commons.codec.digest.HmacUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.rightsflow.router.registry.model.Organisation;
import dev.rightsflow.router.registry.model.WebhookEvent;
import dev.rightsflow.router.registry.model.Webhooks;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.CaseOpened;
import dev.rightsflow.schemas.avro.RequestAccepted;
import dev.rightsflow.schemas.avro.RequestRefused;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.TaskDispatched;
import dev.rightsflow.schemas.avro.WebhookAttempted;
import dev.rightsflow.schemas.testing.SampleEvents;
import tools.jackson.databind.JsonNode;

/**
 * MES's webhooks through the whole router: a local receiver (WireMock) that checks every message's Standard Webhooks
 * signature with an HMAC of its own (commons-codec, not the router's code), retries after 500s, the delivery log,
 * a loopback receiver refused without the allow-list, the log after a rebuild, and the pre-approval webhook
 * (approve: tasks dispatched; refuse: case refused, no task; no answer: the case waits for staff). MES's entry is
 * put back after each test.
 */
class RouterWebhooksTest extends RouterKafkaTest {

    private Organisation mesBefore;

    private Organisation mes() {
        if (mesBefore == null) {
            mesBefore = registry.entry("mes").orElseThrow().organisation();
        }
        return mesBefore;
    }

    @AfterEach
    void putMesBack() {
        if (mesBefore != null) {
            publish(mesBefore);
        }
        controllerStub.resetAll();
    }

    private void mesWithWebhook(String path, boolean allowLocalReceiver, Webhooks.PreApproval preApproval) {
        Webhooks webhooks = new Webhooks(path == null ? List.of() : List.of(new Webhooks.Endpoint("ops",
                controllerStub.baseUrl() + path, List.of(WebhookEvent.REQUEST_RECEIVED, WebhookEvent.REQUEST_ACCEPTED),
                "MES_WEBHOOK_SECRET")), preApproval);
        publish(mes().withWebhooks(webhooks).withAllowedOutboundHosts(allowLocalReceiver
                ? List.of("localhost:" + controllerStub.port()) : List.of()));
    }

    @Test
    void signedMessageIsRetriedAfterServerErrorsThenDeliveredAndLogged() throws Exception {
        String requestId = "req-webhook-retried";
        controllerStub.stubFor(post(urlEqualTo("/hooks/mes")).atPriority(10).willReturn(aResponse().withStatus(204)));
        controllerStub.stubFor(post(urlEqualTo("/hooks/mes")).atPriority(1)
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("request.received"))
                .inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("second"));
        controllerStub.stubFor(post(urlEqualTo("/hooks/mes")).atPriority(1)
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("request.received"))
                .inScenario("flaky").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(500)).willSetStateTo("up"));
        controllerStub.stubFor(post(urlEqualTo("/hooks/mes")).atPriority(1)
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("request.received"))
                .inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(204)));
        mesWithWebhook("/hooks/mes", true, null);

        send(Topics.REQUESTS, requestId,
                SampleEvents.requestReceived(requestId, Right.ERASURE, "mes", "mes-corporate-website"));

        JsonNode delivered = awaitDelivery(requestId, "request.received", "DELIVERED");
        assertThat(delivered.get("attempts")).hasSize(3);
        assertThat(delivered.get("attempts").get(0).get("statusCode").asInt()).isEqualTo(500);
        assertThat(delivered.get("attempts").get(0).get("outcome").asString()).isEqualTo("RETRYING");
        assertThat(delivered.get("attempts").get(0).get("nextAttemptAt").isNull()).as("next retry shown").isFalse();
        assertThat(delivered.get("attempts").get(2).get("statusCode").asInt()).isEqualTo(204);

        String deliveryId = delivered.get("deliveryId").asString();
        List<LoggedRequest> received = controllerStub.findAll(postRequestedFor(urlEqualTo("/hooks/mes"))
                .withHeader("webhook-id", equalTo(deliveryId)));
        assertThat(received).as("the same message id on every attempt").hasSize(3);
        for (LoggedRequest r : received) {
            assertThat(verifies(WEBHOOK_SECRET, r)).as("Standard Webhooks signature").isTrue();
            String body = r.getBodyAsString();
            JsonNode json = codec.json().readTree(body);
            assertThat(json.get("type").asString()).isEqualTo("request.received");
            assertThat(json.get("data").get("requestId").asString()).isEqualTo(requestId);
            assertThat(json.get("data").get("organisationId").asString()).isEqualTo("mes");
            assertThat(json.get("data").get("right").asString()).isEqualTo("ERASURE");
            assertThat(json.get("data").get("status").asString()).isEqualTo("RECEIVED");
            assertThat(json.get("data").get("deadline").asString()).isEqualTo("2026-10-05");
            assertThat(body).as("no subject data").doesNotContain("alex@example.org", "Alex Example", "M-1001");
        }
        assertThat(events(Topics.CASES, requestId, WebhookAttempted.class))
                .filteredOn(a -> a.getDeliveryId().equals(deliveryId)).extracting(WebhookAttempted::getOutcome)
                .containsExactly("RETRYING", "RETRYING", "DELIVERED");
        JsonNode accepted = awaitDelivery(requestId, "request.accepted", "DELIVERED");
        assertThat(accepted.get("attempts")).hasSize(1);
        assertThat(codec.json().readTree(controllerStub.findAll(postRequestedFor(urlEqualTo("/hooks/mes"))
                .withHeader("webhook-id", equalTo(accepted.get("deliveryId").asString()))).get(0).getBodyAsString())
                .get("data").get("status").asString()).isEqualTo("ACCEPTED");

        web.get().uri("/api/v1/registry/organisations/mes/webhook-deliveries").header("Authorization",
                "Bearer mes-test-token").exchange().expectStatus().isOk();
        web.get().uri("/api/v1/registry/organisations/mes/webhook-deliveries").header("Authorization",
                "Bearer empower-test-token").exchange().expectStatus().isForbidden().expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.get().uri("/api/v1/registry/organisations/mes/webhook-deliveries?state=LOST")
                .header("Authorization", ADMIN).exchange().expectStatus().isEqualTo(422);
    }

    @Test
    void receiverOnLoopbackIsRefusedWithoutTheAllowList() throws Exception {
        String requestId = "req-webhook-loopback";
        controllerStub.stubFor(post(urlEqualTo("/hooks/loopback")).willReturn(aResponse().withStatus(204)));
        mesWithWebhook("/hooks/loopback", false, null);

        send(Topics.REQUESTS, requestId,
                SampleEvents.requestReceived(requestId, Right.ERASURE, "mes", "mes-corporate-website"));

        JsonNode dead = awaitDelivery(requestId, "request.received", "DEAD");
        assertThat(dead.get("attempts")).as("no retry of a refused address").hasSize(1);
        assertThat(dead.get("attempts").get(0).get("error").asString()).contains("refused");
        assertThat(controllerStub.findAll(postRequestedFor(urlEqualTo("/hooks/loopback")))).isEmpty();
    }

    @Test
    void deliveryIsDeadAfterItsAttemptsAndTheLogSurvivesARebuild() throws Exception {
        String requestId = "req-webhook-dead";
        controllerStub.stubFor(post(urlEqualTo("/hooks/down")).willReturn(aResponse().withStatus(503)));
        mesWithWebhook("/hooks/down", true, null);

        send(Topics.REQUESTS, requestId,
                SampleEvents.requestReceived(requestId, Right.ERASURE, "mes", "mes-corporate-website"));

        JsonNode dead = awaitDelivery(requestId, "request.received", "DEAD");
        assertThat(dead.get("attempts")).as("webhook-attempts=4").hasSize(4);
        assertThat(dead.get("attempts").get(3).get("error").asString()).contains("HTTP 503", "4 attempts");
        String deliveryId = dead.get("deliveryId").asString();
        int sent = controllerStub.findAll(postRequestedFor(urlEqualTo("/hooks/down"))
                .withHeader("webhook-id", equalTo(deliveryId))).size();
        assertThat(sent).isEqualTo(4);

        rebuild();

        JsonNode rebuilt = awaitDelivery(requestId, "request.received", "DEAD");
        assertThat(rebuilt.get("deliveryId").asString()).isEqualTo(deliveryId);
        assertThat(rebuilt.get("attempts")).as("the log folded back from the cases topic").hasSize(4);
        await("nothing sent again after the rebuild").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(controllerStub.findAll(postRequestedFor(urlEqualTo("/hooks/down"))
                        .withHeader("webhook-id", equalTo(deliveryId)))).hasSize(sent));
    }

    @Test
    void preApprovalApprovedThenTheTasksAreDispatched() throws Exception {
        String requestId = "req-pre-approval-approved";
        controllerStub.stubFor(post(urlEqualTo("/pre-approval")).willReturn(aResponse().withStatus(202)));
        mesWithWebhook(null, true, new Webhooks.PreApproval(controllerStub.baseUrl() + "/pre-approval",
                "MES_PRE_APPROVAL_SECRET", "PT1H"));

        send(Topics.REQUESTS, requestId,
                SampleEvents.requestReceived(requestId, Right.ERASURE, "mes", "mes-corporate-website"));

        assertThat(awaitOne(Topics.CASES, requestId, CaseOpened.class).getAwaitingDecision()).isTrue();
        LoggedRequest asked = awaitPreApprovalCall(requestId);
        assertThat(verifies(PRE_APPROVAL_SECRET, asked)).isTrue();
        assertThat(asked.getHeader("reply-to-eligible"))
                .isEqualTo("https://router.rightsflow.test/api/v1/router/pre-approval/" + requestId + "/eligible");
        assertThat(asked.getBodyAsString()).contains("\"type\":\"request.pre_approval\"")
                .doesNotContain("alex@example.org");
        awaitCase(requestId, c -> c.jsonPath("$.status").isEqualTo("AWAITING_DECISION"));
        assertThat(events(Topics.TASKS, requestId, TaskDispatched.class)).as("no task before the answer").isEmpty();

        answer(requestId, "eligible", "{}", "whsec_d3Jvbmcta2V5").expectStatus().isUnauthorized().expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        answer(requestId, "eligible", "{}", PRE_APPROVAL_SECRET).expectStatus().isAccepted();

        assertThat(awaitOne(Topics.CASES, requestId, RequestAccepted.class).getPolicy())
                .contains("pre-approval webhook");
        await().atMost(Duration.ofSeconds(30)).until(() -> events(Topics.TASKS, requestId, TaskDispatched.class),
                tasks -> !tasks.isEmpty());
        answer(requestId, "not-eligible", "{\"reason\":\"late\"}", PRE_APPROVAL_SECRET).expectStatus()
                .isEqualTo(409);
        JsonNode log = awaitDelivery(requestId, "request.pre_approval", "DELIVERED");
        await().atMost(Duration.ofSeconds(10)).until(() -> awaitDelivery(requestId, "request.pre_approval", "DELIVERED")
                .get("preApproval").asString(), "APPROVED"::equals);
        assertThat(log.get("webhookId").asString()).isEqualTo("pre-approval");
    }

    @Test
    void preApprovalRefusedThenTheCaseIsRefusedWithTheReasonAndNoTaskRuns() throws Exception {
        String requestId = "req-pre-approval-refused";
        controllerStub.stubFor(post(urlEqualTo("/pre-approval")).willReturn(aResponse().withStatus(202)));
        mesWithWebhook(null, true, new Webhooks.PreApproval(controllerStub.baseUrl() + "/pre-approval",
                "MES_PRE_APPROVAL_SECRET", "PT1H"));

        send(Topics.REQUESTS, requestId,
                SampleEvents.requestReceived(requestId, Right.ERASURE, "mes", "mes-corporate-website"));
        awaitPreApprovalCall(requestId);

        answer(requestId, "not-eligible", "{}", PRE_APPROVAL_SECRET).expectStatus().isEqualTo(422);
        answer(requestId, "not-eligible", "{\"reason\":\"the subject's account is under a legal hold\"}",
                PRE_APPROVAL_SECRET).expectStatus().isAccepted();

        RequestRefused refused = awaitOne(Topics.CASES, requestId, RequestRefused.class);
        assertThat(refused.getReason()).isEqualTo("the subject's account is under a legal hold");
        assertThat(refused.getActor().getId()).isEqualTo("pre-approval-webhook:mes");
        awaitCase(requestId, c -> c.jsonPath("$.status").isEqualTo("REFUSED"));
        await("no task and no acceptance after the refusal").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> {
                    assertThat(events(Topics.TASKS, requestId, TaskDispatched.class)).isEmpty();
                    assertThat(events(Topics.CASES, requestId, RequestAccepted.class)).isEmpty();
                });
    }

    @Test
    void noAnswerInTimeLeavesTheCaseWaitingForStaff() throws Exception {
        String requestId = "req-pre-approval-silent";
        controllerStub.stubFor(post(urlEqualTo("/pre-approval")).willReturn(aResponse().withStatus(202)));
        mesWithWebhook(null, true, new Webhooks.PreApproval(controllerStub.baseUrl() + "/pre-approval",
                "MES_PRE_APPROVAL_SECRET", "PT2S"));

        send(Topics.REQUESTS, requestId,
                SampleEvents.requestReceived(requestId, Right.ERASURE, "mes", "mes-corporate-website"));
        awaitPreApprovalCall(requestId);

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(
                () -> awaitDelivery(requestId, "request.pre_approval", "DELIVERED").get("preApproval").asString(),
                "NO_ANSWER"::equals);
        awaitCase(requestId, c -> c.jsonPath("$.status").isEqualTo("AWAITING_DECISION"));
        assertThat(events(Topics.CASES, requestId, RequestAccepted.class)).as("never approved silently").isEmpty();
        assertThat(events(Topics.TASKS, requestId, TaskDispatched.class)).isEmpty();
    }

    /** The Standard Webhooks check, written here with commons-codec: v1,base64(HMAC-SHA256(key, id.timestamp.body)). */
    private static boolean verifies(String secret, LoggedRequest r) {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        long timestamp = Long.parseLong(r.getHeader("webhook-timestamp"));
        if (Math.abs(Instant.now().getEpochSecond() - timestamp) > 300 + Duration.between(Instant.now(), TEST_NOW)
                .abs().toSeconds()) {
            return false;
        }
        String signed = r.getHeader("webhook-id") + "." + timestamp + "." + r.getBodyAsString();
        String expected = "v1," + Base64.getEncoder().encodeToString(new HmacUtils(HmacAlgorithms.HMAC_SHA_256, key)
                .hmac(signed.getBytes(StandardCharsets.UTF_8)));
        return List.of(r.getHeader("webhook-signature").split(" ")).contains(expected);
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec answer(String requestId,
            String answer, String body, String secret) {
        String id = "msg_answer_" + answer + "_" + System.nanoTime();
        long timestamp = routerClock().instant().getEpochSecond();
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        String signature = "v1," + Base64.getEncoder().encodeToString(new HmacUtils(HmacAlgorithms.HMAC_SHA_256, key)
                .hmac((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        return web.post().uri("/api/v1/router/pre-approval/{id}/{answer}", requestId, answer)
                .contentType(MediaType.APPLICATION_JSON).header("webhook-id", id)
                .header("webhook-timestamp", String.valueOf(timestamp)).header("webhook-signature", signature)
                .bodyValue(body).exchange();
    }

    private LoggedRequest awaitPreApprovalCall(String requestId) {
        Supplier<LoggedRequest> call = () -> controllerStub.findAll(postRequestedFor(urlEqualTo("/pre-approval")))
                .stream().filter(r -> r.getBodyAsString().contains(requestId)).findFirst().orElse(null);
        return await().atMost(Duration.ofSeconds(30)).until(call::get, r -> r != null);
    }

    /** The delivery of {@code type} about the request in MES's log, once it is in {@code state}. */
    private JsonNode awaitDelivery(String requestId, String type, String state) {
        return await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(300)).until(() -> {
            JsonNode log = web.get().uri("/api/v1/registry/organisations/mes/webhook-deliveries")
                    .header("Authorization", ADMIN).exchange().expectStatus().isOk().expectBody(JsonNode.class)
                    .returnResult().getResponseBody();
            for (JsonNode d : log.get("deliveries")) {
                if (d.get("requestId").asString().equals(requestId) && d.get("eventType").asString().equals(type)
                        && d.get("state").asString().equals(state)) {
                    return d;
                }
            }
            return null;
        }, d -> d != null);
    }
}
