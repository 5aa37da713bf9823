package dev.rightsflow.auditlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;

import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.Division;
import dev.rightsflow.schemas.avro.WebhookAttempted;

/**
 * Issue 12: an organisation's staff read its webhook deliveries on the dashboard. The router's
 * {@code WebhookAttempted} facts on CASES are folded into the log (the latest attempt per delivery, a late copy of an
 * older attempt changing nothing), shown at {@code /dashboard/webhooks} and {@code /api/v1/dashboard/webhooks} to
 * that organisation's staff only, and kept in the case's audit trail.
 */
class WebhookLogDashboardTest extends AuditLogIntegrationTest {

    private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
    };

    @Test
    void staffSeeTheirOrganisationsDeliveriesWithRetriesAndDeadOnes() {
        Instant received = Instant.parse("2026-09-03T10:15:00Z");
        String id = openCase("ecs", Division.ENGLAND_AND_WALES, received, false);
        String delivery = "msg_" + id;
        Instant first = Instant.parse("2026-09-03T10:16:00Z");
        send(Topics.CASES, attempt(id, delivery, 1, first, 500, "RETRYING", "HTTP 500", first.plusSeconds(30)));
        send(Topics.CASES, attempt(id, delivery, 2, first.plusSeconds(31), 503, "DEAD",
                "HTTP 503; 2 attempts made, no more", null));
        send(Topics.CASES, attempt(id, delivery, 1, first, 500, "RETRYING", "HTTP 500", first.plusSeconds(30)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(log("demo-ecs"))
                .filteredOn(d -> delivery.equals(d.get("deliveryId"))).singleElement()
                .satisfies(d -> assertThat(d).containsEntry("outcome", "DEAD").containsEntry("attempts", 2)
                        .containsEntry("statusCode", 503).containsEntry("eventType", "request.received")));
        assertThat(log("demo-rip")).noneMatch(d -> delivery.equals(d.get("deliveryId")));
        assertThat(log("demo-admin")).anyMatch(d -> delivery.equals(d.get("deliveryId")));

        String page = as("demo-ecs").get().uri("/dashboard/webhooks").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(page).contains("Webhook deliveries", "data-delivery=\"" + delivery + "\"", "Dead: not tried again",
                "HTTP 503; 2 attempts made, no more");
        assertThat(as("demo-rip").get().uri("/dashboard/webhooks").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody()).doesNotContain(delivery);

        assertThat(as("demo-admin").get().uri("/api/v1/audit/{chain}", id).exchange().expectStatus().isOk()
                .expectBody(LIST).returnResult().getResponseBody()).extracting(e -> e.get("sourceEventType"))
                .contains("WebhookAttempted");
    }

    private List<Map<String, Object>> log(String user) {
        return as(user).get().uri("/api/v1/dashboard/webhooks").exchange().expectStatus().isOk().expectBody(LIST)
                .returnResult().getResponseBody();
    }

    static WebhookAttempted attempt(String requestId, String delivery, int n, Instant at, int status,
            String outcome, String error, Instant next) {
        return WebhookAttempted.newBuilder().setEventId(Events.derivedId(delivery, "attempt", String.valueOf(n)))
                .setRequestId(requestId).setOccurredAt(at).setActor(Events.service("router")).setOrganisationId("ecs")
                .setWebhookId("ops").setDeliveryId(delivery).setEventType("request.received")
                .setTriggerEventId("opened-" + requestId).setAttempt(n).setStatusCode(status).setOutcome(outcome)
                .setError(error).setNextAttemptAt(next).setPayload("{\"type\":\"request.received\"}").build();
    }
}
