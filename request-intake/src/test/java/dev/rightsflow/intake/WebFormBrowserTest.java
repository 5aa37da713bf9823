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
import dev.rightsflow.schemas.testing.Axe;
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
        String base = openFormOf("25% M.E. Group");
        browser.navigate().back();
        Axe.assertNoViolations(browser, "home (choose an organisation)");
        browser.navigate().forward();
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Request to 25% M.E. Group");
        Axe.assertNoViolations(browser, "request form");

        assertThat(browser.findElements(By.cssSelector("fieldset[data-right]"))).as("with JavaScript, no right chosen yet:"
                + " no right's own fields").hasSize(5).noneMatch(WebElement::isDisplayed);
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("document.querySelectorAll('fieldset[data-right]')"
                + ".forEach(function (f) { f.hidden = false; f.disabled = false; });");
        Axe.assertNoViolations(browser, "request form, every right's fields shown (as without JavaScript)");
        new Select(browser.findElement(By.id("right"))).selectByValue("rectification");
        assertThat(browser.findElement(By.id("rectificationWhatIsWrong")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("consentWords")).isDisplayed()).isFalse();
        new Select(browser.findElement(By.id("right"))).selectByValue("consent_withdrawal");
        assertThat(browser.findElement(By.id("consentWords")).isDisplayed()).as("the chosen right's fields show").isTrue();
        assertThat(browser.findElement(By.id("rectificationWhatIsWrong")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("restrictionGround")).isEnabled()).as("hidden fields are not sent").isFalse();
        browser.findElement(By.id("name")).sendKeys("Morag Browser");
        browser.findElement(By.id("email")).sendKeys("not-an-email");
        browser.findElement(By.cssSelector("button[type=submit]")).click();

        assertThat(waitFor(By.id("error-summary")).getText()).contains("There is a problem");
        assertThat(browser.switchTo().activeElement().getAttribute("id")).as("the summary takes the focus")
                .isEqualTo("error-summary");
        assertThat(browser.findElement(By.id("email-error")).getText().replaceAll("\\s+", " "))
                .isEqualTo("Error: Enter an email address in the correct format, like name@example.com");
        assertThat(browser.findElement(By.cssSelector("#error-summary a[href='#email']")).getText())
                .isEqualTo("Enter an email address in the correct format, like name@example.com");
        assertThat(browser.getTitle()).startsWith("Error: ");
        assertThat(browser.findElement(By.id("consentWords")).isDisplayed()).as("the chosen right's fields, again").isTrue();
        assertThat(browser.findElements(By.id("purposes-error"))).as("naming no purpose is allowed").isEmpty();
        assertThat(browser.findElement(By.id("email")).getAttribute("aria-describedby")).isEqualTo("email-error");
        assertThat(browser.findElement(By.id("name")).getAttribute("value")).isEqualTo("Morag Browser");
        Axe.assertNoViolations(browser, "request form with errors");

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
        Axe.assertNoViolations(browser, "receipt");

        browser.findElement(By.linkText("Check a request you already made")).click();
        Axe.assertNoViolations(browser, "status: look-up form");
        browser.findElement(By.id("requestId")).sendKeys(requestId);
        browser.findElement(By.id("token")).sendKeys(token);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        assertThat(waitFor(By.id("state")).getText()).contains("finding the organisation responsible");
        assertThat(browser.findElement(By.id("deadline-words")).getText()).contains("must answer by");
        assertThat(browser.getCurrentUrl()).doesNotContain(token);
        Axe.assertNoViolations(browser, "status of a request");

        browser.findElement(By.id("requestId")).clear();
        browser.findElement(By.id("requestId")).sendKeys(requestId);
        browser.findElement(By.id("token")).sendKeys("wrong-token");
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        assertThat(waitFor(By.id("lookup-error")).getText()).contains("No request matches");
        Axe.assertNoViolations(browser, "status: no such request");

        browser.get(base + "/requests/new?organisationId=no-such-organisation");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Organisation not found");
        Axe.assertNoViolations(browser, "organisation not found");
    }

    /**
     * Without JavaScript every field shows, each right's own under a heading saying when it applies, and the form
     * still works: errors in plain words next to each field and in a summary linking to them, then the request.
     */
    @Test
    void withoutJavaScriptEveryFieldShowsErrorsReadPlainlyAndTheFormStillWorks() {
        browser = HeadlessChrome.startWithoutJavaScript();
        browser.get("http://localhost:" + port + "/requests/new?organisationId=me-group-25");
        assertThat(browser.findElements(By.cssSelector("fieldset[data-right]"))).hasSize(5).allMatch(WebElement::isDisplayed);
        assertThat(browser.findElement(By.id("fields-rectification")).getText()).startsWith("If you ask for a correction");
        // axe cannot run here (its promises need the page's JavaScript): the first test checks this layout.

        browser.findElement(By.cssSelector("button[type=submit]")).click();
        waitFor(By.id("error-summary"));
        assertThat(browser.findElements(By.cssSelector("#error-summary a"))).extracting(e -> e.getAttribute("hash")
                + " " + e.getText()).containsExactly(
                "#right Choose what you want us to do with your data",
                "#name Enter your full name",
                "#email Enter your email address");
        assertThat(browser.findElement(By.id("right-error")).getText().replaceAll("\\s+", " "))
                .isEqualTo("Error: Choose what you want us to do with your data");
        assertThat(browser.getPageSource()).doesNotContain("must not be blank").doesNotContain("must not be null");

        new Select(browser.findElement(By.id("right"))).selectByValue("rectification");
        browser.findElement(By.id("name")).sendKeys("Nia Noscript");
        browser.findElement(By.id("email")).sendKeys("nia.noscript@example.org");
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        waitFor(By.id("error-summary"));
        assertThat(browser.findElements(By.cssSelector("#error-summary a"))).extracting(WebElement::getText).containsExactly(
                "Say which of your data is wrong", "Say what your data should be instead");
        assertThat(browser.findElement(By.id("name")).getAttribute("value")).isEqualTo("Nia Noscript");

        browser.findElement(By.id("rectificationWhatIsWrong")).sendKeys("my postcode");
        browser.findElement(By.id("rectificationCorrection")).sendKeys("ST16 1AA");
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        String requestId = waitFor(By.id("request-id")).getText();
        dev.rightsflow.schemas.avro.RequestReceived received = (dev.rightsflow.schemas.avro.RequestReceived)
                eventsOf(Topics.REQUESTS, requestId).get(0);
        assertThat(received.getDetails().getRectificationCorrection()).isEqualTo("ST16 1AA");
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
        Axe.assertNoViolations(browser, "withdrawal: confirm");

        browser.findElement(By.id("keep")).click();
        waitFor(By.id("state"));
        assertThat(eventsOf(Topics.CASE_COMMANDS, requestId)).isEmpty();

        browser.findElement(By.id("withdraw")).click();
        waitFor(By.id("confirm-withdraw")).click();
        assertThat(waitFor(By.id("withdrawn-now")).getText()).contains("You have withdrawn this request");
        assertThat(browser.findElements(By.id("withdraw"))).isEmpty();
        Axe.assertNoViolations(browser, "withdrawal: withdrawn");
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
        Axe.assertNoViolations(browser, "receipt: code needed");

        String code = codeFromOutboxTab(base, "morag.browser.code@example.org");
        String wrong = code.equals("000000") ? "111111" : "000000";
        browser.findElement(By.id("code")).sendKeys(wrong);
        browser.findElement(By.cssSelector("form[action='/requests/verify'] button[type=submit]")).click();
        assertThat(waitFor(By.id("code-error")).getText()).isNotBlank();
        assertThat(browser.findElement(By.id("code")).getAttribute("aria-describedby")).isEqualTo("code-error");
        Axe.assertNoViolations(browser, "verification: wrong code");

        browser.findElement(By.id("code")).sendKeys(code);
        browser.findElement(By.cssSelector("form[action='/requests/verify'] button[type=submit]")).click();
        waitForText(By.tagName("h1"), "Thank you, your identity is confirmed");
        Axe.assertNoViolations(browser, "verification: confirmed");
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
            Axe.assertNoViolations(browser, "demo outbox");
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
