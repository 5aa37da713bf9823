package dev.rightsflow.intake;

import static dev.rightsflow.deadline.UkTime.UK;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;

import dev.rightsflow.intake.request.model.Hashing;
import dev.rightsflow.schemas.CaseClocks;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import com.mongodb.reactivestreams.client.MongoDatabase;

import dev.rightsflow.schemas.avro.CaseOpened;
import dev.rightsflow.schemas.avro.CaseReadyToAnswer;
import dev.rightsflow.schemas.avro.RequestAccepted;
import dev.rightsflow.schemas.avro.OrganisationPublished;
import dev.rightsflow.schemas.avro.ServiceRef;
import dev.rightsflow.schemas.avro.CasePlanned;
import dev.rightsflow.schemas.avro.CaseClock;
import dev.rightsflow.schemas.avro.ClockPaused;
import dev.rightsflow.schemas.avro.ClockResumed;
import dev.rightsflow.schemas.avro.DeadlineExtended;
import dev.rightsflow.schemas.avro.ControllerResolved;
import dev.rightsflow.schemas.avro.Division;
import dev.rightsflow.schemas.avro.PlannedTask;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.avro.AccessPackageReady;
import dev.rightsflow.schemas.avro.TaskAction;
import dev.rightsflow.schemas.avro.TaskCompleted;
import dev.rightsflow.schemas.avro.Channel;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.VerificationMethod;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class CitizenRequestTest extends IntakeIntegrationTest {

    @Autowired
    @Qualifier("intakeMongoDatabase")
    MongoDatabase mongo;

    @Autowired
    dev.rightsflow.intake.status.application.StatusStore statuses;

    static final String ERASURE_TO_MES = """
            {"right": "erasure", "organisationId": "mes", "serviceId": "mes-corporate-website",
             "subject": {"name": "Alex Example", "email": "alex.erasure@example.org",
                         "identifiers": {"membershipNumber": "M-1001"}}}""";

    @Test
    void erasureRequestIsAcknowledgedOnlyAfterItIsOnTheRequestsTopic() {
        Map<String, Object> receipt = submit(ERASURE_TO_MES);
        String requestId = (String) receipt.get("requestId");
        String token = (String) receipt.get("statusToken");

        assertThat(receipt.get("statusUrl")).isEqualTo("/api/v1/requests/" + requestId);
        assertThat(receipt.get("verification")).isEqualTo("NONE");
        Instant receivedAt = Instant.parse((String) receipt.get("receivedAt"));
        LocalDate provisional = LocalDate.parse((String) receipt.get("provisionalDeadline"));
        assertThat(provisional).isAfter(receivedAt.atZone(UK).toLocalDate().plusDays(27));

        List<?> events = eventsOf(Topics.REQUESTS, requestId);
        assertThat(events).hasSize(1);
        RequestReceived received = (RequestReceived) events.get(0);
        assertThat(received.getRight()).isEqualTo(Right.ERASURE);
        assertThat(received.getChannel()).isEqualTo(Channel.API);
        assertThat(received.getOrganisationId()).isEqualTo("mes");
        assertThat(received.getServiceId()).isEqualTo("mes-corporate-website");
        assertThat(received.getSubject().getIdentifiers()).containsEntry("membershipNumber", "M-1001");
        assertThat(received.getVerification()).isEqualTo(VerificationMethod.NONE);
        assertThat(received.getProvisionalDeadline()).isEqualTo(provisional);
        assertThat(received.getStatusTokenHash()).isEqualTo(Hashing.sha256Hex(token)).isNotEqualTo(token);
        assertThat(received.getEventId()).isEqualTo(Events.derivedId("request-received", requestId));
    }

    @Test
    void statusNeedsTheTokenAndFollowsTheCaseThroughTheTopics() throws Exception {
        Map<String, Object> receipt = submit(ERASURE_TO_MES.replace("alex.erasure", "sam.status"));
        String requestId = (String) receipt.get("requestId");
        String token = (String) receipt.get("statusToken");

        web.get().uri("/api/v1/requests/{id}", requestId).exchange().expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.get().uri("/api/v1/requests/{id}", requestId).header("X-Status-Token", "wrong").exchange()
                .expectStatus().isNotFound();
        web.get().uri("/api/v1/requests/{id}", requestId).header("X-Status-Token", token).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.state").isEqualTo("RECEIVED")
                .jsonPath("$.right").isEqualTo("ERASURE")
                .jsonPath("$.deadline").isEqualTo(receipt.get("provisionalDeadline"));

        Instant now = Instant.now();
        LocalDate due = LocalDate.parse((String) receipt.get("provisionalDeadline"));
        publish(Topics.CASES, ControllerResolved.newBuilder().setEventId(Events.newEventId()).setRequestId(requestId)
                .setOccurredAt(now).setActor(Events.service("router")).setControllerId("mes").setServiceId("mes-corporate-website")
                .setReceivingOrganisationId("mes").setReceiverIsProcessor(false).setRule("MES controls its own website")
                .setDivision(Division.ENGLAND_AND_WALES).build());
        publish(Topics.CASES, CaseOpened.newBuilder().setEventId(Events.newEventId()).setRequestId(requestId)
                .setOccurredAt(now).setActor(Events.service("router")).setControllerId("mes")
                .setDivision(Division.ENGLAND_AND_WALES).setReceivedAt(now).setClockStartsAt(now)
                .setStatutoryDeadline(due).setAwaitingDecision(false).build());
        String taskId = Events.derivedId(requestId, "mailchimp", "ERASE");
        publish(Topics.CASES, CasePlanned.newBuilder().setEventId(Events.newEventId()).setRequestId(requestId)
                .setOccurredAt(now).setActor(Events.service("router"))
                .setTasks(List.of(PlannedTask.newBuilder().setTaskId(taskId).setSystemId("mailchimp")
                        .setAction(TaskAction.ERASE).setConnector("http").build()))
                .setExemptions(List.of()).setSignposts(List.of()).build());
        publish(Topics.TASK_RESULTS, TaskCompleted.newBuilder().setEventId(Events.newEventId()).setRequestId(requestId)
                .setOccurredAt(now).setActor(Events.service("connectors")).setTaskId(taskId).setSystemId("mailchimp")
                .setAction(TaskAction.ERASE).setSubjectFound(true).setSummary("1 contact deleted").build());

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> web.get().uri("/api/v1/requests/{id}", requestId)
                .header("X-Status-Token", token).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.controllerId").isEqualTo("mes")
                .jsonPath("$.tasks[0].system").isEqualTo("mailchimp")
                .jsonPath("$.tasks[0].action").isEqualTo("Erase your data")
                .jsonPath("$.tasks[0].outcome").isEqualTo("Done: 1 contact deleted"));

        publish(Topics.CASES, ClockPaused.newBuilder().setEventId(Events.newEventId()).setRequestId(requestId)
                .setOccurredAt(now).setActor(Events.staff("dpo", "mes")).setReason("which website account?")
                .setPausedAt(now).build());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> web.get().uri("/api/v1/requests/{id}", requestId)
                .header("X-Status-Token", token).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.state").isEqualTo("PAUSED")
                .jsonPath("$.paused").isEqualTo(true)
                .jsonPath("$.deadline").doesNotExist());

        // the router's events carry the deadline as it stands: the status page shows it as stated
        LocalDate resumedDue = due.plusDays(7);
        publish(Topics.CASES, CaseClocks.with(ClockResumed.newBuilder().setEventId(Events.newEventId())
                .setRequestId(requestId).setOccurredAt(now).setActor(Events.staff("dpo", "mes")).setResumedAt(now)
                .build(), CaseClock.newBuilder().setStatus("IN_PROGRESS").setStatutoryDue(resumedDue)
                        .setMonthOneDue(resumedDue).setSteps(List.of("router: 7 days added")).setTargets(List.of()).build()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> web.get().uri("/api/v1/requests/{id}", requestId)
                .header("X-Status-Token", token).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.paused").isEqualTo(false)
                .jsonPath("$.deadline").isEqualTo(resumedDue.toString())
                .jsonPath("$.deadlineSteps").isEqualTo(List.of("router: 7 days added")));
        LocalDate extendedDue = resumedDue.plusMonths(2);
        publish(Topics.CASES, CaseClocks.with(DeadlineExtended.newBuilder().setEventId(Events.newEventId())
                .setRequestId(requestId).setOccurredAt(now).setActor(Events.staff("dpo", "mes")).setReason("complex")
                .setNewDeadline(extendedDue).build(), CaseClock.newBuilder().setStatus("IN_PROGRESS")
                        .setStatutoryDue(extendedDue).setMonthOneDue(resumedDue).setExtended(true)
                        .setSteps(List.of("router: extended")).setTargets(List.of()).build()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> web.get().uri("/api/v1/requests/{id}", requestId)
                .header("X-Status-Token", token).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.extended").isEqualTo(true)
                .jsonPath("$.deadline").isEqualTo(extendedDue.toString())
                .jsonPath("$.deadlineSteps").isEqualTo(List.of("router: extended")));

        publish(Topics.TASK_RESULTS, AccessPackageReady.newBuilder().setEventId(Events.newEventId()).setRequestId(requestId)
                .setOccurredAt(now).setActor(Events.service("connectors")).setPackageId("pkg-1")
                .setSystems(List.of("mailchimp")).setExpiresAt(now.plus(Duration.ofDays(30))).build());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> web.get().uri("/api/v1/requests/{id}", requestId)
                .header("X-Status-Token", token).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.accessPackageUrl").isEqualTo("/api/v1/packages/pkg-1"));
    }

    @Test
    void invalidRequestIsRefusedWithEveryBadFieldAndNothingIsPublished() {
        long before = countRequestsTopic();
        web.post().uri("/api/v1/requests").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"right": "rectification", "organisationId": "nobody",
                         "subject": {"name": "", "email": "not-an-email"}}""")
                .exchange().expectStatus().isEqualTo(422)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[?(@.field == 'subject.email')]").exists()
                .jsonPath("$.errors[?(@.field == 'subject.name')]").exists()
                .jsonPath("$.errors[?(@.field == 'details.rectificationCorrection')]").exists();
        web.post().uri("/api/v1/requests").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"right": "rectification", "organisationId": "nobody",
                         "subject": {"name": "Alex", "email": "alex@example.org"}}""")
                .exchange().expectStatus().isEqualTo(422).expectBody()
                .jsonPath("$.errors[?(@.field == 'organisationId')]").exists()
                .jsonPath("$.errors[?(@.field == 'details.rectificationWhatIsWrong')]").exists()
                .jsonPath("$.errors[?(@.field == 'details.rectificationCorrection')]").exists();
        web.post().uri("/api/v1/requests").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"right": "portability", "organisationId": "me-group-25", "serviceId": "no-such-service",
                         "subject": {"name": "Alex", "email": "alex@example.org"}}""")
                .exchange().expectStatus().isEqualTo(422).expectBody()
                .jsonPath("$.errors[?(@.field == 'serviceId')].message").value(m -> assertThat(m.toString())
                        .contains("organisation me-group-25 has no service with this id"));
        assertThat(countRequestsTopic()).isEqualTo(before);
    }

    @Test
    void malformedOversizedAndWrongTypeBodiesGetProblemJson() {
        web.post().uri("/api/v1/requests").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"right\": ")
                .exchange().expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://rightsflow.dev/problems/malformed-request")
                .jsonPath("$.title").isEqualTo("Malformed request").jsonPath("$.instance").isEqualTo("/api/v1/requests");
        web.post().uri("/api/v1/requests").contentType(MediaType.TEXT_PLAIN).bodyValue(ERASURE_TO_MES)
                .exchange().expectStatus().isEqualTo(415).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        String huge = ERASURE_TO_MES.replace("\"right\"", "\"padding\": \"" + "x".repeat(20_000) + "\", \"right\"");
        web.post().uri("/api/v1/requests").contentType(MediaType.APPLICATION_JSON).bodyValue(huge)
                .exchange().expectStatus().isEqualTo(413).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    /**
     * The API conventions on intake (README "API conventions"): an unknown API path is 404 and a wrong method 405,
     * both problem+json of the one vocabulary; 422 lists the fields at fault under {@code errors[{field, message}]};
     * the legacy {@code /intake/rebuild} answers as its successor (here its challenge) with {@code Deprecation}.
     */
    @Test
    void errorsAreProblemsOfTheOneVocabularyAndTheLegacyPathStillAnswers() {
        web.get().uri("/api/v1/no-such-thing").exchange().expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON).expectBody()
                .jsonPath("$.type").isEqualTo("https://rightsflow.dev/problems/not-found").jsonPath("$.status").isEqualTo(404)
                .jsonPath("$.instance").isEqualTo("/api/v1/no-such-thing");
        web.delete().uri("/api/v1/organisations").exchange().expectStatus().isEqualTo(405)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON).expectBody()
                .jsonPath("$.type").isEqualTo("https://rightsflow.dev/problems/method-not-allowed")
                .jsonPath("$.title").isEqualTo("Method not allowed");
        web.post().uri("/api/v1/requests").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"right\": \"erasure\", \"organisationId\": \"mes\", \"subject\": {\"name\": \"Alex\", \"email\": \"x\"}}")
                .exchange().expectStatus().isEqualTo(422).expectBody()
                .jsonPath("$.type").isEqualTo("https://rightsflow.dev/problems/invalid-request")
                .jsonPath("$.title").isEqualTo("Invalid request")
                .jsonPath("$.errors[0].field").isEqualTo("subject.email").jsonPath("$.errors[0].message").isNotEmpty();
        web.post().uri("/intake/rebuild").exchange().expectStatus().isUnauthorized()
                .expectHeader().valueEquals("Deprecation", "true")
                .expectHeader().valueEquals("Link", "</api/v1/intake/rebuild>; rel=\"successor-version\"")
                .expectHeader().exists("WWW-Authenticate");
    }

    @Test
    void organisationsForFormsComeFromTheRegistryTopic() {
        web.get().uri("/api/v1/organisations").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.id == 'me-group-25')].division").isEqualTo("SCOTLAND")
                .jsonPath("$[?(@.id == 'empower')].verification.ACCESS").isEqualTo("DOCUMENTARY")
                .jsonPath("$[?(@.id == 'mes')].services[*].id").value(ids -> assertThat(ids.toString()).contains("mes-corporate-website"));
    }

    /**
     * The registry the request path checks is kept in memory: a change on the REGISTRY topic is in force for the
     * next request without a restart (and taken back the same way), and with intake's stored copy of the registry
     * emptied behind its back requests are still checked against it, so no request reads that collection.
     */
    @Test
    void registryChangeReachesTheRequestPathWithoutARestartOrAStoredRegistryRead() throws Exception {
        OrganisationPublished seed = SeedRegistry.all().stream()
                .filter(o -> o.getOrganisationId().equals("staffordshire-cc")).findFirst().orElseThrow();
        String request = """
                {"right": "erasure", "organisationId": "staffordshire-cc", "serviceId": "registry-change-check",
                 "subject": {"name": "Ray Registry", "email": "ray.registry@example.org"}}""";
        web.post().uri("/api/v1/requests").contentType(MediaType.APPLICATION_JSON).bodyValue(request).exchange()
                .expectStatus().isEqualTo(422);
        List<ServiceRef> withNewService = new ArrayList<>(seed.getServices());
        withNewService.add(ServiceRef.newBuilder().setServiceId("registry-change-check").setName("Registry change check")
                .setControllerId("staffordshire-cc").setProcessorIds(List.of()).build());
        publish(OrganisationPublished.newBuilder(seed).setVersion(seed.getVersion() + 1).setServices(withNewService).build());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> web.post().uri("/api/v1/requests")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(request).exchange().expectStatus().isAccepted());

        var stored = mongo.getCollection("organisations");
        List<Document> copy = Flux.from(stored.find()).collectList().block(Duration.ofSeconds(10));
        Mono.from(stored.deleteMany(new Document())).block(Duration.ofSeconds(10));
        try {
            web.post().uri("/api/v1/requests").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(request.replace("ray.registry", "ray.registry.again")).exchange().expectStatus().isAccepted();
            web.post().uri("/api/v1/requests").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(request.replace("registry-change-check", "no-such-service")).exchange().expectStatus().isEqualTo(422);
        } finally {
            Flux.from(stored.insertMany(copy)).blockLast(Duration.ofSeconds(10));
        }

        publish(OrganisationPublished.newBuilder(seed).setVersion(seed.getVersion() + 2).build());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> web.post().uri("/api/v1/requests")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(request.replace("ray.registry", "ray.registry.gone"))
                .exchange().expectStatus().isEqualTo(422));
    }

    private void publish(OrganisationPublished organisation) throws Exception {
        kafka.send(Topics.REGISTRY, organisation.getOrganisationId(), organisation).get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void statusSurvivesARebuildFromTheTopics() {
        Map<String, Object> receipt = submit(ERASURE_TO_MES.replace("alex.erasure", "robin.rebuild"));
        String requestId = (String) receipt.get("requestId");
        web.post().uri("/api/v1/intake/rebuild").exchange().expectStatus().isUnauthorized()
                .expectHeader().exists("WWW-Authenticate");
        web.post().uri("/api/v1/intake/rebuild").header("Authorization", "Bearer intake-test-operator-token").exchange()
                .expectStatus().isAccepted();
        // intake folds its topics again (answering 503 with Retry-After meanwhile), then answers as before
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> web.get()
                .uri("/api/v1/requests/{id}", requestId).header("X-Status-Token", (String) receipt.get("statusToken"))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.requestId").isEqualTo(requestId));
        web.get().uri("/api/v1/organisations").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(SeedRegistry.all().size());
    }

    long countRequestsTopic() {
        long[] count = {0};
        dev.rightsflow.schemas.kafka.TopicReplay.replay(kafkaSettings, List.of(Topics.REQUESTS), r -> count[0]++);
        return count[0];
    }

    @SuppressWarnings("unchecked")
    @Test
    void aStatusEventThatCannotBeFoldedIsRetriedThenDeadLetteredAndThoseAroundItAreFoldedOnce() throws Exception {
        Map<String, Object> receipt = submit(ERASURE_TO_MES.replace("alex.erasure", "bo.batch"));
        String requestId = (String) receipt.get("requestId");
        // a request whose stored status cannot be read: every fold of its events fails, as with a corrupt document
        String broken = "req-unreadable-" + java.util.UUID.randomUUID();
        Mono.from(mongo.getCollection("request_status").insertOne(new Document("_id", broken).append("version", 1L)
                .append("status", "not a status"))).block();

        Instant now = Instant.now();
        List<java.util.concurrent.CompletableFuture<?>> sent = new ArrayList<>();
        // one partition, sent together: they reach the status listener in this order, in as few polls as it takes
        for (String id : List.of(requestId, broken, requestId)) {
            boolean last = sent.size() == 2;
            sent.add(kafka.send(Topics.CASES, id, last
                    ? new CaseReadyToAnswer(Events.derivedId("ready", id), id, now, Events.service("router"), "all erased", null)
                    : new RequestAccepted(Events.derivedId("accepted", id), id, now, Events.service("router"), "erasure", null)));
        }
        for (var send : sent) {
            send.get(10, java.util.concurrent.TimeUnit.SECONDS);
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                statuses.find(requestId).block().orElseThrow().appliedEventIds()).as("the events around the broken one")
                .containsExactly(Events.derivedId("request-received", requestId), Events.derivedId("accepted", requestId),
                        Events.derivedId("ready", requestId)));
        // retried (4 attempts, back-off from 200 ms), then dead-lettered once, before the event after it was folded
        assertThat(eventsOf(Topics.DLT_INTAKE, broken)).as("dead letters of the broken request's event")
                .extracting(Events::eventId).containsExactly(Events.derivedId("accepted", broken));
    }

    Map<String, Object> submit(String body) {
        return web.post().uri("/api/v1/requests").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isAccepted().expectBody(Map.class).returnResult().getResponseBody();
    }
}
