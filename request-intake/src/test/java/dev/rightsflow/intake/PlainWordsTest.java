package dev.rightsflow.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import dev.rightsflow.schemas.CaseClocks;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.CaseClock;
import dev.rightsflow.schemas.avro.CaseOpened;
import dev.rightsflow.schemas.avro.CasePlanned;
import dev.rightsflow.schemas.avro.ControllerResolved;
import dev.rightsflow.schemas.avro.Division;
import dev.rightsflow.schemas.avro.ForwardingHop;
import dev.rightsflow.schemas.avro.PlannedTask;
import dev.rightsflow.schemas.avro.RequestForwarded;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.avro.TaskAction;

/**
 * Words a person understands, through HTTP: the status API names the organisations and systems next to their ids,
 * with dates in words and times on the UK's clock; the relationship values each service accepts are listed in the
 * registry's spelling, and the older documented spelling is stored as the registry's.
 */
class PlainWordsTest extends IntakeIntegrationTest {

    @Test
    void theStatusNamesTheControllerAndSystemsWithDatesInWordsAndKeepsTheIds() throws Exception {
        Map<String, Object> receipt = web.post().uri("/api/v1/requests").contentType(MediaType.APPLICATION_JSON).bodyValue("""
                {"right": "erasure", "organisationId": "mes", "serviceId": "northshire-membership",
                 "subject": {"name": "Jo Member", "email": "jo.words@example.org"}}""")
                .exchange().expectStatus().isAccepted().expectBody(Map.class).returnResult().getResponseBody();
        String requestId = (String) receipt.get("requestId");
        String token = (String) receipt.get("statusToken");
        Instant at = Instant.parse("2026-12-01T00:26:39.941Z");
        LocalDate due = LocalDate.parse("2027-01-04");
        publish(Topics.CASES, ControllerResolved.newBuilder().setEventId(Events.newEventId()).setRequestId(requestId)
                .setOccurredAt(at).setActor(Events.service("router")).setControllerId("northshire-nhs-ft")
                .setServiceId("northshire-membership").setReceivingOrganisationId("mes").setReceiverIsProcessor(true)
                .setRule("the trust controls its membership site").setDivision(Division.ENGLAND_AND_WALES).build());
        publish(Topics.CASES, RequestForwarded.newBuilder().setEventId(Events.newEventId()).setRequestId(requestId)
                .setOccurredAt(at).setActor(Events.service("router")).setMode("PLATFORM")
                .setHop(new ForwardingHop("mes", "northshire-nhs-ft", null, at)).build());
        // the clock the router states with its case events: the status page shows the deadline as stated
        CaseClock clock = CaseClock.newBuilder().setStatus("IN_PROGRESS").setStatutoryDue(due).setMonthOneDue(due)
                .setSteps(List.of("router: 1 month from 1 December 2026, moved off the weekend")).setTargets(List.of()).build();
        publish(Topics.CASES, CaseClocks.with(CaseOpened.newBuilder().setEventId(Events.newEventId()).setRequestId(requestId)
                .setOccurredAt(at).setActor(Events.service("router")).setControllerId("northshire-nhs-ft")
                .setDivision(Division.ENGLAND_AND_WALES).setReceivedAt(at).setClockStartsAt(at)
                .setStatutoryDeadline(due).setAwaitingDecision(false).build(), clock));
        publish(Topics.CASES, CaseClocks.with(CasePlanned.newBuilder().setEventId(Events.newEventId()).setRequestId(requestId)
                .setOccurredAt(at).setActor(Events.service("router"))
                .setTasks(List.of(
                        PlannedTask.newBuilder().setTaskId(Events.derivedId(requestId, "engage")).setSystemId("engage-membership-database")
                                .setAction(TaskAction.ERASE).setConnector("generic-rest").build(),
                        PlannedTask.newBuilder().setTaskId(Events.derivedId(requestId, "ers")).setSystemId("recipient:ers-elections")
                                .setAction(TaskAction.NOTIFY_RECIPIENT).setConnector("manual").build()))
                .setExemptions(List.of()).setSignposts(List.of()).build(), clock));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> web.get().uri("/api/v1/requests/{id}", requestId)
                .header("X-Status-Token", token).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.controllerId").isEqualTo("northshire-nhs-ft")
                .jsonPath("$.controllerName").isEqualTo("Northshire Hospitals NHS Foundation Trust")
                .jsonPath("$.organisationId").isEqualTo("mes")
                .jsonPath("$.organisationName").isEqualTo("Membership Engagement Services Ltd (MES)")
                .jsonPath("$.tasks[0].system").isEqualTo("engage-membership-database")
                .jsonPath("$.tasks[0].systemName").isEqualTo("Engage membership database (run by MES)")
                .jsonPath("$.tasks[1].system").isEqualTo("recipient:ers-elections")
                .jsonPath("$.tasks[1].systemName").isEqualTo("Electoral Reform Services (governor elections)")
                .jsonPath("$.deadline").isEqualTo("2027-01-04")
                .jsonPath("$.deadlineDateWords").isEqualTo("Monday 4 January 2027")
                .jsonPath("$.deadlineWords").value(w -> assertThat((String) w).contains("must answer by Monday 4 January 2027"))
                .jsonPath("$.history[?(@.words =~ /.*passed to.*/)].words").value(w -> assertThat(w.toString())
                        .contains("Your request was passed to Northshire Hospitals NHS Foundation Trust, which decides")
                        .doesNotContain("passed to northshire-nhs-ft"))
                .jsonPath("$.history[?(@.words =~ /.*case is open.*/)].words").value(w -> assertThat(w.toString())
                        .contains("must answer by Monday 4 January 2027"))
                .jsonPath("$.history[?(@.at == '2026-12-01T00:26:39.941Z')].atWords").value(w -> assertThat(w.toString())
                        .contains("Tuesday 1 December 2026 at 00:26 GMT")));
    }

    @Test
    void eachServicesRelationshipsAreListedInTheRegistrysSpellingAndTheOlderSpellingIsStoredAsTheRegistrys() throws Exception {
        web.get().uri("/api/v1/organisations").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.id == 'rip')].services[0].relationships[*].value").value(v -> assertThat(v.toString())
                        .contains("public-account", "individual-subscriber", "partner-member:camden", "partner-member:leeds"))
                .jsonPath("$[?(@.id == 'rip')].services[0].relationships[?(@.value == 'partner-member:camden')].words")
                .value(v -> assertThat(v.toString()).contains("Partner member: London Borough of Camden"))
                .jsonPath("$[?(@.id == 'rip')].services[0].relationships[?(@.value == 'partner-member:camden')].controllerId")
                .value(v -> assertThat(v.toString()).contains("partner-camden"));

        Map<String, Object> receipt = web.post().uri("/api/v1/requests").contentType(MediaType.APPLICATION_JSON).bodyValue("""
                {"right": "erasure", "organisationId": "rip", "serviceId": "rip-website", "relationship": "PARTNER_MEMBER:Camden",
                 "subject": {"name": "Pat Partner", "email": "pat.partner@example.org"}}""")
                .exchange().expectStatus().isAccepted().expectBody(Map.class).returnResult().getResponseBody();
        RequestReceived received = (RequestReceived) eventsOf(Topics.REQUESTS, (String) receipt.get("requestId")).get(0);
        assertThat(received.getRelationship()).isEqualTo("partner-member:camden");
    }

    @Test
    void theFormOffersTheRelationshipsOfEachServiceAsChoices() {
        String html = web.get().uri("/requests/new?organisationId=rip").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(html).contains("<select id=\"relationship\" name=\"relationship\">")
                .contains("<optgroup label=\"Research in Practice website, events and learning\">")
                .contains("<option value=\"partner-member:camden\" >Partner member: London Borough of Camden (Research in Practice Partner)</option>")
                .contains("<option value=\"public-account\" >Public account</option>");
        assertThat(web.get().uri("/requests/new?organisationId=ecs").exchange().expectBody(String.class).returnResult()
                .getResponseBody()).as("a service that tells no relationships apart asks nothing").doesNotContain("name=\"relationship\"");
    }
}
