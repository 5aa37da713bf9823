package dev.rightsflow.auditlog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The staff chain's answers to machines (issue 10, "one way to authenticate"): on the dashboard API and the audit API
 * no credentials is 401 with {@code WWW-Authenticate: Basic} and a problem body, a wrong password 401, a staff user
 * without the role 403 as a problem, the right user 2xx; a page without a session goes to the sign-in page. Every
 * answer carries the shared security headers, with no-store.
 */
class StaffApiAuthenticationTest extends AuditLogIntegrationTest {

    private static WebTestClient.ResponseSpec headersOn(WebTestClient.ResponseSpec answer) {
        return answer.expectHeader().value("Content-Security-Policy", csp -> assertThat(csp).contains("frame-ancestors 'none'"))
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().valueEquals("Referrer-Policy", "no-referrer")
                .expectHeader().value("Cache-Control", c -> assertThat(c).contains("no-store"));
    }

    private static void challenged(WebTestClient.ResponseSpec answer) {
        headersOn(answer.expectStatus().isUnauthorized()
                .expectHeader().value("WWW-Authenticate", c -> assertThat(c).startsWith("Basic realm=\"rightsflow-staff\""))
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .expectBody().jsonPath("$.status").isEqualTo(401);
    }

    @Test
    void dashboardApiAndAuditApiWithoutWrongAndRightCredentials() {
        for (String path : new String[] {"/api/v1/dashboard/stats", "/api/v1/audit/some-request"}) {
            challenged(web.get().uri(path).exchange());
            challenged(web.get().uri(path).headers(h -> h.setBasicAuth("nobody-" + path.length(), "wrong")).exchange());
        }
        headersOn(as("demo-admin").get().uri("/api/v1/dashboard/stats").exchange().expectStatus().isOk());
    }

    @Test
    void aStaffUserWithoutTheRoleGetsA403Problem() {
        headersOn(as("demo-ecs").post().uri("/api/v1/dashboard/rebuild").exchange().expectStatus().isForbidden()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void aPageWithoutASessionGoesToTheSignInPageWhichCarriesTheHeaders() {
        web.get().uri("/dashboard").exchange().expectStatus().is3xxRedirection()
                .expectHeader().value("Location", l -> assertThat(l).endsWith("/dashboard/login"));
        headersOn(web.get().uri("/dashboard/login").exchange().expectStatus().isOk());
    }
}
