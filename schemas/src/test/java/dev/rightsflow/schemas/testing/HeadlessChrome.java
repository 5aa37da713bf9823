package dev.rightsflow.schemas.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Real headless Chromium for browser tests (schemas test-jar), from Debian's {@code chromium} and
 * {@code chromium-driver} packages, which {@code .ci/run} installs. Selenium is pointed at the
 * system driver so it never tries to download one (this machine reaches no browser download site).
 * The flags keep Chromium off the network it cannot reach.
 */
public final class HeadlessChrome {

    private static final String CHROMIUM = System.getProperty("rightsflow.chromium", "/usr/bin/chromium");
    private static final String DRIVER = System.getProperty("rightsflow.chromedriver", "/usr/bin/chromedriver");

    private HeadlessChrome() {
    }

    public static WebDriver start() {
        return start(new ChromeOptions());
    }

    /**
     * The same browser with JavaScript switched off (Chromium's content setting), for pages that must work without
     * it (progressive enhancement). WebDriver's own script calls still run, so {@link Axe} works on it.
     */
    public static WebDriver startWithoutJavaScript() {
        ChromeOptions options = new ChromeOptions();
        options.setExperimentalOption("prefs", java.util.Map.of("profile.managed_default_content_settings.javascript", 2));
        return start(options);
    }

    private static WebDriver start(ChromeOptions options) {
        if (!new File(CHROMIUM).canExecute() || !new File(DRIVER).canExecute()) {
            throw new IllegalStateException("Browser tests need Debian's chromium and chromium-driver ("
                    + CHROMIUM + ", " + DRIVER + "): apt-get install chromium chromium-driver, as .ci/run does");
        }
        options.setBinary(CHROMIUM);
        // the console's messages, for consoleErrors
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }

    /**
     * The errors the browser's console has shown since the last call (a resource that answered 404, such as a
     * missing {@code /favicon.ico}, a script error, a blocked resource), each as Chromium words it.
     */
    public static java.util.List<String> consoleErrors(WebDriver driver) {
        return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(org.openqa.selenium.logging.LogEntry::getMessage)
                .toList();
    }

    /** Saves a PNG of the current page, e.g. for the README. */
    public static Path screenshot(WebDriver driver, Path target) {
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
            return Files.write(target, png);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
