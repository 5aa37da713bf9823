package dev.rightsflow.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import dev.rightsflow.intake.security.model.ProcessorSignature;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.Channel;
import dev.rightsflow.schemas.avro.RequestReceived;

/**
 * Processors hand requests to their controllers: ECS (HMAC-signed, as in the seed registry) forwards a
 * Healthwatch Staffordshire request to Staffordshire County Council; MES (bearer key) forwards a
 * Northshire NHS FT member's request to the trust.
 */
class ForwardedRequestTest extends IntakeIntegrationTest {

    static String forwarded(String email, String receivedAt) {
        return """
                {"reference": "ECS-2026-0042", "receivedAt": "%s",
                 "request": {"right": "erasure", "organisationId": "ecs", "serviceId": "healthwatch-staffordshire",
                   "subject": {"name": "Jo Resident", "email": "%s", "identifiers": {"feedbackId": "HW-77"}}}}"""
                .formatted(receivedAt, email);
    }

    @SuppressWarnings("unchecked")
    @Test
    void signedForwardIsAddressedToTheControllerAndCountsFromTheProcessorsReceipt() {
        Instant processorReceipt = Instant.now().minusSeconds(3 * 24 * 3600);
        String body = forwarded("jo.forward@example.org", processorReceipt.toString());
        long ts = Instant.now().getEpochSecond();
        Map<String, Object> receipt = web.post().uri("/api/v1/forwarded-requests").contentType(MediaType.APPLICATION_JSON)
                .header("X-Rightsflow-Organisation", "ecs").header("X-Rightsflow-Timestamp", String.valueOf(ts))
                .header("X-Rightsflow-Signature", ProcessorSignature.sign(SeedRegistry.ECS_SECRET, ts, body.getBytes(StandardCharsets.UTF_8)))
                .bodyValue(body).exchange().expectStatus().isAccepted().expectBody(Map.class).returnResult().getResponseBody();

        String requestId = (String) receipt.get("requestId");
        assertThat(Instant.parse((String) receipt.get("receivedAt"))).isEqualTo(processorReceipt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        RequestReceived event = (RequestReceived) eventsOf(Topics.REQUESTS, requestId).get(0);
        assertThat(event.getOrganisationId()).isEqualTo("staffordshire-cc");
        assertThat(event.getChannel()).isEqualTo(Channel.PROCESSOR_API);
        assertThat(event.getForwardedBy().getFromOrganisationId()).isEqualTo("ecs");
        assertThat(event.getForwardedBy().getToOrganisationId()).isEqualTo("staffordshire-cc");
        assertThat(event.getForwardedBy().getReference()).isEqualTo("ECS-2026-0042");
        assertThat(event.getReceivedAt()).isEqualTo(processorReceipt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    @Test
    void unsignedWronglySignedStaleAndReplayedCallsAre401AndNothingIsPublished() {
        String body = forwarded("jo.refused@example.org", Instant.now().toString());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long before = countRequests();
        long now = Instant.now().getEpochSecond();

        post(body, null, null, null).expectStatus().isUnauthorized().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        post(body, "ecs", now, ProcessorSignature.sign("not-the-secret", now, bytes)).expectStatus().isUnauthorized();
        post(body, "ecs", now - 3600, ProcessorSignature.sign(SeedRegistry.ECS_SECRET, now - 3600, bytes)).expectStatus().isUnauthorized();
        post(body.replace("Jo", "Jon"), "ecs", now, ProcessorSignature.sign(SeedRegistry.ECS_SECRET, now, bytes)).expectStatus().isUnauthorized();
        assertThat(countRequests()).isEqualTo(before);

        String signature = ProcessorSignature.sign(SeedRegistry.ECS_SECRET, now, bytes);
        post(body, "ecs", now, signature).expectStatus().isAccepted();
        post(body, "ecs", now, signature).expectStatus().isUnauthorized().expectBody()
                .jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("replay"));
        assertThat(countRequests()).isEqualTo(before + 1);
    }

    @Test
    void bearerKeyOrganisationForwardsWithItsKey() {
        String body = """
                {"reference": "MES-19", "receivedAt": "%s",
                 "request": {"right": "access", "organisationId": "mes", "serviceId": "northshire-membership",
                   "subject": {"name": "Pat Member", "email": "pat@example.org", "identifiers": {"membershipNumber": "T-77"}}}}"""
                .formatted(Instant.now().toString());
        web.post().uri("/api/v1/forwarded-requests").contentType(MediaType.APPLICATION_JSON)
                .header("X-Rightsflow-Organisation", "mes").header("Authorization", "Bearer wrong").bodyValue(body)
                .exchange().expectStatus().isUnauthorized();
        web.post().uri("/api/v1/forwarded-requests").contentType(MediaType.APPLICATION_JSON)
                .header("X-Rightsflow-Organisation", "mes").header("Authorization", "Bearer " + SeedRegistry.MES_TOKEN)
                .bodyValue(body).exchange().expectStatus().isAccepted().expectBody()
                .jsonPath("$.verification").isEqualTo("EMAIL_CODE");
    }

    @Test
    void processorCannotForwardForAServiceItDoesNotProcess() {
        String body = forwarded("jo.other@example.org", Instant.now().toString()).replace("healthwatch-staffordshire", "northshire-membership");
        long now = Instant.now().getEpochSecond();
        post(body, "ecs", now, ProcessorSignature.sign(SeedRegistry.ECS_SECRET, now, body.getBytes(StandardCharsets.UTF_8)))
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.errors[0].field").isEqualTo("serviceId");
    }

    org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec post(String body, String org, Long ts, String signature) {
        var spec = web.post().uri("/api/v1/forwarded-requests").contentType(MediaType.APPLICATION_JSON);
        if (org != null) {
            spec = spec.header("X-Rightsflow-Organisation", org).header("X-Rightsflow-Timestamp", String.valueOf(ts))
                    .header("X-Rightsflow-Signature", signature);
        }
        return spec.bodyValue(body).exchange();
    }

    long countRequests() {
        long[] count = {0};
        dev.rightsflow.schemas.kafka.TopicReplay.replay(kafkaSettings, List.of(Topics.REQUESTS), r -> count[0]++);
        return count[0];
    }
}
