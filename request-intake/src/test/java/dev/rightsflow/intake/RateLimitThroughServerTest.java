package dev.rightsflow.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.kafka.TopicReplay;

/**
 * Rate limiting per client address through the running server: the context allows
 * {@value SmtpIntakeTest#RATE_LIMIT} public requests per hour per address, and this is the only
 * class in it that uses intake's public paths as the loopback client itself (TrustedProxyRateLimitTest
 * speaks for forwarded clients, which have buckets of their own).
 */
class RateLimitThroughServerTest extends SmtpIntakeTest {

    @Test
    void requestOverTheLimitFromOneAddressGets429ProblemWithRetryAfterAndNothingIsPublished() {
        for (int i = 1; i <= RATE_LIMIT; i++) {
            web.post().uri("/api/v1/requests").contentType(MediaType.APPLICATION_JSON).bodyValue(erasure("limit" + i))
                    .exchange().expectStatus().isAccepted();
        }
        long before = requestsOnTopic().size();

        web.post().uri("/api/v1/requests").contentType(MediaType.APPLICATION_JSON).bodyValue(erasure("limit-over"))
                .exchange().expectStatus().isEqualTo(429)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value(HttpHeaders.RETRY_AFTER, v -> assertThat(Long.parseLong(v)).isBetween(1L, 3600L))
                .expectBody().jsonPath("$.status").isEqualTo(429).jsonPath("$.detail").value(d ->
                        assertThat(d.toString()).contains("try again in"));
        web.get().uri("/requests/new?organisationId=ecs").exchange().expectStatus().isEqualTo(429);

        List<RequestReceived> after = requestsOnTopic();
        assertThat(after).hasSize((int) before);
        assertThat(after).noneMatch(r -> r.getSubject().getEmail().startsWith("limit-over"));
        // intake's own operational path and other modules' paths are not counted against citizens
        web.get().uri("/intake/outbox").exchange().expectStatus().isNotFound();
    }

    private static String erasure(String who) {
        return """
                {"right": "erasure", "organisationId": "ecs", "serviceId": "ecs-website",
                 "subject": {"name": "Sam Limit", "email": "%s@example.org"}}""".formatted(who);
    }

    private List<RequestReceived> requestsOnTopic() {
        List<RequestReceived> received = new java.util.ArrayList<>();
        TopicReplay.replay(kafkaSettings, List.of(Topics.REQUESTS), r -> {
            if (r.value() instanceof RequestReceived event) {
                received.add(event);
            }
        });
        return received;
    }
}
