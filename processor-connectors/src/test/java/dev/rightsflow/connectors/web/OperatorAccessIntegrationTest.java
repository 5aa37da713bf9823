package dev.rightsflow.connectors.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import dev.rightsflow.connectors.ConnectorsIntegrationTest;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.RetryTask;
import dev.rightsflow.schemas.avro.TaskAction;
import dev.rightsflow.schemas.avro.TaskDispatched;
import dev.rightsflow.schemas.avro.TaskFailed;
import dev.rightsflow.schemas.avro.TaskNeedsPerson;

/** The operators' endpoints under /connectors/** need the operator's bearer token; the subject's and the vendors' paths do not. */
class OperatorAccessIntegrationTest extends ConnectorsIntegrationTest {

    @Test
    void operatorEndpointsRefuseCallsWithoutTheOperatorTokenWithAProblem() {
        for (String path : new String[] {"/api/v1/connectors/dead-letters", "/api/v1/connectors/tasks?status=FAILED", "/api/v1/connectors/connectors"}) {
            anonymousHttp().get().uri(path).exchange()
                    .expectStatus().isUnauthorized()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectHeader().valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Bearer.*")
                    .expectBody().jsonPath("$.status").isEqualTo(401).jsonPath("$.type").isEqualTo("https://rightsflow.dev/problems/unauthorised");
            anonymousHttp().get().uri(path).header("Authorization", "Bearer not-the-token").exchange().expectStatus().isUnauthorized();
            anonymousHttp().get().uri(path).header("Authorization", "Basic " + OPERATOR_TOKEN).exchange().expectStatus().isUnauthorized();
            http().get().uri(path).exchange().expectStatus().isOk();
        }
        anonymousHttp().post().uri("/api/v1/connectors/rebuild").exchange().expectStatus().isUnauthorized();
        anonymousHttp().post().uri("/api/v1/connectors/connectors/mailchimp/validate").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("listId", "x")).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void aRetryWithoutTheOperatorTokenPublishesNothingAndLeavesTheDeadLetter() {
        VENDORS.stubFor(get(urlPathEqualTo("/guarded/contacts"))
                .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json").withBody("{\"error\":\"forbidden\"}")));
        TaskDispatched task = task(newRequestId(), "guarded-crm", "generic-rest", TaskAction.ERASE, Right.ERASURE,
                Map.of("baseUrl", VENDORS.baseUrl() + "/guarded"), "ecs");
        publish(Topics.TASKS, task);
        awaitResult(TaskFailed.class, e -> e.getTaskId().equals(task.getTaskId()));

        anonymousHttp().post().uri("/api/v1/connectors/dead-letters/{id}/retry", task.getTaskId()).header("X-Staff-User", "intruder")
                .exchange().expectStatus().isUnauthorized();

        // The endpoint publishes before it answers, so a RetryTask would be on its way by now; a later event gives it time to arrive.
        TaskDispatched marker = task(task.getRequestId(), "guarded-marker", "manual", TaskAction.ERASE, Right.ERASURE, Map.of(), "ecs");
        publish(Topics.TASKS, marker);
        awaitResult(TaskNeedsPerson.class, e -> e.getTaskId().equals(marker.getTaskId()));
        assertThat(results(RetryTask.class, e -> e.getTaskId().equals(task.getTaskId()))).isEmpty();
        http().get().uri("/api/v1/connectors/tasks/{id}", task.getTaskId()).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("FAILED");
    }

    @Test
    void vendorCallbacksAndTheSubjectsDownloadKeepTheirOwnChecksInsteadOfTheOperatorToken() {
        anonymousHttp().post().uri("/api/v1/connectors/callbacks/opendsr/{id}", "no-such-task").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}").exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.type").isEqualTo("https://rightsflow.dev/problems/forbidden")
                .jsonPath("$.detail").value(d -> assertThat((String) d).contains("X-OpenDSR-Signature"));
        anonymousHttp().get().uri("/api/v1/packages/{id}", "no-such-package").header("X-Status-Token", "x").exchange()
                .expectStatus().isNotFound().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }
}
