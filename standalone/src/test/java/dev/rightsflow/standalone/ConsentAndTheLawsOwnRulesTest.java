package dev.rightsflow.standalone;

import static dev.rightsflow.deadline.UkTime.UK;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.MediaType;

import dev.rightsflow.deadline.DeadlineEngine;
import dev.rightsflow.deadline.ResponseTargetSpec;
import dev.rightsflow.deadline.UkDivision;
import tools.jackson.databind.JsonNode;

/**
 * Consent withdrawal as easy as consenting (Art 7(3)) and the law's own rules over an
 * organisation's policy (Art 21(3), Art 12A), through HTTP against the whole standalone with the
 * demo registry: the consent purposes listed by name, an unknown purpose id refused, a withdrawal
 * in the subject's own words sent to triage and planned once staff map it, an objection to direct
 * marketing accepted at once although Empower decides every other request by hand, and a request
 * waiting for identity evidence showing no statutory deadline but Empower's acknowledgement target.
 */
class ConsentAndTheLawsOwnRulesTest {

    /** The measured case of issue 12: 25% M.E. Group's contact list, in the subject's own words. */
    static final String OWN_WORDS = "publishing my name, email, date of birth and summary on the members' contact list";

    @RegisterExtension
    static final SharedSystem shared = SharedSystem.WITHOUT_DEMO_DATA;
    static RunningSystem system;

    @BeforeAll
    static void start() {
        system = shared.system();
    }

    @Test
    void everyOrganisationListsItsConsentPurposesInPlainWords() {
        JsonNode organisations = Scenario.json(system.http.get().uri("/api/v1/organisations").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
        JsonNode meGroup = Scenario.list(organisations).stream()
                .filter(o -> "me-group-25".equals(o.path("id").asText())).findFirst().orElseThrow();
        List<JsonNode> purposes = Scenario.list(meGroup.path("consentPurposes"));
        assertThat(purposes).extracting(p -> p.path("id").asText()).contains("contact-list-email",
                "contact-list-date-of-birth", "contact-list-personal-summary", "health-statistics");
        assertThat(purposes).filteredOn(p -> "contact-list-email".equals(p.path("id").asText()))
                .singleElement().satisfies(p -> {
                    assertThat(p.path("name").asText()).isEqualTo("Publishing your email address on the members' contact list");
                    assertThat(p.path("description").asText()).contains("sent by post to every member");
                });
    }

    @Test
    void aPurposeIdTheOrganisationDoesNotListIsRefusedWithAProblem() {
        system.http.post().uri("/api/v1/requests").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("right", "consent_withdrawal", "organisationId", "me-group-25",
                        "serviceId", "me-group-membership",
                        "subject", Map.of("name", "Morag Unknown", "email", "morag.unknown@example.org"),
                        "details", Map.of("consentPurposes", List.of("contact-list-email", OWN_WORDS))))
                .exchange().expectStatus().isEqualTo(422)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[?(@.field == 'details.consentPurposes[1]')].message").value(message ->
                        assertThat(message.toString()).contains("contact-list-email", "details.description"))
                .jsonPath("$.errors[?(@.field == 'details.consentPurposes[0]')]").doesNotExist();
    }

    @Test
    void aWithdrawalInTheSubjectsOwnWordsGoesToTriageAndIsPlannedOnceStaffMapIt() {
        Scenario staff = new Scenario(system.http, "demo-me-group", Scenario.STAFF_PASSWORD);
        Scenario.Submitted withdrawal = staff.submit(Map.of("right", "consent_withdrawal", "organisationId", "me-group-25",
                "serviceId", "me-group-membership",
                "subject", Map.of("name", "Morag Words", "email", "morag.words@example.org"),
                "details", Map.of("description", OWN_WORDS)));

        JsonNode triaged = staff.awaitStatus(withdrawal, "the withdrawal waits in triage, never ready with no task",
                s -> "IN_TRIAGE".equals(s.path("state").asText()));
        assertThat(triaged.path("tasks").size()).isZero();
        JsonNode file = await("the dashboard shows the triage").atMost(Duration.ofSeconds(60))
                .until(() -> staff.staffCase(withdrawal.requestId()).path("file"),
                        f -> "TRIAGE".equals(f.path("status").asText()));
        assertThat(file.path("triageReason").asText()).contains("names no consent purpose", "25% M.E. Group");
        assertThat(file.path("consentWithdrawalWords").asText()).isEqualTo(OWN_WORDS);

        // A purpose the organisation does not list is refused by the router, with the reason on the case.
        staff.staffAction(withdrawal.requestId(), "resolve-triage", Map.of("controllerId", "me-group-25",
                "note", "the subject's own words", "consentPurposes", List.of("contact-list-shoe-size")));
        await("the router refuses the unknown purpose").atMost(Duration.ofSeconds(60))
                .until(() -> staff.staffCase(withdrawal.requestId()).path("file").path("rejectionReason").asText(),
                        reason -> reason.contains("contact-list-shoe-size") && reason.contains("consent purposes"));

        List<String> mapped = List.of("contact-list-name-address-phone", "contact-list-email",
                "contact-list-date-of-birth", "contact-list-personal-summary");
        staff.staffAction(withdrawal.requestId(), "resolve-triage", Map.of("controllerId", "me-group-25",
                "note", "the subject withdraws every item of the contact list they named", "consentPurposes", mapped));
        JsonNode planned = staff.awaitStatus(withdrawal, "the withdrawal is planned on the contact list",
                s -> s.path("tasks").size() > 0);
        assertThat(Scenario.list(planned.path("tasks"))).extracting(t -> t.path("action").asText())
                .containsOnly("Record that you withdrew consent");
        JsonNode tasks = await("the staff case lists the withdrawal task").atMost(Duration.ofSeconds(60))
                .until(() -> staff.staffCase(withdrawal.requestId()).path("file").path("tasks"), t -> t.size() > 0);
        assertThat(Scenario.list(tasks)).extracting(t -> t.path("action").asText()).containsOnly("WITHDRAW_CONSENT");
    }

    @Test
    void anObjectionToDirectMarketingIsAcceptedAndSuppressedAtOnceWhateverThePolicy() {
        Scenario empower = new Scenario(system.http, "demo-empower", Scenario.STAFF_PASSWORD);
        Scenario.Submitted objection = empower.submit(Map.of("right", "objection", "organisationId", "empower",
                "serviceId", "empower-mentoring",
                "subject", Map.of("name", "Dee Supporter", "email", "dee.supporter@example.org"),
                "details", Map.of("objectionDirectMarketing", true)));

        JsonNode planned = empower.awaitStatus(objection, "suppression planned without a staff decision",
                s -> s.path("tasks").size() > 0);
        assertThat(Scenario.list(planned.path("tasks"))).extracting(t -> t.path("action").asText())
                .contains("Stop marketing to you, keeping only what is needed never to contact you again");
        List<JsonNode> trail = Scenario.list(empower.audit("/api/v1/audit/{id}", objection.requestId()));
        assertThat(trail).filteredOn(e -> "RequestAccepted".equals(e.path("sourceEventType").asText()))
                .as("accepted by the router, by law, not by a member of staff").singleElement()
                .satisfies(e -> assertThat(e.path("actorId").asText()).isEqualTo("router"));

        // Empower's policy still applies to what the law leaves to it: any other objection waits for staff.
        Scenario.Submitted other = empower.submit(Map.of("right", "objection", "organisationId", "empower",
                "serviceId", "empower-mentoring",
                "subject", Map.of("name", "Dee Other", "email", "dee.other@example.org"),
                "details", Map.of("objectionProcessing", "profiling for research")));
        empower.awaitStatus(other, "an objection on other grounds waits for Empower's decision",
                s -> "AWAITING_DECISION".equals(s.path("state").asText()));
    }

    @Test
    void whileIdentityIsAwaitedTheReceiptShowsNoDeadlineAndSaysWhyButTheAcknowledgementTargetRuns() {
        JsonNode receipt = Scenario.json(system.http.post().uri("/api/v1/requests").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("right", "access", "organisationId", "empower",
                        "subject", Map.of("name", "Pat Evidence", "email", "pat.evidence@example.org")))
                .exchange().expectStatus().isAccepted().expectBody(String.class).returnResult().getResponseBody());
        assertThat(receipt.path("verification").asText()).isEqualTo("DOCUMENTARY");
        assertThat(receipt.has("provisionalDeadline")).as("no statutory deadline before the clock starts").isFalse();
        assertThat(receipt.path("deadlineNotStarted").asText()).contains("has not started", "identity", "Art 12A");

        Scenario empower = new Scenario(system.http, "demo-empower", Scenario.STAFF_PASSWORD);
        String requestId = receipt.path("requestId").asText();
        JsonNode deadline = await("Empower's case shows its acknowledgement target").atMost(Duration.ofSeconds(60))
                .until(() -> empower.staffCase(requestId).path("deadline"), d -> d.path("targets").size() > 0);
        assertThat(deadline.path("statutoryDue").isNull()).isTrue();
        LocalDate received = Instant.parse(receipt.path("receivedAt").asText()).atZone(UK)
                .toLocalDate();
        LocalDate acknowledgeBy = DeadlineEngine.withBundledHolidays().targets(UkDivision.ENGLAND_AND_WALES, received,
                received, List.of(new ResponseTargetSpec("ORGANISATION", 5, null, null, null))).get(0).due();
        assertThat(Scenario.list(deadline.path("targets"))).singleElement().satisfies(t -> {
            assertThat(t.path("kind").asText()).isEqualTo("acknowledge");
            assertThat(t.path("due").asText()).isEqualTo(acknowledgeBy.toString());
        });
    }
}
