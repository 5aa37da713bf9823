package dev.rightsflow.auditlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.ControllerResolved;
import dev.rightsflow.schemas.avro.Division;
import dev.rightsflow.schemas.avro.PlannedTask;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.avro.ResolveTriage;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.RightDetails;
import dev.rightsflow.schemas.avro.TaskAction;
import dev.rightsflow.schemas.avro.TriageRequired;
import dev.rightsflow.schemas.avro.VerificationMethod;
import dev.rightsflow.schemas.testing.Axe;
import dev.rightsflow.schemas.testing.HeadlessChrome;

/**
 * Mapping a consent withdrawal written in the subject's own words to the controller's consent
 * purposes, in real headless Chromium (Art 7(3)): the triage page shows what the subject wrote and
 * the controller's purposes as checkboxes, the ticked ones travel in {@code ResolveTriage}, and the
 * withdrawal tasks the router then plans appear on the page (the test plays the router's part).
 */
class ConsentTriageBrowserTest extends AuditLogIntegrationTest {

    static final String WORDS = "publishing my email and date of birth on the members' contact list";

    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void openBrowser() {
        browser = HeadlessChrome.start();
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    @AfterEach
    void closeBrowser() {
        browser.quit();
    }

    @Test
    void staffMapAWithdrawalInFreeWordsToThePurposesItMeansAndSeeTheWithdrawalTasksPlanned() {
        String id = "me-group-25-" + UUID.randomUUID().toString().substring(0, 8);
        Instant received = Instant.parse("2026-09-07T10:00:00Z");
        RequestReceived request = SeedFlow.received(id, Right.CONSENT_WITHDRAWAL, "me-group-25", received,
                VerificationMethod.NONE, null);
        send(Topics.REQUESTS, RequestReceived.newBuilder(request)
                .setDetails(RightDetails.newBuilder(request.getDetails()).setDescription(WORDS)
                        .setConsentPurposes(List.of()).build()).build());
        send(Topics.CASES, TriageRequired.newBuilder().setEventId(Events.derivedId(id, "TriageRequired"))
                .setRequestId(id).setOccurredAt(received).setActor(SeedFlow.router())
                .setReason("the consent withdrawal names no consent purpose of 25% M.E. Group: staff read the"
                        + " subject's words and choose the purposes withdrawn (Art 7(3))")
                .setCandidateControllerIds(List.of("me-group-25")).build());

        await("the case is in the triage queue").atMost(Duration.ofSeconds(20)).untilAsserted(() -> as("demo-me-group")
                .get().uri("/api/v1/dashboard/cases/{id}", id).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.file.status").isEqualTo("TRIAGE"));

        browser.get("http://localhost:" + port + "/dashboard");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        browser.findElement(By.id("username")).sendKeys("demo-me-group");
        browser.findElement(By.id("password")).sendKeys("demo-password");
        browser.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("cases")));
        browser.get("http://localhost:" + port + "/dashboard/cases/" + id);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("consent-mapping")));

        assertThat(browser.findElement(By.id("consent-words")).getText()).contains(WORDS);
        assertThat(browser.findElement(By.id("consent-mapping")).getText())
                .contains("Publishing your email address on the members' contact list",
                        "Publishing your date of birth on the members' contact list");
        Axe.assertNoViolations(browser, "dashboard: case page in triage (consent mapping)");
        new Select(browser.findElement(By.cssSelector("#action-resolve-triage select[name='controllerId']")))
                .selectByValue("me-group-25");
        browser.findElement(By.cssSelector("#action-resolve-triage textarea[name='note']"))
                .sendKeys("Their words name the email and date of birth on the contact list");
        browser.findElement(By.cssSelector("input[name='consentPurposes'][value='contact-list-email']")).click();
        browser.findElement(By.cssSelector("input[name='consentPurposes'][value='contact-list-date-of-birth']")).click();
        browser.findElement(By.cssSelector("#action-resolve-triage button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-message"), "Resolve triage sent"));

        ResolveTriage command = await("the mapping is published for the router").atMost(Duration.ofSeconds(20))
                .until(() -> topic(Topics.CASE_COMMANDS).stream()
                        .filter(c -> c instanceof ResolveTriage r && r.getRequestId().equals(id))
                        .map(ResolveTriage.class::cast).findFirst(), found -> found.isPresent()).orElseThrow();
        assertThat(command.getControllerId()).isEqualTo("me-group-25");
        assertThat(command.getConsentPurposes()).containsExactly("contact-list-email", "contact-list-date-of-birth");

        // the router's part: resolved with the mapped purposes, opened, accepted, the withdrawal planned
        send(Topics.CASES, ControllerResolved.newBuilder(SeedFlow.resolved(id, "me-group-25", "me-group-25",
                Division.SCOTLAND, received)).setConsentPurposes(command.getConsentPurposes()).build());
        send(Topics.CASES, SeedFlow.opened(id, "me-group-25", Division.SCOTLAND, received, received,
                LocalDate.parse("2026-10-07"), false));
        send(Topics.CASES, SeedFlow.accepted(id, received));
        PlannedTask withdrawal = SeedFlow.task(id, "members-contact-list", TaskAction.WITHDRAW_CONSENT, "manual",
                LocalDate.parse("2026-10-01"));
        send(Topics.CASES, SeedFlow.planned(id, received, List.of(withdrawal)));

        browser.navigate().refresh();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("tasks"), "Withdraw consent"));
        assertThat(browser.findElement(By.id("tasks")).getText()).contains("members-contact-list");
        assertThat(browser.findElements(By.id("consent-mapping"))).as("out of triage: nothing left to map").isEmpty();
        Axe.assertNoViolations(browser, "dashboard: case page with a manual task");
    }
}
