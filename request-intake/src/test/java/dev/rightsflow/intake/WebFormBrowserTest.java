package dev.rightsflow.intake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import java.time.Duration;
import org.openqa.selenium.support.ui.Select;

import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.testing.HeadlessChrome;

/** The web form and the status page in real headless Chromium, keyboard-free of JavaScript. */
class WebFormBrowserTest extends IntakeIntegrationTest {

    WebDriver browser;

    @AfterEach
    void quit() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** Waits for an element of the next page; on a timeout the message carries the page's text. */
    WebElement waitFor(By by) {
        try {
            return new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(by));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("no " + by + " on " + browser.getCurrentUrl() + ": "
                    + browser.findElement(By.tagName("body")).getText(), e);
        }
    }

    /**
     * Waits until an element that the current page also has (a heading) shows the next page's text.
     * Each poll finds the element again, so the old page going away mid-check is not an error.
     */
    void waitForText(By by, String text) {
        try {
            new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(org.openqa.selenium.WebDriverException.class)
                    .until(ExpectedConditions.textToBe(by, text));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("no " + by + " reading '" + text + "' on " + browser.getCurrentUrl() + ": "
                    + browser.findElement(By.tagName("body")).getText(), e);
        }
    }

    /** Starts the browser, follows the organisation's link on the home page; returns the base URL. */
    private String openFormOf(String organisationName) {
        browser = HeadlessChrome.start();
        String base = "http://localhost:" + port;
        browser.get(base + "/");
        browser.findElement(By.linkText(organisationName)).click();
        return base;
    }

    @Test
    void citizenMakesAnErasureRequestSeesErrorsNextToFieldsThenChecksItsStatus() {
        openFormOf("25% M.E. Group");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Request to 25% M.E. Group");

        new Select(browser.findElement(By.id("right"))).selectByValue("consent_withdrawal");
        browser.findElement(By.id("name")).sendKeys("Morag Browser");
        browser.findElement(By.id("email")).sendKeys("not-an-email");
        browser.findElement(By.cssSelector("button[type=submit]")).click();

        assertThat(waitFor(By.id("error-summary")).getText()).contains("There is a problem");
        assertThat(browser.findElement(By.id("email-error")).getText()).isNotBlank();
        assertThat(browser.findElements(By.id("purposes-error"))).as("naming no purpose is allowed").isEmpty();
        assertThat(browser.findElement(By.id("email")).getAttribute("aria-describedby")).isEqualTo("email-error");
        assertThat(browser.findElement(By.id("name")).getAttribute("value")).isEqualTo("Morag Browser");

        browser.findElement(By.id("email")).clear();
        browser.findElement(By.id("email")).sendKeys("morag.browser@example.org");
        WebElement summary = browser.findElement(By.cssSelector("input[name=consentPurposes][value=contact-list-personal-summary]"));
        assertThat(summary.findElement(By.xpath("..")).getText())
                .contains("Publishing your personal summary on the members' contact list");
        summary.click();
        browser.findElement(By.cssSelector("button[type=submit]")).click();

        assertThat(waitFor(By.id("request-id")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Request received");
        String requestId = browser.findElement(By.id("request-id")).getText();
        String token = browser.findElement(By.id("status-token")).getText();
        assertThat(browser.findElement(By.id("deadline")).getText()).contains("must answer by")
                .as("the deadline in words, e.g. Monday 4 January 2027")
                .matches("(?s).*(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \\d{1,2} [A-Z][a-z]+ \\d{4}.*");
        assertThat(browser.findElement(By.id("received")).getText()).as("received on the UK's clock, in words")
                .matches("(?s)Received: \\w+day \\d{1,2} [A-Z][a-z]+ \\d{4} at \\d{2}:\\d{2} (GMT|BST)\\.");
        assertThat(browser.findElements(By.id("duplicate"))).as("a first request is not called a duplicate").isEmpty();
        assertThat(typesOf(Topics.REQUESTS, requestId)).containsExactly("RequestReceived");

        browser.findElement(By.linkText("Check a request you already made")).click();
        browser.findElement(By.id("requestId")).sendKeys(requestId);
        browser.findElement(By.id("token")).sendKeys(token);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        assertThat(waitFor(By.id("state")).getText()).contains("finding the organisation responsible");
        assertThat(browser.findElement(By.id("deadline-words")).getText()).contains("must answer by");
        assertThat(browser.getCurrentUrl()).doesNotContain(token);

        browser.findElement(By.id("requestId")).clear();
        browser.findElement(By.id("requestId")).sendKeys(requestId);
        browser.findElement(By.id("token")).sendKeys("wrong-token");
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        assertThat(waitFor(By.id("lookup-error")).getText()).contains("No request matches");
    }

    /**
     * The subject withdraws from the status page: the button asks for confirmation first ("No"
     * keeps the request), the confirmed withdrawal publishes one CloseCase (withdrawn), the token
     * never appears in a URL, and once the case is closed as withdrawn the page says so and offers
     * the button no more.
     */
    @Test
    void citizenWithdrawsTheirRequestFromTheStatusPageAfterConfirming() throws Exception {
        String base = openFormOf("25% M.E. Group");
        new Select(browser.findElement(By.id("right"))).selectByValue("consent_withdrawal");
        browser.findElement(By.id("name")).sendKeys("Wyn Withdraws");
        browser.findElement(By.id("email")).sendKeys("wyn.withdraws@example.org");
        browser.findElement(By.cssSelector("input[name=consentPurposes][value=contact-list-personal-summary]")).click();
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        String requestId = waitFor(By.id("request-id")).getText();
        String token = browser.findElement(By.id("status-token")).getText();

        browser.get(base + "/requests/status");
        browser.findElement(By.id("requestId")).sendKeys(requestId);
        browser.findElement(By.id("token")).sendKeys(token);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        waitFor(By.id("withdraw")).click();
        waitForText(By.tagName("h1"), "Withdraw your request?");
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("data already erased stays erased");
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/requests/withdraw");

        browser.findElement(By.id("keep")).click();
        waitFor(By.id("state"));
        assertThat(eventsOf(Topics.CASE_COMMANDS, requestId)).isEmpty();

        browser.findElement(By.id("withdraw")).click();
        waitFor(By.id("confirm-withdraw")).click();
        assertThat(waitFor(By.id("withdrawn-now")).getText()).contains("You have withdrawn this request");
        assertThat(browser.findElements(By.id("withdraw"))).isEmpty();
        assertThat(browser.getCurrentUrl()).doesNotContain(token).doesNotContain(requestId);
        dev.rightsflow.schemas.avro.CloseCase command = (dev.rightsflow.schemas.avro.CloseCase) eventsOf(Topics.CASE_COMMANDS, requestId)
                .stream().filter(dev.rightsflow.schemas.avro.CloseCase.class::isInstance).findFirst().orElseThrow();
        assertThat(command.getOutcome()).isEqualTo("withdrawn");

        // The router closes the case as withdrawn; the page says so in plain words and offers no button.
        publish(Topics.CASES, dev.rightsflow.schemas.avro.CaseClosed.newBuilder()
                .setEventId(dev.rightsflow.schemas.Events.derivedId(command.getEventId(), "CaseClosed")).setRequestId(requestId)
                .setOccurredAt(java.time.Instant.now()).setActor(command.getActor()).setOutcome("withdrawn")
                .setSummary(command.getSummary()).build());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            browser.get(base + "/requests/status");
            browser.findElement(By.id("requestId")).sendKeys(requestId);
            browser.findElement(By.id("token")).sendKeys(token);
            browser.findElement(By.cssSelector("button[type=submit]")).click();
            assertThat(waitFor(By.id("state")).getText()).isEqualTo("Withdrawn. You withdrew this request; nothing more will be done with it.");
        });
        assertThat(browser.findElements(By.id("withdraw"))).isEmpty();
    }

    /**
     * 25% M.E. Group verifies identity for access with an emailed code (seed registry). The demo
     * outbox page stands in for the mailbox: the test reads the code there, in a second tab.
     */
    @Test
    void citizenConfirmsIdentityWithTheEmailedCodeAndSeesTheClockStart() {
        String base = openFormOf("25% M.E. Group");
        new Select(browser.findElement(By.id("right"))).selectByValue("access");
        browser.findElement(By.id("name")).sendKeys("Morag Coded");
        browser.findElement(By.id("email")).sendKeys("morag.browser.code@example.org");
        browser.findElement(By.cssSelector("button[type=submit]")).click();

        String requestId = waitFor(By.id("request-id")).getText();
        String token = browser.findElement(By.id("status-token")).getText();
        assertThat(browser.findElements(By.id("deadline"))).as("no statutory deadline before the clock starts").isEmpty();
        assertThat(browser.findElement(By.id("deadline-not-started")).getText())
                .contains("has not started", "your identity is confirmed", "Art 12A");
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("We sent a six-digit code to your email address");

        String code = codeFromOutboxTab(base, "morag.browser.code@example.org");
        String wrong = code.equals("000000") ? "111111" : "000000";
        browser.findElement(By.id("code")).sendKeys(wrong);
        browser.findElement(By.cssSelector("form[action='/requests/verify'] button[type=submit]")).click();
        assertThat(waitFor(By.id("code-error")).getText()).isNotBlank();
        assertThat(browser.findElement(By.id("code")).getAttribute("aria-describedby")).isEqualTo("code-error");

        browser.findElement(By.id("code")).sendKeys(code);
        browser.findElement(By.cssSelector("form[action='/requests/verify'] button[type=submit]")).click();
        waitForText(By.tagName("h1"), "Thank you, your identity is confirmed");
        assertThat(browser.getCurrentUrl()).doesNotContain(code);
        assertThat(typesOf(Topics.REQUESTS, requestId)).containsExactly("RequestReceived", "IdentityVerificationRequested",
                "IdentityVerified");

        browser.findElement(By.linkText("Check your request")).click();
        browser.findElement(By.id("requestId")).sendKeys(requestId);
        browser.findElement(By.id("token")).sendKeys(token);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        assertThat(waitFor(By.id("state")).getText()).doesNotContain("code we emailed")
                .contains("finding the organisation responsible");
        assertThat(browser.findElement(By.id("deadline-words")).getText()).contains("must answer by");
    }

    /** Opens the demo outbox in a second tab, reads the newest code sent to {@code email}, closes the tab. */
    private String codeFromOutboxTab(String base, String email) {
        String form = browser.getWindowHandle();
        browser.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        try {
            browser.get(base + "/intake/outbox");
            assertThat(browser.findElement(By.id("demo-notice")).getText()).contains("demo stand-in for email");
            WebElement message = browser.findElements(By.cssSelector("article.message")).stream()
                    .filter(m -> m.findElement(By.className("to")).getText().equals(email)).findFirst()
                    .orElseThrow(() -> new AssertionError("no mail to " + email + " in the demo outbox"));
            java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("code is (\\d{6})")
                    .matcher(message.findElement(By.tagName("pre")).getText());
            assertThat(matcher.find()).isTrue();
            return matcher.group(1);
        } finally {
            browser.close();
            browser.switchTo().window(form);
        }
    }
}
