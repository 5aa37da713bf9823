package dev.rightsflow.intake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OpenApiTest extends IntakeIntegrationTest {

    @Test
    void apiDocumentShowsAnExampleForEveryRight() {
        String doc = web.get().uri("/v3/api-docs/request-intake").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(doc).contains("/api/v1/requests", "/api/v1/forwarded-requests", "/opendsr/requests");
        for (String right : new String[] {"access", "rectification", "erasure", "restriction", "objection", "portability",
                "consent_withdrawal"}) {
            assertThat(doc).contains("\"" + right + "\":{");
        }
    }
}
