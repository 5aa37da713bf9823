package dev.rightsflow.router;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.rightsflow.router.forwarding.http.SignedForwarder;
import dev.rightsflow.router.registry.model.ForwardingMode;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.Actor;
import dev.rightsflow.schemas.avro.ActorType;
import dev.rightsflow.schemas.avro.CaseOpened;
import dev.rightsflow.schemas.avro.CasePlanned;
import dev.rightsflow.schemas.avro.CaseReadyToAnswer;
import dev.rightsflow.schemas.avro.ControllerResolved;
import dev.rightsflow.schemas.avro.RequestAccepted;
import dev.rightsflow.schemas.avro.RequestForwarded;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.avro.ResolveTriage;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.TaskCompleted;
import dev.rightsflow.schemas.avro.TaskDispatched;
import dev.rightsflow.schemas.avro.TriageRequired;
import dev.rightsflow.schemas.testing.SampleEvents;

/**
 * The main flow through a real Kafka broker and the real MongoDB driver: tenant forwarding,
 * triage, a signed call to an external controller (a local WireMock stub), and the admin API's
 * problem responses.
 */
class RouterFlowTest extends RouterKafkaTest {

    @BeforeAll
    static void stubRiverside() {
        controllerStub.stubFor(post(urlEqualTo("/riverside/dsr/requests")).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody("{\"reference\":\"RIV-2026-0042\"}")));
    }

    @Test
    void erasureSentToMesForATrustSiteIsForwardedPlannedDispatchedAndReadyWhenAllTasksComplete() throws Exception {
        String requestId = "req-e2e-1";
        template.send(Topics.REQUESTS, requestId,
                SampleEvents.requestReceived(requestId, Right.ERASURE, "mes", "northshire-membership")).get();

        ControllerResolved resolved = awaitOne(Topics.CASES, requestId, ControllerResolved.class);
        assertThat(resolved.getControllerId()).isEqualTo("northshire-nhs-ft");
        assertThat(resolved.getReceiverIsProcessor()).isTrue();
        assertThat(resolved.getRule()).contains("processor");
        RequestForwarded forwarded = awaitOne(Topics.CASES, requestId, RequestForwarded.class);
        assertThat(forwarded.getMode()).isEqualTo("TENANT");
        assertThat(forwarded.getHop().getFromOrganisationId()).isEqualTo("mes");
        CaseOpened opened = awaitOne(Topics.CASES, requestId, CaseOpened.class);
        assertThat(opened.getReceivedAt()).isEqualTo(SampleEvents.requestReceived(requestId, Right.ERASURE, "mes",
                "northshire-membership").getReceivedAt());
        assertThat(opened.getStatutoryDeadline()).isEqualTo(java.time.LocalDate.of(2026, 10, 5));
        awaitOne(Topics.CASES, requestId, RequestAccepted.class);
        CasePlanned planned = awaitOne(Topics.CASES, requestId, CasePlanned.class);
        assertThat(planned.getExemptions()).anySatisfy(e -> assertThat(e.getLegalBasis()).contains("Art 17(3)(b)"));

        List<TaskDispatched> dispatched = await().atMost(Duration.ofSeconds(30)).until(
                () -> events(Topics.TASKS, requestId, TaskDispatched.class), l -> l.size() == planned.getTasks().size());
        assertThat(dispatched).extracting(TaskDispatched::getConnector).contains("manual", "generic-rest");
        assertThat(dispatched).extracting(TaskDispatched::getControllerId).containsOnly("northshire-nhs-ft");
        assertThat(dispatched).allSatisfy(t -> assertThat(t.getTaskId())
                .isEqualTo(Events.derivedId(requestId, t.getSystemId(), t.getAction().name())));

        for (int i = 0; i < dispatched.size(); i++) {
            TaskDispatched t = dispatched.get(i);
            assertThat(events(Topics.CASES, requestId, CaseReadyToAnswer.class)).as("ready before all completed")
                    .isEmpty();
            template.send(Topics.TASK_RESULTS, requestId, TaskCompleted.newBuilder()
                    .setEventId(Events.derivedId(t.getTaskId(), "done")).setRequestId(requestId)
                    .setOccurredAt(routerClock.instant()).setActor(new Actor(ActorType.SYSTEM, "connectors", null))
                    .setTaskId(t.getTaskId()).setSystemId(t.getSystemId()).setAction(t.getAction())
                    .setSubjectFound(true).setSummary("done").build()).get();
            if (i < dispatched.size() - 1) {
                String taskId = t.getTaskId();
                await().atMost(Duration.ofSeconds(20)).until(() -> caseView(requestId).contains(taskId + "\",\"systemId"));
            }
        }
        awaitOne(Topics.CASES, requestId, CaseReadyToAnswer.class);
        web.get().uri("/api/v1/router/cases/{id}", requestId).header("Authorization", "Bearer test-admin").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("READY_TO_ANSWER");
    }

    @Test
    void ripRequestWithoutRelationshipWaitsInTriageUntilStaffResolveIt() throws Exception {
        String requestId = "req-triage-1";
        template.send(Topics.REQUESTS, requestId,
                SampleEvents.requestReceived(requestId, Right.ACCESS, "rip", "rip-website")).get();
        TriageRequired triage = awaitOne(Topics.CASES, requestId, TriageRequired.class);
        assertThat(triage.getCandidateControllerIds()).contains("rip", "partner-camden");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> web.get().uri("/api/v1/router/triage")
                .header("Authorization", "Bearer test-admin").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.requestId == 'req-triage-1')].candidateControllerIds[0]").exists());
        web.get().uri("/api/v1/router/triage").exchange().expectStatus().isUnauthorized();

        template.send(Topics.CASE_COMMANDS, requestId, ResolveTriage.newBuilder().setEventId("cmd-triage-1")
                .setRequestId(requestId).setOccurredAt(routerClock.instant())
                .setActor(Events.staff("dpo", "rip")).setControllerId("partner-camden").setServiceId("rip-website")
                .setNote("Link Officer confirmed membership").build()).get();
        ControllerResolved resolved = awaitOne(Topics.CASES, requestId, ControllerResolved.class);
        assertThat(resolved.getControllerId()).isEqualTo("partner-camden");
        assertThat(resolved.getRule()).contains("triage").contains("dpo");
        awaitOne(Topics.CASES, requestId, CaseOpened.class);
    }

    @Test
    void mailWhoseSubjectNamesNoRightWaitsInTriageUntilStaffChooseTheRightThenIsPlannedForIt() throws Exception {
        String requestId = "req-mail-unknown-right";
        RequestReceived base = SampleEvents.requestReceived(requestId, Right.UNKNOWN, "me-group-25", null);
        template.send(Topics.REQUESTS, requestId, RequestReceived.newBuilder(base)
                .setChannel(dev.rightsflow.schemas.avro.Channel.EMAIL).build()).get();

        TriageRequired triage = awaitOne(Topics.CASES, requestId, TriageRequired.class);
        assertThat(triage.getReason()).contains("does not say which right");
        assertThat(triage.getCandidateControllerIds()).containsExactly("me-group-25");

        // a resolution that does not choose the right is refused with the reason, and nothing is resolved
        template.send(Topics.CASE_COMMANDS, requestId, ResolveTriage.newBuilder().setEventId("cmd-mail-triage-1")
                .setRequestId(requestId).setOccurredAt(routerClock.instant())
                .setActor(Events.staff("secretary", "me-group-25")).setControllerId("me-group-25")
                .setNote("the sender is a member").build()).get();
        assertThat(awaitOne(Topics.CASES, requestId, dev.rightsflow.schemas.avro.CommandRejected.class).getReason())
                .contains("choose the right");
        assertThat(events(Topics.CASES, requestId, ControllerResolved.class)).isEmpty();

        template.send(Topics.CASE_COMMANDS, requestId, ResolveTriage.newBuilder().setEventId("cmd-mail-triage-2")
                .setRequestId(requestId).setOccurredAt(routerClock.instant())
                .setActor(Events.staff("secretary", "me-group-25")).setControllerId("me-group-25")
                .setServiceId("me-group-membership").setRight(Right.ERASURE)
                .setNote("the mail asks to delete the member's records").build()).get();
        ControllerResolved resolved = awaitOne(Topics.CASES, requestId, ControllerResolved.class);
        assertThat(resolved.getRight()).isEqualTo(Right.ERASURE);
        awaitOne(Topics.CASES, requestId, CasePlanned.class);
        List<TaskDispatched> tasks = events(Topics.TASKS, requestId, TaskDispatched.class);
        assertThat(tasks).isNotEmpty().allSatisfy(t -> assertThat(t.getRight()).isEqualTo(Right.ERASURE));
        assertThat(tasks).extracting(t -> t.getAction().name()).contains("ERASE");
        awaitCase(requestId, json -> json.jsonPath("$.right").isEqualTo("ERASURE"));
    }

    @Test
    void openDsrRequestIdentifiedOnlyByIdentitiesRipCannotMatchGoesToTriageThenEveryTaskIsByHand() throws Exception {
        String requestId = "req-unmatched-1";
        RequestReceived base = SampleEvents.requestReceived(requestId, Right.ERASURE, "rip", "rip-website");
        template.send(Topics.REQUESTS, requestId, RequestReceived.newBuilder(base).setRelationship("public-account")
                .setChannel(dev.rightsflow.schemas.avro.Channel.OPENDSR)
                .setSubject(dev.rightsflow.schemas.avro.Subject.newBuilder().setName("Not given (OpenDSR request)")
                        .setEmail("").setIdentifiers(java.util.Map.of(
                                "opendsr:android_advertising_id", "38400000-8cf0-11bd-b23e-10b96e40000d",
                                "opendsr:email:sha256", "a".repeat(64))).build())
                .build()).get();

        TriageRequired triage = awaitOne(Topics.CASES, requestId, TriageRequired.class);
        assertThat(triage.getReason()).contains("android_advertising_id; email as a sha256 digest")
                .contains("cannot match").doesNotContain("38400000").doesNotContain("aaaa");
        assertThat(triage.getCandidateControllerIds()).containsExactly("rip");
        assertThat(events(Topics.CASES, requestId, ControllerResolved.class)).isEmpty();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> web.get().uri("/api/v1/router/triage")
                .header("Authorization", "Bearer test-admin").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.requestId == 'req-unmatched-1')].reason").value(reasons ->
                        assertThat(reasons.toString()).contains("android_advertising_id")));

        template.send(Topics.CASE_COMMANDS, requestId, ResolveTriage.newBuilder().setEventId("cmd-unmatched-1")
                .setRequestId(requestId).setOccurredAt(routerClock.instant()).setActor(Events.staff("dpo", "rip"))
                .setControllerId("rip").setServiceId("rip-website")
                .setNote("matched by the advertising id in the app's records").build()).get();
        assertThat(awaitOne(Topics.CASES, requestId, ControllerResolved.class).getControllerId()).isEqualTo("rip");
        CasePlanned planned = awaitOne(Topics.CASES, requestId, CasePlanned.class);
        List<TaskDispatched> dispatched = await().atMost(Duration.ofSeconds(30)).until(
                () -> events(Topics.TASKS, requestId, TaskDispatched.class), l -> l.size() == planned.getTasks().size());
        assertThat(dispatched).isNotEmpty().allSatisfy(t -> {
            assertThat(t.getConnector()).isEqualTo("manual");
            assertThat(t.getConnectorConfig().get("instructions")).contains("cannot match");
        });
    }

    @Test
    void requestForAnExternalTrustIsForwardedOverASignedCallAndMesSeesItsStatus() throws Exception {
        pointAtStub("riverside-nhs-ft", ForwardingMode.SIGNED_HTTP, "/riverside/dsr/requests",
                "RIVERSIDE_FORWARDING_KEY");

        String requestId = "req-external-1";
        template.send(Topics.REQUESTS, requestId,
                SampleEvents.requestReceived(requestId, Right.ERASURE, "mes", "riverside-membership")).get();
        RequestForwarded forwarded = awaitOne(Topics.CASES, requestId, RequestForwarded.class);
        assertThat(forwarded.getMode()).isEqualTo("SIGNED_HTTP");
        assertThat(forwarded.getControllerReference()).isEqualTo("RIV-2026-0042");

        List<LoggedRequest> calls = controllerStub.findAll(postRequestedFor(urlEqualTo("/riverside/dsr/requests")));
        assertThat(calls).hasSize(1);
        LoggedRequest call = calls.get(0);
        String expected = "sha256=" + SignedForwarder.sign("riverside-test-key",
                call.getHeader(SignedForwarder.TIMESTAMP_HEADER) + "." + call.getBodyAsString());
        assertThat(call.getHeader(SignedForwarder.SIGNATURE_HEADER)).isEqualTo(expected);
        assertThat(call.getBodyAsString()).contains("\"subject_request_type\":\"erasure\"");
        assertThat(events(Topics.CASES, requestId, CaseOpened.class)).isEmpty();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> web.get()
                .uri("/api/v1/router/forwarded?organisation=mes").header("Authorization", "Bearer mes-test-token").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.requestId == 'req-external-1')].status").isEqualTo(List.of("FORWARDED_EXTERNALLY")));
        web.get().uri("/api/v1/router/forwarded?organisation=mes").header("Authorization", "Bearer wrong").exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void invalidRegistryEditGetsAProblemListingEveryFieldAndPublishesNothing() {
        web.put().uri("/api/v1/registry/organisations/bad-org").header("Authorization", "Bearer test-admin")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"id\":\"bad-org\",\"name\":\"\",\"systems\":[{\"id\":\"x\",\"name\":\"X\","
                        + "\"connector\":\"ftp\",\"config\":{\"apiKey\":\"s3cret\"},\"actions\":[\"ERASE\"]}]}")
                .exchange().expectStatus().isEqualTo(422)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[?(@.field == 'name')]").exists()
                .jsonPath("$.errors[?(@.field == 'division')]").exists()
                .jsonPath("$.errors[?(@.field == 'systems[0].connector')]").exists()
                .jsonPath("$.errors[?(@.field == 'systems[0].config.apiKey')]").exists();
        assertThat(registry.entry("bad-org")).isEmpty();
        web.put().uri("/api/v1/registry/organisations/bad-org").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}").exchange().expectStatus().isUnauthorized();
    }
}
