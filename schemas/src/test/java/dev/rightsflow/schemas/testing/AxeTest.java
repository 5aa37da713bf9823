package dev.rightsflow.schemas.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebDriver;

/** The axe helper finds what it should: a page with an unlabelled field and an image without text fails; a sound one passes. */
class AxeTest {

    static WebDriver browser;

    @BeforeAll
    static void start() {
        browser = HeadlessChrome.start();
    }

    @AfterAll
    static void quit() {
        browser.quit();
    }

    private static void open(String body) {
        String html = "<!DOCTYPE html><html lang=\"en\"><head><title>Test page</title></head><body><main><h1>Test</h1>"
                + body + "</main></body></html>";
        browser.get("data:text/html;base64," + Base64.getEncoder().encodeToString(html.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anUnlabelledFieldAndAnImageWithoutTextAreViolationsNamedWithTheirElements() {
        open("<form><input id=\"email\" name=\"email\"><img src=\"data:,\"></form>");
        Axe.Result result = Axe.check(browser, "broken page");
        assertThat(result.violations()).anyMatch(v -> v.startsWith("label (critical)") && v.contains("#email"))
                .anyMatch(v -> v.startsWith("image-alt (critical)"));
        assertThatThrownBy(() -> Axe.assertNoViolations(browser, "broken page")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("image-alt");
    }

    @Test
    void aLabelledFieldPasses() {
        open("<form><label for=\"email\">Email address</label><input id=\"email\" name=\"email\" type=\"email\"></form>");
        assertThat(Axe.assertNoViolations(browser, "sound page").passed()).isPositive();
    }
}
