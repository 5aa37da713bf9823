package dev.rightsflow.connectors.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.rightsflow.connectors.ConnectorsIntegrationTest;

/**
 * Every kind of connectors path carries the shared security headers (issue 10, "headers everywhere"): the operators'
 * 401s and 2xx answers, the subject's package download and the vendors' callbacks outside the operator chain; and
 * the actuator: health open for probes, the rest only with the operator token.
 */
class ConnectorsSurfaceSecurityTest extends ConnectorsIntegrationTest {

    private static WebTestClient.ResponseSpec headersOn(WebTestClient.ResponseSpec answer) {
        return answer.expectHeader().value("Content-Security-Policy", csp -> assertThat(csp).contains("default-src 'none'")
                        .contains("frame-ancestors 'none'"))
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().valueEquals("Referrer-Policy", "no-referrer")
                .expectHeader().valueEquals("X-Frame-Options", "DENY")
                .expectHeader().value("Cache-Control", c -> assertThat(c).contains("no-store"));
    }

    @Test
    void operatorAnswersRefusedOrNotCarryTheHeaders() {
        headersOn(anonymousHttp().get().uri("/api/v1/connectors/lanes").exchange().expectStatus().isUnauthorized());
        headersOn(anonymousHttp().get().uri("/api/v1/connectors/lanes").header("Authorization", "Bearer wrong").exchange()
                .expectStatus().isUnauthorized());
        headersOn(http().get().uri("/api/v1/connectors/lanes").exchange().expectStatus().isOk());
    }

    @Test
    void theSubjectsAndTheVendorsPathsAreOutsideTheOperatorChainAndCarryTheHeadersToo() {
        int download = headersOn(anonymousHttp().post().uri("/api/v1/packages/{id}", "no-such-package")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("token=wrong").exchange())
                .returnResult(String.class).getStatus().value();
        assertThat(download).as("checked by the status token, not by the operator chain").isNotEqualTo(401).isLessThan(500);
        int callback = headersOn(anonymousHttp().post().uri("/api/v1/connectors/callbacks/opendsr/{task}", "no-such-task")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange())
                .returnResult(String.class).getStatus().value();
        assertThat(callback).as("checked by the sender's signature, not by the operator chain").isNotEqualTo(401).isLessThan(500);
    }

    @Test
    void healthIsOpenAndTheRestOfTheActuatorNeedsTheOperatorToken() {
        headersOn(anonymousHttp().get().uri("/actuator/health/liveness").exchange().expectStatus().isOk());
        headersOn(anonymousHttp().get().uri("/actuator/metrics").exchange().expectStatus().isUnauthorized()
                .expectHeader().valueEquals("WWW-Authenticate", "Bearer realm=\"rightsflow-operations\""));
        int withToken = http().get().uri("/actuator/metrics").exchange().returnResult(String.class).getStatus().value();
        assertThat(withToken).as("past the chain with the operator token").isNotIn(401, 403);
    }
}
