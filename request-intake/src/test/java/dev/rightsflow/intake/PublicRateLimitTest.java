package dev.rightsflow.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.util.unit.DataSize;

import dev.rightsflow.intake.shared.web.PublicRateLimit;
import reactor.core.publisher.Mono;

class PublicRateLimitTest {

    final PublicRateLimit filter = new PublicRateLimit(new RequestIntakeProperties("db", Duration.ofDays(30),
            Duration.ofHours(24), Duration.ofMinutes(15), 5, 3, Duration.ofHours(1), Duration.ofMinutes(5), Map.of(),
            DataSize.ofKilobytes(64), 3, "/p/{packageId}", "", "from@localhost", Duration.ofSeconds(5), false, true,
            Duration.ofMinutes(1), java.util.List.of(), null));

    HttpStatus call(String path, String address) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post(path)
                .remoteAddress(new InetSocketAddress(address, 40000)).build());
        filter.filter(exchange, e -> Mono.empty()).block();
        return (HttpStatus) exchange.getResponse().getStatusCode();
    }

    @Test
    void eachClientAddressGetsItsOwnAllowanceOnPublicPathsOnly() {
        for (int i = 0; i < 3; i++) {
            assertThat(call("/api/v1/requests", "10.0.0.1")).isNull();
        }
        assertThat(call("/api/v1/requests", "10.0.0.1")).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(call("/requests/new", "10.0.0.1")).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(call("/api/v1/requests", "10.0.0.2")).isNull();
        assertThat(call("/audit/dashboard", "10.0.0.1")).isNull();
    }
}
