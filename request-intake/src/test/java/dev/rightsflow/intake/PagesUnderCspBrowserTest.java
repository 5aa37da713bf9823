package dev.rightsflow.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

import dev.rightsflow.schemas.testing.HeadlessChrome;

/**
 * The citizen pages keep their look under their Content-Security-Policy (issue 10, defect 8): the
 * policy allows no inline style except the page header's, by its hash, so a page whose style were
 * blocked would show unstyled. Checked in real headless Chromium on the form page.
 */
class PagesUnderCspBrowserTest extends IntakeIntegrationTest {

    WebDriver browser;

    @AfterEach
    void quit() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theHashedStyleAppliesUnderThePolicy() {
        browser = HeadlessChrome.start();
        browser.get("http://localhost:" + port + "/requests/new?organisationId=me-group-25");
        String background = browser.findElement(By.cssSelector("button[type=submit]")).getCssValue("background-color");
        assertThat(background).as("the button's colour from the header's <style>").isEqualTo("rgba(0, 112, 60, 1)");
        assertThat(browser.findElement(By.tagName("main")).getCssValue("max-width")).isEqualTo("none");
        assertThat(browser.findElement(By.tagName("body")).getCssValue("max-width")).isNotEqualTo("none");
    }

    /**
     * Every page names the site's icon, which loads under the pages' policy ({@code img-src 'self'}), and no page's
     * console shows an error: before the icon, every page logged a 404 for {@code /favicon.ico}.
     */
    @Test
    void theSiteIconLoadsUnderThePolicyAndNoPageLogsAnError() {
        browser = HeadlessChrome.start();
        for (String page : List.of("/requests/new?organisationId=me-group-25", "/")) {
            browser.get("http://localhost:" + port + page);
        }
        assertThat(HeadlessChrome.consoleErrors(browser)).as("console errors").isEmpty();
        Object icon = ((JavascriptExecutor) browser).executeAsyncScript(String.join("\n",
                "const done = arguments[arguments.length - 1];",
                "const img = new Image();",
                "img.onload = () => done(img.naturalWidth + 'x' + img.naturalHeight);",
                "img.onerror = () => done('failed');",
                "img.src = document.querySelector('link[rel=icon]').href;"));
        assertThat(icon).as("the icon the page names, loaded as an image under the page's policy").isEqualTo("32x32");
    }
}
