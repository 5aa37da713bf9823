package dev.rightsflow.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import dev.rightsflow.intake.model.ProcessorSignature;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.Channel;
import dev.rightsflow.schemas.avro.RequestReceived;

/** MES, a processor, hands an NHS trust's member's request to the trust through the signed processor API. */
class ForwardedRequestTest extends IntakeIntegrationTest {

    static String forwarded(String email, String receivedAt) {
        return """
                {"reference": "MES-2026-0042", "receivedAt": "%s",
                 "request": {"right": "erasure", "organisationId": "mes", "serviceId": "mes-membership-site",
                   "subject": {"name": "Jo Member", "email": "%s", "identifiers": {"membershipNumber": "T-77"}}}}"""
                .formatted(receivedAt, email);
    }

    @SuppressWarnings("unchecked")
    @Test
    void signedForwardIsAddressedToTheControllerAndCountsFromTheProcessorsReceipt() {
        Instant processorReceipt = Instant.now().minusSeconds(3 * 24 * 3600);
        String body = forwarded("jo.forward@example.org", processorReceipt.toString());
        long ts = Instant.now().getEpochSecond();
        Map<String, Object> receipt = web.post().uri("/api/v1/forwarded-requests").contentType(MediaType.APPLICATION_JSON)
                .header("X-Rightsflow-Organisation", "mes").header("X-Rightsflow-Timestamp", String.valueOf(ts))
                .header("X-Rightsflow-Signature", ProcessorSignature.sign(SeedRegistry.MES_SECRET, ts, body.getBytes(StandardCharsets.UTF_8)))
                .bodyValue(body).exchange().expectStatus().isAccepted().expectBody(Map.class).returnResult().getResponseBody();

        String requestId = (String) receipt.get("requestId");
        assertThat(Instant.parse((String) receipt.get("receivedAt"))).isEqualTo(processorReceipt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        RequestReceived event = (RequestReceived) eventsOf(Topics.REQUESTS, requestId).get(0);
        assertThat(event.getOrganisationId()).isEqualTo("nhs-trust");
        assertThat(event.getChannel()).isEqualTo(Channel.PROCESSOR_API);
        assertThat(event.getForwardedBy().getFromOrganisationId()).isEqualTo("mes");
        assertThat(event.getForwardedBy().getToOrganisationId()).isEqualTo("nhs-trust");
        assertThat(event.getForwardedBy().getReference()).isEqualTo("MES-2026-0042");
        assertThat(event.getReceivedAt()).isEqualTo(processorReceipt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    @Test
    void unsignedWronglySignedStaleAndReplayedCallsAre401AndNothingIsPublished() {
        String body = forwarded("jo.refused@example.org", Instant.now().toString());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long before = countRequests();
        long now = Instant.now().getEpochSecond();

        post(body, null, null, null).expectStatus().isUnauthorized().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        post(body, "mes", now, ProcessorSignature.sign("not-the-secret", now, bytes)).expectStatus().isUnauthorized();
        post(body, "mes", now - 3600, ProcessorSignature.sign(SeedRegistry.MES_SECRET, now - 3600, bytes)).expectStatus().isUnauthorized();
        post(body.replace("Jo", "Jon"), "mes", now, ProcessorSignature.sign(SeedRegistry.MES_SECRET, now, bytes)).expectStatus().isUnauthorized();
        assertThat(countRequests()).isEqualTo(before);

        String signature = ProcessorSignature.sign(SeedRegistry.MES_SECRET, now, bytes);
        post(body, "mes", now, signature).expectStatus().isAccepted();
        post(body, "mes", now, signature).expectStatus().isUnauthorized().expectBody()
                .jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("replay"));
        assertThat(countRequests()).isEqualTo(before + 1);
    }

    @Test
    void bearerKeyOrganisationForwardsWithItsKey() {
        String body = """
                {"reference": "ECS-19", "receivedAt": "%s",
                 "request": {"right": "access", "organisationId": "ecs", "serviceId": "healthwatch-staffordshire",
                   "subject": {"name": "Pat Local", "email": "pat@example.org"}}}""".formatted(Instant.now().toString());
        web.post().uri("/api/v1/forwarded-requests").contentType(MediaType.APPLICATION_JSON)
                .header("X-Rightsflow-Organisation", "ecs").header("Authorization", "Bearer wrong").bodyValue(body)
                .exchange().expectStatus().isUnauthorized();
        web.post().uri("/api/v1/forwarded-requests").contentType(MediaType.APPLICATION_JSON)
                .header("X-Rightsflow-Organisation", "ecs").header("Authorization", "Bearer " + SeedRegistry.ECS_KEY)
                .bodyValue(body).exchange().expectStatus().isAccepted().expectBody()
                .jsonPath("$.verification").isEqualTo("EMAIL_CODE");
    }

    @Test
    void processorCannotForwardForAServiceItDoesNotProcess() {
        String body = forwarded("jo.other@example.org", Instant.now().toString()).replace("mes-membership-site", "healthwatch-staffordshire");
        long now = Instant.now().getEpochSecond();
        post(body, "mes", now, ProcessorSignature.sign(SeedRegistry.MES_SECRET, now, body.getBytes(StandardCharsets.UTF_8)))
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
