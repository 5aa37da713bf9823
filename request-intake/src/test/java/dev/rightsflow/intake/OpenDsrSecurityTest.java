package dev.rightsflow.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.rightsflow.intake.submission.application.SubmitRequest;
import dev.rightsflow.intake.security.model.ProcessorSignature;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.kafka.TopicAdmin;

/**
 * The OpenDSR API is guarded by intake's Spring Security chain (issue 10, "one way to authenticate"): a call without
 * credentials, with a forged signature or with an OpenDSR certificate signature that does not verify is refused in
 * OpenDSR's own error form before any handler runs. The proof that no handler ran: each refused body is one the
 * handler would have answered with a 400 (not JSON, or not an OpenDSR request), nothing reaches the requests topic,
 * and the forged submission's {@code subject_request_id} is unknown afterwards. Discovery and the certificate stay
 * public, whatever credentials come with them.
 */
class OpenDsrSecurityTest extends IntakeIntegrationTest {

    private static final String CHALLENGE = "Bearer realm=\"rightsflow-intake-processors\"";

    private static WebTestClient.BodyContentSpec refused(WebTestClient.ResponseSpec answer, int status) {
        return answer.expectStatus().isEqualTo(status)
                .expectHeader().value("WWW-Authenticate", c -> assertThat(c).startsWith(CHALLENGE))
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectHeader().value("Cache-Control", c -> assertThat(c).contains("no-store"))
                .expectBody().jsonPath("$.error.code").isEqualTo(status).jsonPath("$.error.message").isNotEmpty()
                .jsonPath("$.error.errors[0].domain").isEqualTo("Security");
    }

    private static String request(String subjectRequestId) {
        return """
                {"regulation": "gdpr", "subject_request_id": "%s", "subject_request_type": "erasure", "submitted_time": "2026-11-30T10:00:00Z",
                 "subject_identities": [{"identity_type": "email", "identity_value": "forged.subject@example.org", "identity_format": "raw"}]}"""
                .formatted(subjectRequestId);
    }

    @Test
    void unauthenticatedAndForgedCallsAreRefusedByTheChainBeforeAnyHandlerRuns() {
        long published = TopicAdmin.recordsEverWritten(kafkaSettings.bootstrapServers(), Topics.REQUESTS);
        String notJson = "{\"subject_request_id\": ";

        // no credentials: 401, although the handler would have refused the body with a 400
        refused(web.post().uri("/opendsr/v2/requests").contentType(MediaType.APPLICATION_JSON).bodyValue(notJson).exchange(), 401)
                .jsonPath("$.error.message").value(m -> assertThat(m.toString()).contains("X-Rightsflow-Organisation"));
        refused(web.get().uri("/opendsr/v2/requests/not-a-uuid").exchange(), 401);
        refused(web.delete().uri("/opendsr/v2/requests/{id}", UUID.randomUUID()).exchange(), 401);
        refused(web.get().uri("/opendsr/v1/opengdpr_requests/{id}", UUID.randomUUID())
                .header("X-Rightsflow-Organisation", "mes").header("Authorization", "Bearer not-the-mes-key").exchange(), 401)
                .jsonPath("$.error.message").isEqualTo("Missing or wrong bearer key.");

        // a valid request signed with a secret that is not ECS's
        String forgedId = UUID.randomUUID().toString();
        String body = request(forgedId);
        long ts = Instant.now().getEpochSecond();
        refused(web.post().uri("/opendsr/v2/requests").contentType(MediaType.APPLICATION_JSON)
                .header("X-Rightsflow-Organisation", "ecs").header("X-Rightsflow-Timestamp", String.valueOf(ts))
                .header("X-Rightsflow-Signature", ProcessorSignature.sign("not-the-ecs-secret", ts, body.getBytes(StandardCharsets.UTF_8)))
                .bodyValue(body).exchange(), 401)
                .jsonPath("$.error.message").isEqualTo("The signature does not match the body.");

        // the right bearer key, but an OpenDSR certificate signature that does not verify: 403 (§8.8), before the
        // handler would have refused the body
        refused(web.post().uri("/opendsr/v2/requests").contentType(MediaType.APPLICATION_JSON)
                .header("X-Rightsflow-Organisation", "mes").header("Authorization", "Bearer " + SeedRegistry.MES_TOKEN)
                .header("X-OpenDSR-Processor-Domain", "forger.example")
                .header("X-OpenDSR-Signature", java.util.Base64.getEncoder().encodeToString(new byte[256]))
                .bodyValue(notJson).exchange(), 403)
                .jsonPath("$.error.errors[0].reason").isEqualTo("SignatureUNKNOWN_PEER");

        assertThat(TopicAdmin.recordsEverWritten(kafkaSettings.bootstrapServers(), Topics.REQUESTS))
                .as("nothing published").isEqualTo(published);
        assertThat(eventsOf(Topics.REQUESTS, SubmitRequest.requestIdFor("processor:ecs", forgedId))).isEmpty();
        assertThat(eventsOf(Topics.REQUESTS, SubmitRequest.requestIdFor("organisation:ecs", forgedId))).isEmpty();
        long now = Instant.now().getEpochSecond();
        web.get().uri("/opendsr/v2/requests/{id}", forgedId)
                .header("X-Rightsflow-Organisation", "ecs").header("X-Rightsflow-Timestamp", String.valueOf(now))
                .header("X-Rightsflow-Signature", ProcessorSignature.sign(SeedRegistry.ECS_SECRET, now, new byte[0]))
                .exchange().expectStatus().isNotFound().expectBody().jsonPath("$.error.code").isEqualTo(404);
    }

    @Test
    void discoveryAndTheCertificateArePublicWhateverCredentialsComeWithThem() {
        web.get().uri("/opendsr/v2/discovery").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("X-OpenDSR-Processor-Domain", OPENDSR_DOMAIN);
        web.get().uri("/opendsr/v1/discovery").header("X-Rightsflow-Organisation", "mes")
                .header("Authorization", "Bearer wrong").exchange().expectStatus().isOk();
        web.get().uri("/opendsr/discovery").exchange().expectStatus().isOk();
        web.get().uri("/opendsr/v2/certificate.pem").header("X-Rightsflow-Organisation", "nobody").exchange()
                .expectStatus().isOk().expectBody(String.class).value(pem -> assertThat(pem).contains("BEGIN CERTIFICATE"));
        // only GET is public there
        refused(web.post().uri("/opendsr/v2/discovery").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange(), 401);
    }
}
