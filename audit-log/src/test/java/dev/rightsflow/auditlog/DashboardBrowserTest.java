package dev.rightsflow.auditlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.AcceptRequest;
import dev.rightsflow.schemas.avro.AskClarification;
import dev.rightsflow.schemas.avro.ClockPaused;
import dev.rightsflow.schemas.avro.ClockResumed;
import dev.rightsflow.schemas.avro.CommandRejected;
import dev.rightsflow.schemas.avro.RecordClarificationReceived;
import dev.rightsflow.schemas.avro.Division;
import dev.rightsflow.schemas.avro.ForwardingHop;
import dev.rightsflow.schemas.avro.PlannedTask;
import dev.rightsflow.schemas.avro.RequestForwarded;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.TaskAction;
import dev.rightsflow.schemas.avro.VerificationMethod;
import dev.rightsflow.schemas.testing.Axe;
import dev.rightsflow.schemas.testing.HeadlessChrome;

/**
 * The dashboard in real headless Chromium: sign in, the seed cases with their deadlines, an action
 * that changes the case through Kafka (the test plays the router's part: it answers the published
 * AcceptRequest with RequestAccepted), and live updates arriving while the page is open. Saves the
 * README's screenshot to docs/dashboard.png at the repository root.
 */
class DashboardBrowserTest extends AuditLogIntegrationTest {

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

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private void signIn(String user) {
        browser.get(url("/dashboard"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys("demo-password");
        browser.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("cases")));
    }

    /**
     * Marks the document now open: a page load (reload or navigation) would lose the mark, so a
     * change seen while it is still there arrived live, through the page's server-sent events.
     */
    private void markThisPageLoad() {
        wait.until(d -> "open".equals(d.findElement(By.tagName("body")).getAttribute("data-live")));
        ((JavascriptExecutor) browser).executeScript("window.rightsflowSamePageLoad = true;");
    }

    private void assertNotReloaded() {
        assertThat(((JavascriptExecutor) browser).executeScript("return window.rightsflowSamePageLoad === true;"))
                .as("the page was not reloaded").isEqualTo(true);
    }

    /** No value as the system holds it (ERASURE, AWAITING_DECISION, subjectFound): every one is in words. */
    private static void assertNoCodesIn(String page, String text) {
        assertThat(java.util.regex.Pattern.compile("\\b[A-Z]{2,}_[A-Z_]+\\b|\\b(ACCESS|ERASURE|OBJECTION|subjectFound)\\b")
                .matcher(text).results().map(java.util.regex.MatchResult::group).toList())
                .as("codes shown on " + page).isEmpty();
    }

    private String seedCase(String controller, String receiver, Right right, Instant received, Division division) {
        String id = controller + "-" + UUID.randomUUID().toString().substring(0, 8);
        send(Topics.REQUESTS, SeedFlow.received(id, right, receiver, received, VerificationMethod.NONE, null));
        send(Topics.CASES, SeedFlow.resolved(id, controller, receiver, division, received));
        if (!controller.equals(receiver)) {
            send(Topics.CASES, new RequestForwarded(Events.derivedId("forwarded", id), id, received, SeedFlow.router(),
                    new ForwardingHop(receiver, controller, null, received), "TENANT", null, null));
        }
        send(Topics.CASES, SeedFlow.opened(id, controller, division, received, received,
                received.atZone(java.time.ZoneOffset.UTC).toLocalDate().plusMonths(1), true));
        return id;
    }

    @Test
    void staffSignInSeeTheirCasesWithDeadlinesActAndWatchTheCaseChangeLive() throws Exception {
        String ecs = seedCase("ecs", "ecs", Right.ERASURE, Instant.parse("2026-09-03T10:15:00Z"), Division.ENGLAND_AND_WALES);
        String trust = seedCase("northshire-nhs-ft", "mes", Right.ACCESS, Instant.parse("2026-09-02T14:00:00Z"),
                Division.ENGLAND_AND_WALES);
        String scottish = seedCase("me-group-25", "me-group-25", Right.CONSENT_WITHDRAWAL,
                Instant.parse("2026-08-14T10:00:00Z"), Division.SCOTLAND);
        String empower = seedCase("empower", "empower", Right.ACCESS, Instant.parse("2026-08-20T09:00:00Z"),
                Division.ENGLAND_AND_WALES);
        PlannedTask paper = SeedFlow.task(empower, "charitylog", TaskAction.EXPORT, "manual", LocalDate.parse("2026-09-04"));
        send(Topics.CASES, SeedFlow.accepted(empower, Instant.parse("2026-08-21T09:00:00Z")));
        send(Topics.CASES, SeedFlow.planned(empower, Instant.parse("2026-08-21T09:00:01Z"), List.of(paper)));
        // the router's risk sweep: the task is past its last safe dispatch date (4 September) while the clock runs
        send(Topics.ALERTS, SeedFlow.taskAtRisk(empower, paper, "empower", Instant.parse("2026-09-05T06:00:00Z")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as("demo-admin").get()
                .uri("/api/v1/dashboard/cases/{id}", empower).exchange().expectBody().jsonPath("$.file.tasks[0].taskId")
                .isEqualTo(paper.getTaskId()));

        signIn("demo-ecs");
        String row = browser.findElement(By.cssSelector("tr[data-request-id='" + ecs + "']")).getText();
        assertThat(row).contains("Erasure", "Waiting for a decision", "Monday 5 October 2026", "28")
                .doesNotContain("ERASURE", "AWAITING_DECISION", "2026-10-05");
        assertNoCodesIn("the case list", browser.findElement(By.tagName("main")).getText());
        assertThat(browser.findElements(By.cssSelector("tr[data-request-id='" + trust + "']"))).isEmpty();

        browser.findElement(By.linkText(ecs)).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("action-accept")));
        browser.findElement(By.cssSelector("#action-accept button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-message"), "Accept the request sent"));
        markThisPageLoad();

        // the router's part: it sees the command and accepts the request
        await().atMost(Duration.ofSeconds(20)).until(() -> topic(Topics.CASE_COMMANDS).stream()
                .anyMatch(c -> c instanceof AcceptRequest a && a.getRequestId().equals(ecs)));
        send(Topics.CASES, SeedFlow.accepted(ecs, Instant.parse("2026-09-07T08:05:00Z")));

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("case-status"), "In progress"));
        assertNotReloaded();
        assertThat(browser.findElement(By.id("live-status")).getAttribute("data-last-event")).isEqualTo("RequestAccepted");
        assertThat(browser.findElement(By.id("timeline")).getText()).contains("Request accepted", "Case opened");
        assertNoCodesIn("the case page", browser.findElement(By.tagName("main")).getText());
        HeadlessChrome.screenshot(browser, Path.of("target/dashboard-case.png"));

        // a new request arrives while the case list is open
        browser.get(url("/dashboard"));
        markThisPageLoad();
        String arriving = seedCase("ecs", "ecs", Right.OBJECTION, Instant.parse("2026-09-07T07:30:00Z"),
                Division.ENGLAND_AND_WALES);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-request-id='" + arriving + "']")));
        assertNotReloaded();

        browser.findElement(By.cssSelector("header form button")).click();
        signIn("demo-admin");
        assertThat(browser.findElement(By.cssSelector("tr[data-request-id='" + scottish + "']")).getText())
                .contains("Monday 14 September 2026");
        assertThat(browser.findElement(By.cssSelector("tr[data-request-id='" + trust + "']")).getText())
                .contains("Northshire", "Friday 2 October 2026");
        assertThat(browser.findElement(By.cssSelector("tr[data-request-id='" + empower + "']")).getAttribute("class"))
                .contains("atrisk");
        Path screenshot = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."))
                .resolve("docs/dashboard.png");
        HeadlessChrome.screenshot(browser, screenshot);
        assertThat(screenshot).isNotEmptyFile();
    }

    @Test
    void anOpenCasePageShowsTheClockStopAndRestartAndARejectedCommandAsTheyArriveThroughKafka() {
        String id = seedCase("ecs", "ecs", Right.ACCESS, Instant.parse("2026-09-03T10:15:00Z"), Division.ENGLAND_AND_WALES);
        signIn("demo-ecs");
        browser.get(url("/dashboard/cases/" + id));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("action-ask-clarification")));
        assertThat(browser.findElement(By.id("case-deadline")).getText()).contains("Monday 5 October 2026");
        WebElement live = browser.findElement(By.id("live-status"));
        assertThat(live.getAttribute("aria-live")).as("changes are announced politely").isEqualTo("polite");
        assertThat(live.getAttribute("role")).isEqualTo("status");

        browser.findElement(By.cssSelector("#action-ask-clarification textarea[name='question']"))
                .sendKeys("Which of our services do you mean?");
        browser.findElement(By.cssSelector("#action-ask-clarification button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-message"), "Ask for clarification sent"));
        markThisPageLoad();
        // the router's part: it reads the command and stops the clock
        await().atMost(Duration.ofSeconds(20)).until(() -> topic(Topics.CASE_COMMANDS).stream()
                .anyMatch(c -> c instanceof AskClarification a && a.getRequestId().equals(id)));
        send(Topics.CASES, new ClockPaused(Events.derivedId("paused", id), id, Instant.parse("2026-09-07T09:00:00Z"),
                SeedFlow.router(), "Which of our services do you mean?", Instant.parse("2026-09-07T09:00:00Z"), null));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("case-deadline"), "clock stopped"));
        assertThat(browser.findElement(By.id("case")).getText()).contains("Clock stopped: Monday 7 September 2026 to now");
        assertNotReloaded();

        // the live page now offers to record the answer
        browser.findElement(By.cssSelector("#action-record-clarification textarea[name='note']"))
                .sendKeys("the membership site");
        browser.findElement(By.cssSelector("#action-record-clarification button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-message"),
                "Record clarification received sent"));
        markThisPageLoad();
        await().atMost(Duration.ofSeconds(20)).until(() -> topic(Topics.CASE_COMMANDS).stream()
                .anyMatch(c -> c instanceof RecordClarificationReceived r && r.getRequestId().equals(id)));
        send(Topics.CASES, new ClockResumed(Events.derivedId("resumed", id), id, Instant.parse("2026-09-10T09:00:00Z"),
                SeedFlow.router(), Instant.parse("2026-09-10T09:00:00Z"), null));
        // three stopped days added: 3 October + 3 = Tuesday 6 October
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("case-deadline"), "Tuesday 6 October 2026"));
        assertThat(browser.findElement(By.id("case")).getText())
                .contains("Clock stopped: Monday 7 September 2026 to Thursday 10 September 2026");
        assertNotReloaded();

        // what staff are typing in an action form stays while a live update arrives
        WebElement typing = browser.findElement(By.cssSelector("#action-extend textarea[name='reason']"));
        typing.sendKeys("Forty systems to search");
        // a command the router turns down is explained on the open page, in the router's words
        send(Topics.CASES, new CommandRejected(Events.derivedId("rejected", id), id, Instant.parse("2026-09-10T09:05:00Z"),
                SeedFlow.router(), "ExtendDeadline", "the first month ended on 5 October", null));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("rejection")));
        assertThat(browser.findElement(By.id("rejection")).getText())
                .contains("Extend deadline", "was not applied", "the first month ended on 5 October");
        assertNotReloaded();
        assertThat(browser.findElement(By.id("live-status")).getText()).contains("Command rejected");
        assertThat(browser.findElement(By.cssSelector("#action-extend textarea[name='reason']")).getAttribute("value"))
                .as("the live update left the form being filled in alone").isEqualTo("Forty systems to search");
    }

    @Test
    void aBadPasswordIsRefusedAndAWrongActionIsExplainedOnThePage() {
        browser.get(url("/dashboard/login"));
        browser.findElement(By.id("username")).sendKeys("demo-ecs");
        browser.findElement(By.id("password")).sendKeys("wrong");
        browser.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("login-error")));

        String ecs = seedCase("ecs", "ecs", Right.ACCESS, Instant.parse("2026-09-03T10:15:00Z"), Division.ENGLAND_AND_WALES);
        signIn("demo-ecs");
        browser.get(url("/dashboard/cases/" + ecs));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("action-extend")));
        browser.findElement(By.cssSelector("#action-extend button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("action-message")));
        assertThat(browser.findElement(By.id("action-message")).getText())
                .contains("reason", "Nothing was sent");
    }

    @Test
    void staffFollowTheHeaderLinkToTheirWebhookDeliveriesAndSeeADeadOne() {
        String id = seedCase("ecs", "ecs", Right.ERASURE, Instant.parse("2026-09-03T10:15:00Z"), Division.ENGLAND_AND_WALES);
        String delivery = "msg_browser_" + id;
        send(Topics.CASES, WebhookLogDashboardTest.attempt(id, delivery, 1, Instant.parse("2026-09-03T10:16:00Z"), 503,
                "DEAD", "HTTP 503; 1 attempts made, no more", null));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(as("demo-ecs").get()
                .uri("/api/v1/dashboard/webhooks").exchange().expectBody(String.class).returnResult().getResponseBody())
                .contains(delivery));

        signIn("demo-ecs");
        browser.findElement(By.linkText("Webhooks")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("webhooks")));
        assertThat(browser.findElement(By.cssSelector("tr[data-delivery='" + delivery + "']")).getText())
                .contains("request.received", id, "503", "Dead: not tried again", "HTTP 503; 1 attempts made, no more");
    }

    /**
     * axe-core over every dashboard page, as a member of staff sees it: sign-in (and its error), the case list, a
     * case, the failures (dead letters), the webhook deliveries, logging a request, and a case's audit export.
     * Every page is checked before the test fails, so one run reports them all.
     */
    @Test
    void everyDashboardPagePassesAxe() {
        String id = seedCase("ecs", "ecs", Right.ERASURE, Instant.parse("2026-09-03T10:15:00Z"), Division.ENGLAND_AND_WALES);
        send(Topics.CASES, WebhookLogDashboardTest.attempt(id, "msg_axe_" + id, 1, Instant.parse("2026-09-03T10:16:00Z"), 503,
                "DEAD", "HTTP 503; 1 attempts made, no more", null));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(as("demo-ecs").get()
                .uri("/api/v1/dashboard/webhooks").exchange().expectBody(String.class).returnResult().getResponseBody())
                .contains("msg_axe_" + id));
        List<Axe.Result> results = new java.util.ArrayList<>();

        browser.get(url("/dashboard/login"));
        results.add(Axe.check(browser, "dashboard: sign in"));
        browser.findElement(By.id("username")).sendKeys("demo-ecs");
        browser.findElement(By.id("password")).sendKeys("wrong");
        browser.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("login-error")));
        results.add(Axe.check(browser, "dashboard: sign in, wrong password"));

        signIn("demo-ecs");
        results.add(Axe.check(browser, "dashboard: case list"));
        browser.get(url("/dashboard/cases/" + id));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("action-accept")));
        results.add(Axe.check(browser, "dashboard: case page"));
        browser.get(url("/dashboard/dead-letters"));
        results.add(Axe.check(browser, "dashboard: failures (dead letters)"));
        browser.get(url("/dashboard/webhooks"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("webhooks")));
        results.add(Axe.check(browser, "dashboard: webhook deliveries"));
        browser.get(url("/dashboard/log-request"));
        results.add(Axe.check(browser, "dashboard: log a request"));
        browser.get(url("/api/v1/audit/" + id + "/export.html"));
        results.add(Axe.check(browser, "audit export (HTML)"));

        assertThat(results).as("axe-core violations per page").allSatisfy(r -> assertThat(r.violations())
                .as(r.page() + " (" + r.url() + ")").isEmpty());
    }
}
