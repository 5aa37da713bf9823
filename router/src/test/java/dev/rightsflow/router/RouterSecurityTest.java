package dev.rightsflow.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The router's Spring Security chain, per surface (issue 10, "one way to authenticate"): no credentials is 401 with
 * a {@code WWW-Authenticate} challenge and a problem body, a wrong token 401, an organisation's token on an admin
 * path 403 (a problem too), the right token 2xx; every answer carries the shared security headers.
 */
class RouterSecurityTest extends RouterKafkaTest {

    private static void challenged(WebTestClient.ResponseSpec answer) {
        headersOn(answer.expectStatus().isUnauthorized()
                .expectHeader().valueEquals("WWW-Authenticate", "Bearer realm=\"rightsflow-router\"")
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .expectBody().jsonPath("$.status").isEqualTo(401).jsonPath("$.title").isNotEmpty();
    }

    static WebTestClient.ResponseSpec headersOn(WebTestClient.ResponseSpec answer) {
        return answer.expectHeader().value("Content-Security-Policy", csp -> assertThat(csp).contains("frame-ancestors 'none'"))
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().valueEquals("Referrer-Policy", "no-referrer")
                .expectHeader().valueEquals("X-Frame-Options", "DENY")
                .expectHeader().value("Cache-Control", c -> assertThat(c).contains("no-store"));
    }

    @Test
    void registryAdminApiNeedsTheAdminToken() {
        challenged(web.get().uri("/api/v1/registry/organisations").exchange());
        challenged(web.get().uri("/api/v1/registry/organisations").header("Authorization", "Bearer not-the-admin-token").exchange());
        challenged(web.get().uri("/api/v1/registry/organisations").header("Authorization", "Basic dGVzdC1hZG1pbg==").exchange());
        long version = registry.entry("ecs").orElseThrow().version();
        String firstSystem = registry.entry("ecs").orElseThrow().organisation().systems().get(0).id();
        challenged(web.delete().uri("/api/v1/registry/organisations/ecs/systems/{id}", firstSystem).exchange());
        headersOn(web.get().uri("/api/v1/registry/organisations").header("Authorization", ADMIN).exchange()
                .expectStatus().isOk());
        assertThat(registry.entry("ecs").orElseThrow().version()).as("the refused delete changed nothing").isEqualTo(version);
        assertThat(registry.entry("ecs").orElseThrow().organisation().systems()).anyMatch(s -> s.id().equals(firstSystem));
    }

    @Test
    void rebuildAndRiskCheckNeedTheAdminTokenAndAnOrganisationTokenIsForbiddenThere() {
        challenged(web.post().uri("/api/v1/router/rebuild").exchange());
        challenged(web.post().uri("/api/v1/router/risk-check").header("Authorization", "Bearer wrong").exchange());
        headersOn(web.post().uri("/api/v1/router/risk-check").header("Authorization", "Bearer mes-test-token").exchange()
                .expectStatus().isForbidden().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .expectBody().jsonPath("$.status").isEqualTo(403);
        headersOn(web.post().uri("/api/v1/router/risk-check").header("Authorization", ADMIN).exchange().expectStatus().isOk());
        challenged(web.get().uri("/api/v1/router/opendsr/forwarded/{id}", "00000000-0000-4000-8000-000000000000").exchange());
    }

    @Test
    void anOrganisationReadsOnlyItsOwnForwardedRequests() {
        challenged(web.get().uri("/api/v1/router/forwarded?organisation=mes").exchange());
        web.get().uri("/api/v1/router/forwarded?organisation=mes").header("Authorization", "Bearer mes-test-token").exchange()
                .expectStatus().isOk();
        headersOn(web.get().uri("/api/v1/router/forwarded?organisation=rip").header("Authorization", "Bearer mes-test-token")
                .exchange().expectStatus().isForbidden()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        web.get().uri("/api/v1/router/forwarded?organisation=rip").header("Authorization", ADMIN).exchange().expectStatus().isOk();
    }

    /**
     * The API conventions on the router (README "API conventions"): an unknown path is 404, a wrong method 405, an
     * unreadable body 400 and a well-formed but invalid one 422, each as problem+json with the one type scheme; a
     * legacy path answers as its successor with {@code Deprecation} and {@code Link}.
     */
    @Test
    void errorsAreProblemsOfTheOneVocabularyAndLegacyPathsStillAnswer() {
        web.get().uri("/api/v1/router/no-such-thing").header("Authorization", ADMIN).exchange().expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON).expectBody()
                .jsonPath("$.type").isEqualTo("https://rightsflow.dev/problems/not-found").jsonPath("$.title").isEqualTo("Not found")
                .jsonPath("$.status").isEqualTo(404).jsonPath("$.instance").isEqualTo("/api/v1/router/no-such-thing");
        web.delete().uri("/api/v1/router/triage").header("Authorization", ADMIN).exchange().expectStatus().isEqualTo(405)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON).expectBody()
                .jsonPath("$.type").isEqualTo("https://rightsflow.dev/problems/method-not-allowed").jsonPath("$.status").isEqualTo(405);
        web.put().uri("/api/v1/registry/organisations/mes").header("Authorization", ADMIN).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{not json").exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON).expectBody()
                .jsonPath("$.type").isEqualTo("https://rightsflow.dev/problems/malformed-request")
                .jsonPath("$.instance").isEqualTo("/api/v1/registry/organisations/mes");
        web.put().uri("/api/v1/registry/organisations/mes").header("Authorization", ADMIN).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"id\":\"someone-else\"}").exchange().expectStatus().isEqualTo(422)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON).expectBody()
                .jsonPath("$.type").isEqualTo("https://rightsflow.dev/problems/invalid-request")
                .jsonPath("$.errors[0].field").isEqualTo("id").jsonPath("$.errors[0].message").isNotEmpty();
        web.get().uri("/router/triage").header("Authorization", ADMIN).exchange().expectStatus().isOk()
                .expectHeader().valueEquals("Deprecation", "true")
                .expectHeader().valueEquals("Link", "</api/v1/router/triage>; rel=\"successor-version\"");
        web.get().uri("/router/triage").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void healthIsOpenForProbesAndTheOtherActuatorEndpointsNeedAnOperatorToken() {
        headersOn(web.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk());
        web.get().uri("/actuator/prometheus").exchange().expectStatus().isUnauthorized()
                .expectHeader().valueEquals("WWW-Authenticate", "Bearer realm=\"rightsflow-operations\"")
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        web.get().uri("/actuator/prometheus").header("Authorization", "Bearer wrong").exchange()
                .expectStatus().isUnauthorized();
        // past the chain with the admin token: whatever the endpoint answers, it is not a refusal
        int status = web.get().uri("/actuator/prometheus").header("Authorization", ADMIN).exchange()
                .returnResult(String.class).getStatus().value();
        assertThat(status).isNotIn(401, 403);
    }

    private WebTestClient.RequestHeadersSpec<?> callback(String domain, String signature, byte[] body) {
        return callback("/api/v1/router/opendsr/callbacks", domain, signature, body);
    }

    private WebTestClient.RequestHeadersSpec<?> callback(String path, String domain, String signature, byte[] body) {
        var spec = web.post().uri(path).contentType(MediaType.APPLICATION_JSON);
        if (domain != null) {
            spec = spec.header("X-OpenDSR-Processor-Domain", domain);
        }
        if (signature != null) {
            spec = spec.header("X-OpenDSR-Signature", signature);
        }
        return spec.bodyValue(body);
    }

    private static void refused(WebTestClient.ResponseSpec answer, String reason) {
        headersOn(answer.expectStatus().isForbidden()
                .expectHeader().exists("WWW-Authenticate")
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .expectBody().jsonPath("$.error.code").isEqualTo(403).jsonPath("$.error.errors[0].reason").isEqualTo(reason);
    }

    /**
     * OpenDSR 2.0 §8.8: a status callback is authenticated by its signature, in the router's chain before the handler
     * runs. A forged, unsigned or unknown peer's callback is 403 in OpenDSR's error form and stores nothing (even a body
     * the handler would have refused with a 400 is refused by the chain first); Leeds's own signature gets through, and
     * only then does the handler check the body (§8.8 step 6). The accepted callback is sent to the legacy path
     * ({@code /router/opendsr/callbacks}): rewritten before the chain, its signature over the body still verifies.
     */
    @Test
    void openDsrCallbacksAreAuthenticatedByTheirSignatureBeforeTheHandlerRuns() {
        String subjectRequestId = java.util.UUID.randomUUID().toString();
        byte[] body = ("{\"controller_id\":\"rip\",\"expected_completion_time\":\"2026-12-31T23:59:59Z\","
                + "\"status_callback_url\":\"/api/v1/router/opendsr/callbacks\",\"subject_request_id\":\"" + subjectRequestId
                + "\",\"request_status\":\"completed\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var forger = dev.rightsflow.schemas.opendsr.OpenDsrKeys.selfSigned(LEEDS_DOMAIN, Duration.ofDays(1));

        refused(callback(LEEDS_DOMAIN, forger.sign(body), body).exchange(), "SignatureINVALID");
        refused(callback(null, null, "not json".getBytes(java.nio.charset.StandardCharsets.UTF_8)).exchange(), "SignatureMISSING");
        refused(callback("forger.example", forger.sign(body), body).exchange(), "SignatureUNKNOWN_PEER");
        web.get().uri("/api/v1/router/opendsr/forwarded/{id}", subjectRequestId).header("Authorization", ADMIN).exchange()
                .expectStatus().isNotFound();

        byte[] elsewhere = new String(body, java.nio.charset.StandardCharsets.UTF_8)
                .replace("/api/v1/router/opendsr/callbacks", "https://elsewhere.example/cb").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        callback(LEEDS_DOMAIN, LEEDS_OPENDSR.sign(elsewhere), elsewhere).exchange().expectStatus().isBadRequest();
        headersOn(callback("/router/opendsr/callbacks", LEEDS_DOMAIN, LEEDS_OPENDSR.sign(body), body).exchange()
                .expectStatus().isOk().expectHeader().valueEquals("Deprecation", "true")
                .expectHeader().valueEquals("Link", "</api/v1/router/opendsr/callbacks>; rel=\"successor-version\""))
                .expectBody().jsonPath("$.received").isEqualTo(true);
        web.get().uri("/api/v1/router/opendsr/forwarded/{id}", subjectRequestId).header("Authorization", ADMIN).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.request_status").isEqualTo("completed")
                .jsonPath("$.domain").isEqualTo(LEEDS_DOMAIN);
    }
}
