package dev.rightsflow.schemas.operations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import reactor.core.publisher.Mono;

/** Health and its groups are open; every other actuator path needs the operator token; other paths are not its business. */
class ActuatorTokenFilterTest {

    private final ActuatorTokenFilter filter = new ActuatorTokenFilter("s3cret");

    private HttpStatus statusOf(MockServerHttpRequest request) {
        MockServerWebExchange exchange = MockServerWebExchange.from(request);
        filter.filter(exchange, e -> {
            e.getResponse().setStatusCode(HttpStatus.OK);
            return Mono.empty();
        }).block();
        return (HttpStatus) exchange.getResponse().getStatusCode();
    }

    @Test
    void healthAndItsGroupsAreOpen() {
        assertThat(statusOf(MockServerHttpRequest.get("/actuator/health").build())).isEqualTo(HttpStatus.OK);
        assertThat(statusOf(MockServerHttpRequest.get("/actuator/health/readiness").build())).isEqualTo(HttpStatus.OK);
        assertThat(statusOf(MockServerHttpRequest.get("/api/v1/requests").build())).isEqualTo(HttpStatus.OK);
    }

    @Test
    void theOtherEndpointsNeedTheToken() {
        assertThat(statusOf(MockServerHttpRequest.get("/actuator/prometheus").build())).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(statusOf(MockServerHttpRequest.get("/actuator").build())).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(statusOf(MockServerHttpRequest.get("/actuator/healthz").build())).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(statusOf(MockServerHttpRequest.get("/actuator/metrics").header("Authorization", "Bearer wrong").build()))
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(statusOf(MockServerHttpRequest.get("/actuator/metrics").header("Authorization", "Bearer s3cret").build()))
                .isEqualTo(HttpStatus.OK);
    }

    @Test
    void withoutATokenConfiguredNobodyGetsIn() {
        ActuatorTokenFilter closed = new ActuatorTokenFilter("");
        MockServerWebExchange exchange = MockServerWebExchange.from(
                MockServerHttpRequest.get("/actuator/prometheus").header("Authorization", "Bearer ").build());
        closed.filter(exchange, e -> Mono.empty()).block();
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }
}
