package dev.rightsflow.auditlog.deadlines;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.rightsflow.auditlog.AuditLogIntegrationTest;
import dev.rightsflow.deadline.ResponseTargetSpec;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.Actor;
import dev.rightsflow.schemas.avro.ActorType;
import dev.rightsflow.schemas.avro.Division;
import dev.rightsflow.schemas.avro.OrganisationPublished;
import dev.rightsflow.schemas.avro.ProcessorAuth;
import dev.rightsflow.schemas.avro.ResponseTarget;
import dev.rightsflow.schemas.kafka.Eventing;

/**
 * The calculator through HTTP on a running audit-log, with the organisations' targets arriving
 * through a real (embedded) Kafka broker on the REGISTRY topic. Extends audit-log's integration
 * base so that it shares its one Spring context (same broker, same in-process MongoDB).
 */
class DeadlineCalculatorHttpTest extends AuditLogIntegrationTest {

    @LocalServerPort
    int calculatorPort;

    @Autowired
    @Qualifier("auditLogKafkaTemplate")
    KafkaTemplate<String, Object> registry;

    private WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + calculatorPort).responseTimeout(Duration.ofSeconds(20)).build();
    }

    private WebTestClient.ResponseSpec get(String query) {
        return client().get().uri("/api/v1/deadlines?" + query).accept(MediaType.APPLICATION_JSON).exchange();
    }

    @Test
    void answersTheIcoWorkedExampleWithItsSteps() {
        get("division=england-and-wales&received=2024-09-03")
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.due").isEqualTo("2024-10-03")
                .jsonPath("$.clockStart").isEqualTo("2024-09-03")
                .jsonPath("$.division").isEqualTo("ENGLAND_AND_WALES")
                .jsonPath("$.paused").isEqualTo(false)
                .jsonPath("$.extensionNoticeBy").isEqualTo("2024-10-03")
                .jsonPath("$.dueIfExtended").isEqualTo("2024-12-03")
                .jsonPath("$.steps[0].rule").isEqualTo("received")
                .jsonPath("$.steps[1].rule").isEqualTo("corresponding-date")
                .jsonPath("$.provisional").isEqualTo(false)
                .jsonPath("$.holidays").value(holidays -> org.assertj.core.api.Assertions.assertThat((String) holidays)
                        .startsWith("2018-2028 from gov.uk"));
    }

    @Test
    void namesTheBankHolidayThatMovedTheDeadline() {
        get("division=SCOTLAND&received=2024-10-30")
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.due").isEqualTo("2024-12-03")
                .jsonPath("$.steps[?(@.rule == 'bank-holiday')].explanation")
                .value(explanations -> org.assertj.core.api.Assertions.assertThat(explanations.toString())
                        .contains("St Andrew", "Scotland"));
    }

    @Test
    void addsClarificationPauseAndStartsTheClockAtIdentity() {
        get("division=england-and-wales&received=2024-09-03&clockStart=2024-09-06"
                + "&clarificationAsked=2024-09-10&clarificationReceived=2024-09-14")
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.clockStart").isEqualTo("2024-09-06")
                .jsonPath("$.pausedDays").isEqualTo(4)
                .jsonPath("$.due").isEqualTo("2024-10-10")
                .jsonPath("$.steps[?(@.rule == 'paused-days-added')]").exists()
                .jsonPath("$.steps[?(@.rule == 'clock-start')]").exists();
    }

    @Test
    void ongoingClarificationMeansTheDueDateIsNotKnown() {
        get("division=england-and-wales&received=2024-09-03&clarificationAsked=2024-09-10")
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.paused").isEqualTo(true)
                .jsonPath("$.due").doesNotExist()
                .jsonPath("$.steps[-1:].rule").isEqualTo("pause-ongoing");
    }

    @Test
    void extendedDeadlineIsThreeMonthsFromTheClockStart() {
        get("division=northern-ireland&received=2024-11-30&extended=true")
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.extended").isEqualTo(true)
                .jsonPath("$.due").isEqualTo("2025-02-28")
                .jsonPath("$.extensionNoticeBy").isEqualTo("2024-12-30")
                .jsonPath("$.dueIfExtended").doesNotExist();
    }

    @Test
    void missingAndMalformedParametersAreEachNamedInAProblem() {
        get("division=wales&clockStart=03-09-2024&extended=yes")
                .expectStatus().isEqualTo(422)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(422)
                .jsonPath("$.type").isEqualTo("https://rightsflow.dev/problems/invalid-request")
                .jsonPath("$.title").isEqualTo("Invalid request")
                .jsonPath("$.instance").isEqualTo("/api/v1/deadlines")
                .jsonPath("$.errors[*].field").value(names -> namesAre(names, "received", "clockStart", "extended", "division"));
    }

    @Test
    void impossibleDatesAndOrderAreRejected() {
        get("division=scotland&received=2025-02-30&clarificationAsked=2025-03-10&clarificationReceived=2025-03-01")
                .expectStatus().isEqualTo(422)
                .expectBody()
                .jsonPath("$.errors[*].field").value(names -> namesAre(names, "received", "clarificationReceived"));
        get("division=scotland&received=2025-03-10&clockStart=2025-03-01&clarificationReceived=2025-03-12")
                .expectStatus().isEqualTo(422)
                .expectBody()
                .jsonPath("$.errors[*].field").value(names -> namesAre(names, "clockStart", "clarificationAsked"));
    }

    @Test
    void answersTwentyTwentyEightFromGovUksListAndScotlandsWorldCupHoliday() {
        // Received 15 December 2027: 15 January 2028 is a Saturday, so Monday 17 January; published.
        get("division=england-and-wales&received=2027-12-15")
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.due").isEqualTo("2028-01-17")
                .jsonPath("$.provisional").isEqualTo(false);
        get("division=scotland&received=2026-05-15")
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.due").isEqualTo("2026-06-16")
                .jsonPath("$.steps[?(@.rule == 'bank-holiday')].explanation")
                .value(explanations -> org.assertj.core.api.Assertions.assertThat(explanations.toString()).contains("World Cup"));
    }

    @Test
    void aYearGovUkHasNotPublishedIsAnsweredProvisionallyWithTheReason() {
        get("division=england-and-wales&received=2030-03-19")
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.due").isEqualTo("2030-04-23")
                .jsonPath("$.provisional").isEqualTo(true)
                .jsonPath("$.provisionalReason").value(reason -> org.assertj.core.api.Assertions.assertThat((String) reason)
                        .contains("bank holidays for 2030 are not yet published by gov.uk", "computed from the rules"))
                .jsonPath("$.steps[?(@.rule == 'provisional')]").exists();
    }

    @Test
    void unknownOrganisationIsABadParameter() {
        get("division=england-and-wales&received=2025-09-01&organisation=nobody-here")
                .expectStatus().isEqualTo(422)
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("organisation");
    }

    @Test
    void answersTheOrganisationsOwnTargetsFromTheRegistryTopic() {
        // Empower CIC promises an acknowledgement within 5 working days and an answer within 20.
        Eventing.publish(registry, Topics.REGISTRY, organisation("calc-empower", 1, Division.ENGLAND_AND_WALES,
                List.of(ResponseTarget.newBuilder().setRegime(ResponseTargetSpec.ORGANISATION_REGIME).setAcknowledgeWorkingDays(5)
                        .setRespondWorkingDays(20).build()))).join();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                get("received=2025-09-01&organisation=calc-empower")
                        .expectStatus().isOk()
                        .expectBody()
                        .jsonPath("$.organisation").isEqualTo("calc-empower")
                        .jsonPath("$.division").isEqualTo("ENGLAND_AND_WALES")
                        .jsonPath("$.due").isEqualTo("2025-10-01")
                        .jsonPath("$.targets[0].regime").isEqualTo(ResponseTargetSpec.ORGANISATION_REGIME)
                        .jsonPath("$.targets[0].kind").isEqualTo("acknowledge")
                        .jsonPath("$.targets[0].due").isEqualTo("2025-09-08")
                        .jsonPath("$.targets[1].kind").isEqualTo("respond")
                        .jsonPath("$.targets[1].due").isEqualTo("2025-09-29"));
    }

    @Test
    void aNewerRegistryVersionReplacesTheTargetsAndAnOlderOneDoesNot() {
        Eventing.publish(registry, Topics.REGISTRY, organisation("calc-ccpa", 2, Division.SCOTLAND,
                List.of(ResponseTarget.newBuilder().setRegime("CCPA").setAcknowledgeWorkingDays(10)
                        .setRespondCalendarDays(45).setExtensionCalendarDays(45).build()))).join();
        Eventing.publish(registry, Topics.REGISTRY, organisation("calc-ccpa", 1, Division.SCOTLAND,
                List.of(ResponseTarget.newBuilder().setRegime("LGPD").setRespondCalendarDays(15).build()))).join();
        Eventing.publish(registry, Topics.REGISTRY, organisation("calc-marker", 1, Division.SCOTLAND, List.of())).join();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                get("received=2025-09-01&organisation=calc-marker").expectStatus().isOk());
        get("received=2025-09-01&organisation=calc-ccpa")
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.division").isEqualTo("SCOTLAND")
                .jsonPath("$.targets.length()").isEqualTo(3)
                .jsonPath("$.targets[1].regime").isEqualTo("CCPA")
                .jsonPath("$.targets[1].due").isEqualTo("2025-10-16")
                .jsonPath("$.targets[2].kind").isEqualTo("respond-extended")
                .jsonPath("$.targets[2].due").isEqualTo("2025-11-30");
    }

    @Test
    void listsTheBankHolidaysOfADivisionInAYear() {
        client().get().uri("/api/v1/deadlines/holidays?division=northern-ireland&year=2025").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.division").isEqualTo("NORTHERN_IRELAND")
                .jsonPath("$.holidays.length()").isEqualTo(10)
                .jsonPath("$.holidays[?(@.date == '2025-07-14')].title")
                .value(titles -> org.assertj.core.api.Assertions.assertThat(titles.toString()).contains("Boyne", "substitute day"));
    }

    @Test
    void holidayListOfAnUnpublishedYearIsProvisionalAndBadParametersAreNamed() {
        client().get().uri("/audit/deadlines/holidays?division=scotland&year=2031").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Deprecation", "true")
                .expectHeader().valueEquals("Link", "</api/v1/deadlines/holidays>; rel=\"successor-version\"")
                .expectBody()
                .jsonPath("$.holidays[?(@.date == '2031-11-01')]").doesNotExist()
                .jsonPath("$.holidays[?(@.date == '2031-12-01')].title").exists()
                .jsonPath("$.provisionalReason").value(reason -> org.assertj.core.api.Assertions.assertThat((String) reason)
                        .contains("2031"));
        client().get().uri("/api/v1/deadlines/holidays?division=mars&year=20x5").exchange()
                .expectStatus().isEqualTo(422)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[*].field").value(names -> namesAre(names, "division", "year"));
    }

    /**
     * The API conventions on audit-log (README "API conventions"): an unknown API path is 404, a wrong method 405 and
     * a body that is not JSON 400, each problem+json of the one vocabulary (422 is above, and the legacy holiday path).
     */
    @Test
    void errorsAreProblemsOfTheOneVocabulary() {
        client().get().uri("/api/v1/deadlines/no-such-thing").exchange().expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON).expectBody()
                .jsonPath("$.type").isEqualTo("https://rightsflow.dev/problems/not-found")
                .jsonPath("$.instance").isEqualTo("/api/v1/deadlines/no-such-thing");
        client().delete().uri("/api/v1/deadlines?division=scotland").exchange().expectStatus().isEqualTo(405)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON).expectBody()
                .jsonPath("$.type").isEqualTo("https://rightsflow.dev/problems/method-not-allowed")
                .jsonPath("$.title").isEqualTo("Method not allowed").jsonPath("$.status").isEqualTo(405);
        client().post().uri("/api/v1/dashboard/cases/{id}/actions/extend", "r-1")
                .headers(h -> h.setBasicAuth("demo-ecs", "demo-password")).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"reason\": ").exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON).expectBody()
                .jsonPath("$.type").isEqualTo("https://rightsflow.dev/problems/malformed-request");
    }

    private static void namesAre(Object names, String... expected) {
        org.assertj.core.api.Assertions.assertThat(((List<?>) names).stream().map(String::valueOf).toList())
                .containsExactlyInAnyOrder(expected);
    }

    private static OrganisationPublished organisation(String id, long version, Division division, List<ResponseTarget> targets) {
        return OrganisationPublished.newBuilder()
                .setEventId("registry-" + id + "-" + version)
                .setRequestId(id)
                .setOccurredAt(Instant.parse("2025-09-01T09:00:00Z"))
                .setActor(new Actor(ActorType.SYSTEM, "router", null))
                .setOrganisationId(id)
                .setVersion(version)
                .setName("Calculator test organisation " + id)
                .setDivision(division)
                .setProcessorAuth(ProcessorAuth.NONE)
                .setTargets(targets)
                .setDocument("{}")
                .build();
    }
}
