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

    @Test
    void citizenMakesAnErasureRequestSeesErrorsNextToFieldsThenChecksItsStatus() {
        browser = HeadlessChrome.start();
        String base = "http://localhost:" + port;
        browser.get(base + "/");
        browser.findElement(By.linkText("25% M.E. Group")).click();
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Request to 25% M.E. Group");

        new Select(browser.findElement(By.id("right"))).selectByValue("consent_withdrawal");
        browser.findElement(By.id("name")).sendKeys("Morag Browser");
        browser.findElement(By.id("email")).sendKeys("not-an-email");
        browser.findElement(By.cssSelector("button[type=submit]")).click();

        assertThat(waitFor(By.id("error-summary")).getText()).contains("There is a problem");
        assertThat(browser.findElement(By.id("email-error")).getText()).isNotBlank();
        assertThat(browser.findElement(By.id("purposes-error")).getText()).contains("purpose");
        assertThat(browser.findElement(By.id("email")).getAttribute("aria-describedby")).isEqualTo("email-error");
        assertThat(browser.findElement(By.id("name")).getAttribute("value")).isEqualTo("Morag Browser");

        browser.findElement(By.id("email")).clear();
        browser.findElement(By.id("email")).sendKeys("morag.browser@example.org");
        browser.findElement(By.id("consentPurposes")).sendKeys("contact-list-publication");
        browser.findElement(By.cssSelector("button[type=submit]")).click();

        assertThat(waitFor(By.id("request-id")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Request received");
        String requestId = browser.findElement(By.id("request-id")).getText();
        String token = browser.findElement(By.id("status-token")).getText();
        assertThat(browser.findElement(By.id("deadline")).getText()).contains("must answer by");
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
}
