package dev.rightsflow.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Intake's Spring Security chains per surface (issue 10, "one way to authenticate"), and the shared headers on every
 * kind of path: no credentials is 401 with {@code WWW-Authenticate} and a problem body, wrong credentials 401, the
 * right ones 2xx; the health probes stay open.
 */
class IntakeSecurityTest extends IntakeIntegrationTest {

    private static final String OPERATOR = "Bearer intake-test-operator-token";

    static WebTestClient.ResponseSpec headersOn(WebTestClient.ResponseSpec answer) {
        return answer.expectHeader().value("Content-Security-Policy", csp -> assertThat(csp).contains("frame-ancestors 'none'"))
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().valueEquals("Referrer-Policy", "no-referrer")
                .expectHeader().valueEquals("X-Frame-Options", "DENY");
    }

    private static void challenged(WebTestClient.ResponseSpec answer, String scheme) {
        headersOn(answer.expectStatus().isUnauthorized()
                .expectHeader().value("WWW-Authenticate", c -> assertThat(c).startsWith(scheme))
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value("Cache-Control", c -> assertThat(c).contains("no-store")))
                .expectBody().jsonPath("$.status").isEqualTo(401).jsonPath("$.detail").isNotEmpty();
    }

    private WebTestClient.RequestHeadersSpec<?> forward(String authorization) {
        String body = """
                {"reference": "MES-SEC-1", "receivedAt": "%s",
                 "request": {"right": "access", "organisationId": "mes", "serviceId": "northshire-membership",
                   "subject": {"name": "Sam Secure", "email": "sam.secure@example.org", "identifiers": {"membershipNumber": "T-91"}}}}"""
                .formatted(Instant.now().toString());
        var spec = web.post().uri("/api/v1/forwarded-requests").contentType(MediaType.APPLICATION_JSON)
                .header("X-Rightsflow-Organisation", "mes");
        if (authorization != null) {
            spec = spec.header("Authorization", authorization);
        }
        return spec.bodyValue(body);
    }

    @Test
    void processorApiWithoutWrongAndWithItsKey() {
        challenged(web.post().uri("/api/v1/forwarded-requests").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange(), "Bearer");
        challenged(forward(null).exchange(), "Bearer");
        challenged(forward("Bearer not-the-mes-key").exchange(), "Bearer");
        headersOn(forward("Bearer " + SeedRegistry.MES_TOKEN).exchange().expectStatus().isAccepted());
    }

    @Test
    void aProcessorsKeyIsTheSecretItsRegistryEntryNamesByTheOneSecretsRule() {
        // Northshire's key is set only as rightsflow.secrets.values.NORTHSHIRE_PROCESSOR_TOKEN, the name its entry gives
        var northshire = web.post().uri("/api/v1/forwarded-requests").contentType(MediaType.APPLICATION_JSON)
                .header("X-Rightsflow-Organisation", "northshire-nhs-ft");
        challenged(northshire.header("Authorization", "Bearer " + SeedRegistry.MES_TOKEN).bodyValue("{}").exchange(), "Bearer");
        web.post().uri("/api/v1/forwarded-requests").contentType(MediaType.APPLICATION_JSON)
                .header("X-Rightsflow-Organisation", "northshire-nhs-ft")
                .header("Authorization", "Bearer " + SeedRegistry.NORTHSHIRE_TOKEN).bodyValue("{}").exchange()
                .expectStatus().value(status -> assertThat(status).as("authenticated: the answer is about the body")
                        .isNotEqualTo(401).isNotEqualTo(403).isBetween(400, 499));
    }

    @Test
    void rebuildWithoutWrongAndWithTheOperatorToken() {
        challenged(web.post().uri("/api/v1/intake/rebuild").exchange(), "Bearer");
        challenged(web.post().uri("/api/v1/intake/rebuild").header("Authorization", "Bearer wrong").exchange(), "Bearer");
        challenged(web.post().uri("/api/v1/intake/rebuild").header("Authorization", "Bearer " + SeedRegistry.MES_TOKEN).exchange(),
                "Bearer");
        headersOn(web.post().uri("/api/v1/intake/rebuild").header("Authorization", OPERATOR).exchange().expectStatus().isAccepted());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                web.get().uri("/api/v1/organisations").exchange().expectStatus().isOk());
    }

    @Test
    void healthIsOpenAndTheOtherActuatorEndpointsNeedTheOperatorToken() {
        headersOn(web.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk());
        challenged(web.get().uri("/actuator/info").exchange(), "Bearer realm=\"rightsflow-operations\"");
        challenged(web.get().uri("/actuator/info").header("Authorization", "Bearer wrong").exchange(), "Bearer");
        headersOn(web.get().uri("/actuator/info").header("Authorization", OPERATOR).exchange().expectStatus().isOk());
    }

    @Test
    void apiDocsAndSwaggerUiCarryTheHeadersAndSwaggerUiRunsOnlyScriptsItLoadsFromItself() {
        headersOn(web.get().uri("/v3/api-docs/request-intake").exchange().expectStatus().isOk());
        String location = headersOn(web.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection())
                .returnResult(String.class).getResponseHeaders().getLocation().toString();
        String page = headersOn(web.get().uri(location).exchange().expectStatus().isOk())
                .expectHeader().value("Content-Security-Policy", csp -> assertThat(csp).contains("script-src 'self'"))
                .expectBody(String.class).returnResult().getResponseBody();
        Matcher scripts = Pattern.compile("<script([^>]*)>").matcher(page);
        int count = 0;
        while (scripts.find()) {
            assertThat(scripts.group(1)).as("every script of the page is loaded by src (the CSP allows no inline one)")
                    .contains("src=");
            count++;
        }
        assertThat(count).isPositive();
    }
}
