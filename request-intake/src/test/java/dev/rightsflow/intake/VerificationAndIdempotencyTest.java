package dev.rightsflow.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;

import dev.rightsflow.intake.mail.application.Mailer;
import dev.rightsflow.intake.mail.OutboxMailer;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.ConfirmIdentity;
import dev.rightsflow.schemas.avro.IdentityVerified;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.avro.VerificationMethod;

class VerificationAndIdempotencyTest extends IntakeIntegrationTest {

    @Autowired
    dev.rightsflow.intake.submission.application.DuplicateRegister duplicates;

    /** The demo outbox: the shared test context enables it (rightsflow.intake.demo-outbox=true). */
    OutboxMailer outbox;

    @Autowired
    void outbox(@Qualifier("intakeMailer") Mailer intakeMailer) {
        this.outbox = (OutboxMailer) intakeMailer;
    }

    @Test
    void emailCodeVerifiesOnceAndStartsTheClock() {
        Map<String, Object> receipt = submit("""
                {"right": "access", "organisationId": "me-group-25",
                 "subject": {"name": "Morag Example", "email": "morag.code@example.org"}}""", null);
        String requestId = (String) receipt.get("requestId");
        String token = (String) receipt.get("statusToken");
        assertThat(receipt.get("verification")).isEqualTo("EMAIL_CODE");

        await().atMost(Duration.ofSeconds(10)).until(() -> codeFor("morag.code@example.org") != null);
        String code = codeFor("morag.code@example.org");
        assertThat(typesOf(Topics.REQUESTS, requestId)).containsExactly("RequestReceived", "IdentityVerificationRequested");
        web.get().uri("/api/v1/requests/{id}", requestId).header("X-Status-Token", token).exchange()
                .expectBody().jsonPath("$.state").isEqualTo("AWAITING_IDENTITY").jsonPath("$.deadline").doesNotExist();

        String wrong = code.equals("000000") ? "111111" : "000000";
        verify(requestId, wrong).expectStatus().isEqualTo(422).expectBody()
                .jsonPath("$.errors[0].message").value(m -> assertThat(m.toString()).contains("4 attempts left"));
        verify(requestId, code).expectStatus().isOk().expectBody().jsonPath("$.verified").isEqualTo(true);
        verify(requestId, code).expectStatus().isEqualTo(409);

        IdentityVerified verified = (IdentityVerified) eventsOf(Topics.REQUESTS, requestId).get(2);
        assertThat(verified.getMethod()).isEqualTo(VerificationMethod.EMAIL_CODE);
        assertThat(verified.getVerifiedAt()).isAfter(((RequestReceived) eventsOf(Topics.REQUESTS, requestId).get(0)).getReceivedAt());
        web.get().uri("/api/v1/requests/{id}", requestId).header("X-Status-Token", token).exchange()
                .expectBody().jsonPath("$.state").isEqualTo("RECEIVED").jsonPath("$.deadline").exists()
                .jsonPath("$.identityVerifiedAt").exists();
    }

    @Test
    void newCodeNeedsTheStatusTokenAndReplacesTheOldOne() {
        Map<String, Object> receipt = submit("""
                {"right": "access", "organisationId": "me-group-25",
                 "subject": {"name": "Morag Example", "email": "morag.resend@example.org"}}""", null);
        String requestId = (String) receipt.get("requestId");
        await().atMost(Duration.ofSeconds(10)).until(() -> codeFor("morag.resend@example.org") != null);
        String first = codeFor("morag.resend@example.org");
        web.post().uri("/api/v1/requests/{id}/verification/resend", requestId).header("X-Status-Token", "wrong")
                .exchange().expectStatus().isNotFound();
        web.post().uri("/api/v1/requests/{id}/verification/resend", requestId)
                .header("X-Status-Token", (String) receipt.get("statusToken")).exchange().expectStatus().isOk();
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.latest(200).block().stream()
                .filter(m -> m.to().equals("morag.resend@example.org")).count() == 2);
        String second = codeFor("morag.resend@example.org");
        if (!second.equals(first)) {
            verify(requestId, first).expectStatus().isEqualTo(422);
        }
        verify(requestId, second).expectStatus().isOk();
    }

    @Test
    void codeIsLockedAfterTooManyWrongAttempts() {
        Map<String, Object> receipt = submit("""
                {"right": "portability", "organisationId": "me-group-25",
                 "subject": {"name": "Morag Example", "email": "morag.lock@example.org"}}""", null);
        String requestId = (String) receipt.get("requestId");
        await().atMost(Duration.ofSeconds(10)).until(() -> codeFor("morag.lock@example.org") != null);
        String code = codeFor("morag.lock@example.org");
        String wrong = code.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 5; i++) {
            verify(requestId, wrong).expectStatus().isEqualTo(422);
        }
        verify(requestId, code).expectStatus().isEqualTo(429);
    }

    @Test
    void documentaryEvidenceIsConfirmedByStaffCommand() throws Exception {
        Map<String, Object> receipt = submit("""
                {"right": "access", "organisationId": "empower",
                 "subject": {"name": "Chris Example", "email": "chris.docs@example.org"}}""", null);
        String requestId = (String) receipt.get("requestId");
        assertThat(receipt.get("verification")).isEqualTo("DOCUMENTARY");
        verify(requestId, "123456").expectStatus().isEqualTo(409);

        Instant confirmedAt = Instant.now();
        ConfirmIdentity command = ConfirmIdentity.newBuilder().setEventId(Events.newEventId()).setRequestId(requestId)
                .setOccurredAt(confirmedAt).setActor(Events.staff("dpo@empower", "empower"))
                .setEvidence("Passport seen on video call").build();
        publish(Topics.CASE_COMMANDS, command);
        publish(Topics.CASE_COMMANDS, command);

        await().atMost(Duration.ofSeconds(20)).until(() -> typesOf(Topics.REQUESTS, requestId).contains("IdentityVerified"));
        IdentityVerified verified = eventsOf(Topics.REQUESTS, requestId).stream().filter(IdentityVerified.class::isInstance)
                .map(IdentityVerified.class::cast).findFirst().orElseThrow();
        assertThat(verified.getMethod()).isEqualTo(VerificationMethod.DOCUMENTARY);
        assertThat(verified.getEvidence()).isEqualTo("Passport seen on video call");
        assertThat(verified.getActor().getId()).isEqualTo("dpo@empower");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> web.get().uri("/api/v1/requests/{id}", requestId)
                .header("X-Status-Token", (String) receipt.get("statusToken")).exchange()
                .expectBody().jsonPath("$.ownTarget").exists().jsonPath("$.identityVerifiedAt").exists());
        assertThat(typesOf(Topics.REQUESTS, requestId).stream().filter("IdentityVerified"::equals)).hasSize(1);
    }

    @Test
    void sameIdempotencyKeyAndBodyReturnsTheFirstAnswerAndAnotherBodyIs409() {
        String body = """
                {"right": "objection", "organisationId": "empower",
                 "subject": {"name": "Chris Example", "email": "chris.idem@example.org"},
                 "details": {"objectionDirectMarketing": true}}""";
        Map<String, Object> first = submit(body, "key-objection-1");
        Map<String, Object> again = submit(body, "key-objection-1");
        assertThat(again).isEqualTo(first);
        assertThat(eventsOf(Topics.REQUESTS, (String) first.get("requestId"))).hasSize(1);

        web.post().uri("/api/v1/requests").contentType(MediaType.APPLICATION_JSON).header("Idempotency-Key", "key-objection-1")
                .bodyValue(body.replace("chris.idem", "chris.other")).exchange()
                .expectStatus().isEqualTo(409).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void identicalRequestWithoutKeyIsFlaggedAsDuplicateOfTheFirst() {
        String body = """
                {"right": "consent_withdrawal", "organisationId": "me-group-25",
                 "subject": {"name": "Morag Example", "email": "Morag.Dup@example.org"},
                 "details": {"consentPurposes": ["contact-list-personal-summary"]}}""";
        Map<String, Object> first = submit(body, null);
        Map<String, Object> second = submit(body.replace("Morag.Dup", "morag.dup"), null);
        assertThat(first.get("duplicateOf")).isNull();
        assertThat(second.get("duplicateOf")).isEqualTo(first.get("requestId"));
        RequestReceived event = (RequestReceived) eventsOf(Topics.REQUESTS, (String) second.get("requestId")).get(0);
        assertThat(event.getDuplicateOf()).isEqualTo(first.get("requestId"));
        assertThat(event.getDetails().getConsentPurposes()).containsExactly("contact-list-personal-summary");
    }

    @SuppressWarnings("unchecked")
    @Test
    void identicalRequestsArrivingTogetherAreNeverAllUnflagged() {
        org.springframework.web.reactive.function.client.WebClient client =
                org.springframework.web.reactive.function.client.WebClient.create("http://localhost:" + port);
        for (int round = 0; round < 3; round++) {
            String body = """
                    {"right": "objection", "organisationId": "ecs",
                     "subject": {"name": "Ray Racer", "email": "ray.race%d@example.org"},
                     "details": {"objectionDirectMarketing": true}}""".formatted(round);
            java.util.List<Map<String, Object>> receipts = reactor.core.publisher.Flux.range(0, 4)
                    .flatMap(i -> client.post().uri("/api/v1/requests").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                            .retrieve().bodyToMono(Map.class).map(m -> (Map<String, Object>) m), 4)
                    .collectList().block(Duration.ofSeconds(30));
            java.util.List<Map<String, Object>> firsts = receipts.stream().filter(r -> r.get("duplicateOf") == null).toList();
            assertThat(firsts).as("exactly one of four simultaneous identical requests is the first").hasSize(1);
            Object first = firsts.get(0).get("requestId");
            assertThat(receipts).filteredOn(r -> r != firsts.get(0)).allSatisfy(r -> assertThat(r.get("duplicateOf")).isEqualTo(first));
        }
    }

    @Test
    void duplicateRegisterLetsExactlyOneOfManyConcurrentRegistrationsBeFirst() {
        Instant now = Instant.now();
        java.util.List<java.util.Optional<String>> outcomes = reactor.core.publisher.Flux.range(0, 8)
                .flatMap(i -> duplicates.firstOrRegister("fp-concurrent", "request-" + i, now, now.minus(Duration.ofDays(30)))
                        .subscribeOn(reactor.core.scheduler.Schedulers.parallel()), 8)
                .collectList().block(Duration.ofSeconds(30));
        assertThat(outcomes).filteredOn(java.util.Optional::isEmpty).hasSize(1);
        assertThat(outcomes.stream().flatMap(java.util.Optional::stream).distinct()).hasSize(1);
    }

    @Test
    void afterTheWindowTheNextIdenticalRequestIsFirstAgain() {
        Instant then = Instant.now().minus(Duration.ofDays(40));
        Instant now = Instant.now();
        assertThat(duplicates.firstOrRegister("fp-window", "old", then, then.minus(Duration.ofDays(30))).block()).isEmpty();
        assertThat(duplicates.firstOrRegister("fp-window", "within", then.plusSeconds(60), then.minus(Duration.ofDays(30))).block())
                .contains("old");
        assertThat(duplicates.firstOrRegister("fp-window", "new", now, now.minus(Duration.ofDays(30))).block()).isEmpty();
        assertThat(duplicates.firstOrRegister("fp-window", "newer", now, now.minus(Duration.ofDays(30))).block()).contains("new");
    }

    String codeFor(String email) {
        return outbox.latest(200).block().stream().filter(m -> m.to().equals(email)).findFirst().map(m -> {
            Matcher matcher = Pattern.compile("code is (\\d{6})").matcher(m.text());
            return matcher.find() ? matcher.group(1) : null;
        }).orElse(null);
    }

    /** Status tokens of the requests this test made, which verification needs. */
    final Map<String, String> tokens = new java.util.concurrent.ConcurrentHashMap<>();

    org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec verify(String requestId, String code) {
        return web.post().uri("/api/v1/requests/{id}/verification", requestId).contentType(MediaType.APPLICATION_JSON)
                .header("X-Status-Token", tokens.get(requestId))
                .bodyValue("{\"code\": \"" + code + "\"}").exchange();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> submit(String body, String key) {
        var spec = web.post().uri("/api/v1/requests").contentType(MediaType.APPLICATION_JSON);
        if (key != null) {
            spec = spec.header("Idempotency-Key", key);
        }
        Map<String, Object> receipt = spec.bodyValue(body).exchange().expectStatus().isAccepted().expectBody(Map.class)
                .returnResult().getResponseBody();
        tokens.put((String) receipt.get("requestId"), (String) receipt.get("statusToken"));
        return receipt;
    }
}
