package dev.rightsflow.intake;

import org.junit.jupiter.api.Test;

/**
 * Defect 12 of issue 10, through the running server: behind a reverse proxy every citizen shared
 * the proxy's one bucket. This context trusts the loopback proxy (the test client) and allows
 * {@value SmtpIntakeTest#RATE_LIMIT} public requests per hour per client: each forwarded client gets
 * its own allowance, and a client cannot escape its bucket by writing its own X-Forwarded-For
 * entry in front of the one the proxy appends.
 */
class TrustedProxyRateLimitTest extends SmtpIntakeTest {

    @Test
    void eachCitizenBehindTheTrustedProxyHasTheirOwnBucket() {
        for (int i = 0; i < RATE_LIMIT; i++) {
            organisations("X-Forwarded-For", "198.51.100.7").expectStatus().isOk();
        }
        organisations("X-Forwarded-For", "198.51.100.7").expectStatus().isEqualTo(429);
        // the same client claiming another address in front of the proxy's entry
        organisations("X-Forwarded-For", "203.0.113.99, 198.51.100.7").expectStatus().isEqualTo(429);
        organisations("Forwarded", "for=198.51.100.7").expectStatus().isEqualTo(429);
        // other citizens behind the same proxy are not affected
        organisations("X-Forwarded-For", "198.51.100.8").expectStatus().isOk();
        organisations("Forwarded", "for=\"[2001:db8::8]:4711\"").expectStatus().isOk();
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec organisations(String header, String value) {
        return web.get().uri("/api/v1/organisations").header(header, value).exchange();
    }
}
