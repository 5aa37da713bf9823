package dev.rightsflow.intake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OpenApiTest extends IntakeIntegrationTest {

    @Test
    void apiDocumentShowsAnExampleForEveryRight() {
        String doc = web.get().uri("/v3/api-docs/request-intake").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(doc).contains("/api/v1/requests", "/api/v1/forwarded-requests", "\"/opendsr/v2/requests\"");
        assertThat(doc).as("a handler's alias paths (OpenGDPR's v1, the unversioned one) are left out")
                .doesNotContain("\"/opendsr/requests\"", "\"/opendsr/v1/requests\"", "\"/opendsr/v1/opengdpr_requests\"");
        assertThat(doc).as("the staff API for letters, emails, calls and visits, with its body")
                .contains("/api/v1/logged-requests", "/api/v1/logged-requests/{requestId}/original", "\"LoggedRequest\"",
                        "receivedOn", "in_person");
        for (String right : new String[] {"access", "rectification", "erasure", "restriction", "objection", "portability",
                "consent_withdrawal"}) {
            assertThat(doc).contains("\"" + right + "\":{");
        }
    }

    /** The documented examples use the seed registry's ids, so each one is accepted as written. */
    @Test
    void everyDocumentedExampleIsAcceptedAgainstTheSeedRegistry() throws Exception {
        String doc = web.get().uri("/v3/api-docs/request-intake").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        tools.jackson.databind.JsonNode examples = new tools.jackson.databind.ObjectMapper().readTree(doc)
                .at("/paths/~1api~1v1~1requests/post/requestBody/content/application~1json/examples");
        assertThat(examples.size()).isEqualTo(7);
        for (var entry : examples.properties()) {
            tools.jackson.databind.JsonNode value = entry.getValue().get("value");
            String body = value.isString() ? value.asString() : value.toString();
            web.post().uri("/api/v1/requests").contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                    .bodyValue(body).exchange().expectStatus().isAccepted();
        }
    }

    @Test
    void aDocumentNoServiceHasIs404ProblemNotAnInternalError() {
        web.get().uri("/v3/api-docs/audit").exchange().expectStatus().isNotFound()
                .expectHeader().contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://rightsflow.dev/problems/not-found")
                .jsonPath("$.detail").value(d -> assertThat((String) d).contains("/v3/api-docs/swagger-config"));
    }
}
