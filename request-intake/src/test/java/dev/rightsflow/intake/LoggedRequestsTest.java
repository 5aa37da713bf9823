package dev.rightsflow.intake;

import static dev.rightsflow.deadline.UkTime.UK;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.rightsflow.deadline.ClockFacts;
import dev.rightsflow.deadline.DeadlineEngine;
import dev.rightsflow.intake.logged.application.LogRequest;
import dev.rightsflow.intake.submission.application.SubmitRequest;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.ActorType;
import dev.rightsflow.schemas.avro.Channel;
import dev.rightsflow.schemas.avro.PersonalDataErased;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.state.DurableWrites;

/**
 * The staff API for requests received by letter, email, phone or in person, through HTTP, the broker and the
 * MongoDB driver: the clock counts from the day received, the staff member is the actor, the original comes back
 * to that organisation's staff only, and every refusal (a future day, another organisation, a wrong or oversized
 * file, no sign-in) writes and publishes nothing. Staff users are in {@code config/application.properties}.
 */
class LoggedRequestsTest extends IntakeIntegrationTest {

    static final byte[] PDF = ("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
            .getBytes(StandardCharsets.US_ASCII);

    @Autowired
    @Qualifier("intakeDeadlineEngine")
    DeadlineEngine deadlines;

    @Test
    @SuppressWarnings("unchecked")
    void aLetterReceivedThreeWeeksAgoCountsFromThatDayAndItsOriginalGoesBackToItsOrganisationOnly() {
        LocalDate today = LocalDate.now(UK);
        LocalDate receivedOn = today.minusDays(21);
        String key = UUID.randomUUID().toString();

        Map<String, Object> answer = as("staff-me-group").post().uri("/api/v1/logged-requests")
                .header("Idempotency-Key", key).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body("letter", receivedOn, "me-group-25", "application/pdf", PDF))
                .exchange().expectStatus().isAccepted().expectBody(Map.class).returnResult().getResponseBody();

        Map<String, Object> receipt = (Map<String, Object>) answer.get("receipt");
        String requestId = (String) receipt.get("requestId");
        assertThat(requestId).isEqualTo(SubmitRequest.requestIdFor("staff:staff-me-group", key));
        assertThat(answer).containsEntry("channel", "letter").containsEntry("receivedOn", receivedOn.toString())
                .containsEntry("loggedBy", "staff-me-group").containsEntry("originalKept", true);
        var division = registry.find("me-group-25").block().orElseThrow().division();
        LocalDate fromThatDay = deadlines.statutory(ClockFacts.received(division, receivedOn)).due();
        assertThat(fromThatDay).isNotEqualTo(deadlines.statutory(ClockFacts.received(division, today)).due());
        assertThat(receipt).containsEntry("provisionalDeadline", fromThatDay.toString());
        assertThat(Instant.parse((String) receipt.get("receivedAt")))
                .isEqualTo(receivedOn.atStartOfDay(UK).toInstant());

        RequestReceived received = (RequestReceived) eventsOf(Topics.REQUESTS, requestId).stream()
                .filter(RequestReceived.class::isInstance).findFirst().orElseThrow();
        assertThat(received.getChannel()).isEqualTo(Channel.LETTER);
        assertThat(received.getActor().getType()).isEqualTo(ActorType.STAFF);
        assertThat(received.getActor().getId()).isEqualTo("staff-me-group");
        assertThat(received.getActor().getOrganisationId()).isEqualTo("me-group-25");
        assertThat(received.getReceivedAt()).isEqualTo(receivedOn.atStartOfDay(UK).toInstant());
        assertThat(received.getProvisionalDeadline()).isEqualTo(fromThatDay);

        // the citizen's status API shows the same receipt and deadline
        Map<String, Object> status = web.get().uri("/api/v1/requests/" + requestId)
                .header("X-Status-Token", (String) receipt.get("statusToken")).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(Instant.parse((String) status.get("receivedAt"))).isEqualTo(receivedOn.atStartOfDay(UK).toInstant());

        byte[] original = as("staff-me-group").get().uri((String) answer.get("originalUrl")).exchange()
                .expectStatus().isOk().expectHeader().contentType(MediaType.APPLICATION_PDF)
                .expectHeader().valueMatches(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=.*letter\\.pdf.*")
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(original).isEqualTo(PDF);
        as("staff-admin").get().uri("/api/v1/logged-requests/" + requestId + "/original").exchange().expectStatus().isOk();
        as("staff-ecs").get().uri("/api/v1/logged-requests/" + requestId + "/original").exchange()
                .expectStatus().isNotFound();
        web.get().uri("/api/v1/logged-requests/" + requestId + "/original").exchange().expectStatus().isUnauthorized();

        // a retry with the same key is the same request, published once
        as("staff-me-group").post().uri("/api/v1/logged-requests").header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body("letter", receivedOn, "me-group-25",
                        "application/pdf", PDF)).exchange().expectStatus().isAccepted();
        assertThat(typesOf(Topics.REQUESTS, requestId).stream().filter("RequestReceived"::equals)).hasSize(1);
    }

    @Test
    void aPhoneCallNeedsNoOriginalAndAnAdministratorMayLogForAnyOrganisation() {
        String body = body("phone", LocalDate.now(UK), "ecs", null, null);
        as("staff-admin").post().uri("/api/v1/logged-requests").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isAccepted().expectBody()
                .jsonPath("$.channel").isEqualTo("phone").jsonPath("$.originalKept").isEqualTo(false)
                .jsonPath("$.loggedBy").isEqualTo("staff-admin");
    }

    @Test
    void aDayInTheFutureIsRefusedAndNothingIsPublished() {
        String key = UUID.randomUUID().toString();
        as("staff-me-group").post().uri("/api/v1/logged-requests").header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body("letter", LocalDate.now(UK).plusDays(1), "me-group-25", "application/pdf", PDF))
                .exchange().expectStatus().isEqualTo(422)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("receivedOn")
                .jsonPath("$.errors[0].message").value(m -> assertThat((String) m).contains("must not be in the future"));
        assertNothingPublished("staff-me-group", key);
    }

    @Test
    void anotherOrganisationsRequestIsForbiddenAndNothingIsPublished() {
        String key = UUID.randomUUID().toString();
        as("staff-ecs").post().uri("/api/v1/logged-requests").header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body("letter", LocalDate.now(UK), "me-group-25", "application/pdf", PDF))
                .exchange().expectStatus().isForbidden()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertNothingPublished("staff-ecs", key);
    }

    @Test
    void aChannelThatIsNotOfflineIsRefused() {
        String key = UUID.randomUUID().toString();
        as("staff-me-group").post().uri("/api/v1/logged-requests").header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body("api", LocalDate.now(UK), "me-group-25", null, null))
                .exchange().expectStatus().isEqualTo(422).expectBody().jsonPath("$.errors[0].field").isEqualTo("channel");
        assertNothingPublished("staff-me-group", key);
    }

    @Test
    void aFileThatIsNotALetterOrAnEmailIsRefusedAndNothingIsPublished() {
        String key = UUID.randomUUID().toString();
        byte[] executable = "MZ\u0090\u0000 this is not a pdf".getBytes(StandardCharsets.ISO_8859_1);
        as("staff-me-group").post().uri("/api/v1/logged-requests").header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body("letter", LocalDate.now(UK), "me-group-25", "application/pdf", executable))
                .exchange().expectStatus().isEqualTo(422).expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("original.content");
        as("staff-me-group").post().uri("/api/v1/logged-requests").header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body("email", LocalDate.now(UK), "me-group-25", "text/html",
                        "<html><script>alert(1)</script>".getBytes(StandardCharsets.UTF_8)))
                .exchange().expectStatus().isEqualTo(422).expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("original.contentType");
        assertNothingPublished("staff-me-group", key);
    }

    /**
     * The store cannot make the original durable (its checkpoint fails): the request is logged, but the answer says
     * the original is not kept, gives no link to it, and nothing of it is left to download. Before, the failed
     * checkpoint was only logged and staff were told it was kept.
     */
    @Test
    @SuppressWarnings("unchecked")
    void anOriginalTheStoreCannotMakeDurableIsNotSaidToBeKept() {
        DurableWrites.register(() -> {
            throw new java.io.IOException("No space left on device");
        });
        Map<String, Object> answer;
        try {
            answer = as("staff-me-group").post().uri("/api/v1/logged-requests").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body("letter", LocalDate.now(UK).minusDays(1), "me-group-25", "application/pdf", PDF))
                    .exchange().expectStatus().isAccepted().expectBody(Map.class).returnResult().getResponseBody();
        } finally {
            DurableWrites.clear();
        }
        assertThat(answer).containsEntry("originalKept", false);
        assertThat(answer.get("originalUrl")).isNull();
        String requestId = (String) ((Map<?, ?>) answer.get("receipt")).get("requestId");
        as("staff-me-group").get().uri("/api/v1/logged-requests/" + requestId + "/original").exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void anEmailAsEmlIsKept() {
        byte[] eml = ("From: Alex Example <alex@example.org>\r\nTo: enquiry@me-group.example\r\n"
                + "Subject: Data protection request\r\nDate: Mon, 30 Nov 2026 09:00:00 +0000\r\n\r\nPlease erase my data.\r\n")
                .getBytes(StandardCharsets.UTF_8);
        as("staff-me-group").post().uri("/api/v1/logged-requests").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body("email", LocalDate.now(UK).minusDays(2), "me-group-25", "message/rfc822", eml))
                .exchange().expectStatus().isAccepted().expectBody().jsonPath("$.originalKept").isEqualTo(true);
    }

    @Test
    void anOriginalOverTheLimitIsRefusedAndNothingIsPublished() {
        String key = UUID.randomUUID().toString();
        byte[] big = new byte[70 * 1024]; // the test limit is 64 KB
        System.arraycopy(PDF, 0, big, 0, PDF.length);
        var status = as("staff-me-group").post().uri("/api/v1/logged-requests").header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body("letter", LocalDate.now(UK), "me-group-25", "application/pdf", big))
                .exchange().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .returnResult(String.class).getStatus().value();
        assertThat(status).isIn(413, 422);
        assertNothingPublished("staff-me-group", key);
    }

    @Test
    void withoutSignInOrWithAWrongPasswordIt401s() {
        String key = UUID.randomUUID().toString();
        String body = body("letter", LocalDate.now(UK), "me-group-25", "application/pdf", PDF);
        web.post().uri("/api/v1/logged-requests").header("Idempotency-Key", key).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isUnauthorized()
                .expectHeader().valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"rightsflow-staff\".*")
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        web.mutate().defaultHeaders(h -> h.setBasicAuth("staff-me-group", "wrong")).build()
                .post().uri("/api/v1/logged-requests").header("Idempotency-Key", key).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isUnauthorized();
        assertNothingPublished("staff-me-group", key);
    }

    @Test
    void theOriginalIsErasedWithTheRequest() throws Exception {
        String requestId = (String) ((Map<?, ?>) as("staff-me-group").post().uri("/api/v1/logged-requests")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body("letter", LocalDate.now(UK).minusDays(1), "me-group-25", "application/pdf", PDF))
                .exchange().expectStatus().isAccepted().expectBody(Map.class).returnResult().getResponseBody()
                .get("receipt")).get("requestId");
        as("staff-me-group").get().uri("/api/v1/logged-requests/" + requestId + "/original").exchange().expectStatus().isOk();

        publish(Topics.CASES, PersonalDataErased.newBuilder().setEventId(Events.derivedId(requestId, "PersonalDataErased"))
                .setRequestId(requestId).setOccurredAt(Instant.now()).setActor(Events.service("router"))
                .setOrganisationId("me-group-25").setRetentionDays(0).setClosedAt(Instant.now())
                .setReason("personal data erased after retention").build());

        await().atMost(Duration.ofSeconds(20)).until(() -> as("staff-me-group").get()
                .uri("/api/v1/logged-requests/" + requestId + "/original").exchange().returnResult(String.class)
                .getStatus().value() == 404);
    }

    private void assertNothingPublished(String staff, String key) {
        String requestId = SubmitRequest.requestIdFor("staff:" + staff, key);
        assertThat(typesOf(Topics.REQUESTS, requestId)).isEmpty();
        as("staff-admin").get().uri("/api/v1/logged-requests/" + requestId + "/original").exchange()
                .expectStatus().isNotFound();
    }

    private WebTestClient as(String user) {
        return web.mutate().defaultHeaders(h -> h.setBasicAuth(user, "demo-password")).build();
    }

    static String body(String channel, LocalDate receivedOn, String organisationId, String contentType, byte[] content) {
        String original = content == null ? "" : """
                , "original": {"fileName": "letter.pdf", "contentType": "%s", "contentBase64": "%s"}"""
                .formatted(contentType, Base64.getEncoder().encodeToString(content));
        return """
                {"channel": "%s", "receivedOn": "%s",
                 "request": {"right": "erasure", "organisationId": "%s",
                             "subject": {"name": "Lee Letter", "email": "lee.letter@example.org",
                                         "postalAddress": "1 High Street, Stafford"}}%s}"""
                .formatted(channel, receivedOn, organisationId, original);
    }

}
