package dev.rightsflow.connectors.tasks.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import com.github.tomakehurst.wiremock.stubbing.Scenario;

import dev.rightsflow.connectors.ConnectorsIntegrationTest;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.TaskAction;
import dev.rightsflow.schemas.avro.TaskCompleted;
import dev.rightsflow.schemas.avro.TaskDispatched;
import dev.rightsflow.schemas.avro.TaskNeedsPerson;

/** Operating the runner: reminders, signed vendor callbacks, configuration checks, rebuild and resume. */
class RunnerOperationsIntegrationTest extends ConnectorsIntegrationTest {

    @Test
    void aManualTaskIsRemindedUntilSomeoneConfirmsIt() {
        TaskDispatched task = task(newRequestId(), "paper-archive", "manual", TaskAction.EXPORT, Right.ACCESS,
                Map.of("reminderEvery", "PT1S", "instructions", "Check the archive boxes"), "me-group-25");
        publish(Topics.TASKS, task);
        TaskNeedsPerson reminder = awaitResult(TaskNeedsPerson.class,
                e -> e.getTaskId().equals(task.getTaskId()) && e.getInstructions().startsWith("Reminder 1: "));
        assertThat(reminder.getInstructions()).contains("Check the archive boxes");
        http().get().uri("/api/v1/connectors/tasks?status=NEEDS_PERSON").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[?(@.taskId == '%s')].reminders".formatted(task.getTaskId())).exists();
    }

    @Test
    void anOpenDsrTaskCompletesWhenTheProcessorsSignedCallbackArrives() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair processor = generator.generateKeyPair();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(processor.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----";
        TaskDispatched task = task(newRequestId(), "white-bear-feedback-centre", "opendsr", TaskAction.ERASE, Right.ERASURE,
                Map.of("baseUrl", VENDORS.baseUrl() + "/whitebear/opendsr", "processorCertificate", pem, "pollEvery", "PT1H"), "ecs");
        // OpenDSR wants a version-4 subject_request_id: the connector derives one from the task id
        String subjectRequestId = dev.rightsflow.connectors.vendors.OpenDsrConnector.subjectRequestId(task.getTaskId());
        String status = "/whitebear/opendsr/requests/" + subjectRequestId;
        VENDORS.stubFor(get(urlPathEqualTo(status)).inScenario(task.getTaskId()).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(404)));
        VENDORS.stubFor(post(urlPathEqualTo("/whitebear/opendsr/requests")).inScenario(task.getTaskId())
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("submitted")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"subject_request_id\":\"%s\"}".formatted(subjectRequestId))));
        VENDORS.stubFor(get(urlPathEqualTo(status)).inScenario(task.getTaskId()).whenScenarioStateIs("submitted")
                .willReturn(okJson("{\"subject_request_id\":\"%s\",\"request_status\":\"completed\"}".formatted(subjectRequestId))));
        publish(Topics.TASKS, task);
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> http().get().uri("/api/v1/connectors/tasks/{id}", task.getTaskId())
                .exchange().expectBody().jsonPath("$.status").isEqualTo("WAITING_FOR_VENDOR"));
        VENDORS.verify(1, postRequestedFor(urlPathEqualTo("/whitebear/opendsr/requests")));

        // OpenDSR 2.0 §8.6: the callback names the controller, the callback URL and the request.
        String callback = """
                {"controller_id":"ecs","expected_completion_time":"2026-09-10T00:00:00Z","status_callback_url":"%s",
                 "subject_request_id":"%s","request_status":"completed","results_count":0}""";
        byte[] body = callback.formatted("https://rightsflow.example/connectors/callbacks/opendsr/" + task.getTaskId(), subjectRequestId)
                .getBytes(StandardCharsets.UTF_8);
        byte[] elsewhere = callback.formatted("https://someone-else.example/opendsr/callbacks", subjectRequestId)
                .getBytes(StandardCharsets.UTF_8);
        http().post().uri("/api/v1/connectors/callbacks/opendsr/{id}", task.getTaskId()).contentType(MediaType.APPLICATION_JSON)
                .header("X-OpenDSR-Processor-Domain", "localhost")
                .header("X-OpenDSR-Signature", Base64.getEncoder().encodeToString("forged".getBytes())).bodyValue(body)
                .exchange().expectStatus().isForbidden();
        http().post().uri("/api/v1/connectors/callbacks/opendsr/{id}", task.getTaskId()).contentType(MediaType.APPLICATION_JSON)
                .header("X-OpenDSR-Processor-Domain", "localhost")
                .header("X-OpenDSR-Signature", sign(processor, elsewhere)).bodyValue(elsewhere)
                .exchange().expectStatus().isEqualTo(422);
        // sent to the legacy path: rewritten before anything reads it, the signature over the body still verifies
        http().post().uri("/connectors/callbacks/opendsr/{id}", task.getTaskId()).contentType(MediaType.APPLICATION_JSON)
                .header("X-OpenDSR-Processor-Domain", "localhost")
                .header("X-OpenDSR-Signature", sign(processor, body)).bodyValue(body)
                .exchange().expectStatus().isAccepted().expectHeader().valueEquals("Deprecation", "true");

        TaskCompleted done = awaitResult(TaskCompleted.class, e -> e.getTaskId().equals(task.getTaskId()));
        assertThat(done.getSummary()).contains("erasure");
    }

    /**
     * The API conventions on the connectors (README "API conventions"): 404, 405, 400 and 422 as problem+json of the
     * one vocabulary, and the legacy {@code /connectors/...} and {@code /connectors/packages/...} paths still answer.
     */
    @Test
    void errorsAreProblemsOfTheOneVocabularyAndLegacyPathsStillAnswer() {
        http().get().uri("/api/v1/connectors/no-such-thing").exchange().expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON).expectBody()
                .jsonPath("$.type").isEqualTo("https://rightsflow.dev/problems/not-found")
                .jsonPath("$.instance").isEqualTo("/api/v1/connectors/no-such-thing");
        http().delete().uri("/api/v1/connectors/lanes").exchange().expectStatus().isEqualTo(405)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON).expectBody()
                .jsonPath("$.type").isEqualTo("https://rightsflow.dev/problems/method-not-allowed");
        http().post().uri("/api/v1/connectors/connectors/mailchimp/validate").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{not json").exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON).expectBody()
                .jsonPath("$.type").isEqualTo("https://rightsflow.dev/problems/malformed-request").jsonPath("$.status").isEqualTo(400);
        http().get().uri("/api/v1/connectors/tasks?status=NOT_A_STATUS").exchange().expectStatus().isEqualTo(422)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON).expectBody()
                .jsonPath("$.type").isEqualTo("https://rightsflow.dev/problems/invalid-request")
                .jsonPath("$.title").isEqualTo("Invalid request").jsonPath("$.errors[0].field").isEqualTo("status");
        http().get().uri("/connectors/lanes").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("Deprecation", "true")
                .expectHeader().valueEquals("Link", "</api/v1/connectors/lanes>; rel=\"successor-version\"");
        anonymousHttp().get().uri("/connectors/packages/{id}", "no-such-package").header("X-Status-Token", "x").exchange()
                .expectStatus().isNotFound().expectHeader().valueEquals("Link", "</api/v1/packages/no-such-package>; rel=\"successor-version\"");
    }

    @Test
    void connectorConfigurationIsCheckedBeforeItGoesIntoTheRegistry() {
        http().get().uri("/api/v1/connectors/connectors").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[*].name").value(names -> assertThat(names.toString())
                        .contains("mailchimp", "qualtrics", "smartsurvey", "hotjar", "matomo", "generic-rest", "opendsr", "manual"));
        http().post().uri("/api/v1/connectors/connectors/mailchimp/validate").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("baseUrl", "not a url", "secretRef", "MAILCHIMP_API_KEY")).exchange()
                .expectStatus().isEqualTo(422).expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[*].field").value(fields -> assertThat(fields.toString()).contains("baseUrl", "listId"));
        http().post().uri("/api/v1/connectors/connectors/mailchimp/validate").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("baseUrl", "https://us21.api.mailchimp.com", "listId", "abc", "secretRef", "MAILCHIMP_API_KEY")).exchange()
                .expectStatus().isOk();
    }

    @Test
    void aTaskWithAnInvalidConfigurationIsDeadLetteredWithEveryProblemAndNoVendorCall() {
        TaskDispatched task = task(newRequestId(), "broken-newsletter", "mailchimp", TaskAction.ERASE, Right.ERASURE,
                Map.of("baseUrl", "nowhere"), "rip");
        publish(Topics.TASKS, task);
        var failed = awaitResult(dev.rightsflow.schemas.avro.TaskFailed.class, e -> e.getTaskId().equals(task.getTaskId()));
        assertThat(failed.getPermanent()).isTrue();
        assertThat(failed.getReason()).contains("baseUrl").contains("listId").contains("secretRef");
    }

    @Test
    void afterARebuildFromTheTopicsATaskInFlightIsResumedAndFinishedTasksStayFinished() {
        TaskDispatched finished = task(newRequestId(), "quick-crm", "generic-rest", TaskAction.ERASE, Right.ERASURE,
                Map.of("baseUrl", VENDORS.baseUrl() + "/quick"), "ecs");
        VENDORS.stubFor(get(urlPathEqualTo("/quick/contacts")).willReturn(okJson("[]")));
        publish(Topics.TASKS, finished);
        awaitResult(TaskCompleted.class, e -> e.getTaskId().equals(finished.getTaskId()));

        VENDORS.stubFor(get(urlPathEqualTo("/sluggish/contacts")).willReturn(okJson("[]").withFixedDelay(2_500)));
        TaskDispatched inFlight = task(newRequestId(), "sluggish-crm", "generic-rest", TaskAction.ERASE, Right.ERASURE,
                Map.of("baseUrl", VENDORS.baseUrl() + "/sluggish"), "ecs");
        publish(Topics.TASKS, inFlight);
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> http().get().uri("/api/v1/connectors/tasks/{id}", inFlight.getTaskId())
                .exchange().expectBody().jsonPath("$.status").isEqualTo("RUNNING"));

        http().post().uri("/api/v1/connectors/rebuild").exchange().expectStatus().isAccepted();

        // the service folds its topics again (answering 503 with Retry-After meanwhile)
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                http().get().uri("/api/v1/connectors/tasks/{id}", finished.getTaskId()).exchange().expectStatus().isOk()
                        .expectBody().jsonPath("$.status").isEqualTo("COMPLETED"));
        awaitResult(TaskCompleted.class, e -> e.getTaskId().equals(inFlight.getTaskId()));
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() ->
                results(TaskCompleted.class, e -> e.getTaskId().equals(inFlight.getTaskId())).size() == 1);
    }

    private static String sign(KeyPair keys, byte[] body) throws Exception {
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(keys.getPrivate());
        signer.update(body);
        return Base64.getEncoder().encodeToString(signer.sign());
    }
}
