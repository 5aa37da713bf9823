package dev.rightsflow.schemas.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Runs axe-core (Deque's accessibility engine, npm {@code axe-core}, here from its webjar
 * {@code org.webjars.npm:axe-core}) over the page a browser test has open, with axe's default rule set: WCAG 2
 * A and AA plus its best practices. The script is injected through WebDriver, which a page's
 * Content-Security-Policy does not govern, so pages are checked under their real policy.
 * <p>
 * Use it inside an existing browser test, on the driver it already has: {@link #check} returns what axe found,
 * {@link #assertNoViolations} fails with every violation listed (rule, impact, what to fix, the elements) and
 * prints one line per page checked ({@code axe: <page>: no violations (<n> rules passed, <t> ms)}), the figures
 * the READMEs quote.
 */
public final class Axe {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Axe.class);
    private static final String SOURCE = load();

    private Axe() {
    }

    /** What axe found on one page: its violations, described, and how many rules passed. */
    public record Result(String page, String url, List<String> violations, int passed, long millis) {

        public String summary() {
            return "axe: " + page + ": " + (violations.isEmpty() ? "no violations" : violations.size() + " violations")
                    + " (" + passed + " rules passed, " + millis + " ms)";
        }
    }

    /** Runs axe over the whole document now open in {@code driver}. */
    @SuppressWarnings("unchecked")
    public static Result check(WebDriver driver, String page) {
        long start = System.nanoTime();
        JavascriptExecutor js = (JavascriptExecutor) driver;
        js.executeScript(SOURCE);
        Object answer = js.executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']})"
                + ".then(function (r) { done({violations: r.violations, passed: r.passes.length}); })"
                + ".catch(function (e) { done({error: String(e)}); });");
        Map<String, Object> result = (Map<String, Object>) answer;
        if (result.containsKey("error")) {
            throw new IllegalStateException("axe-core failed on " + page + ": " + result.get("error"));
        }
        List<String> violations = new ArrayList<>();
        for (Map<String, Object> v : (List<Map<String, Object>>) result.get("violations")) {
            List<String> targets = new ArrayList<>();
            for (Map<String, Object> node : (List<Map<String, Object>>) v.get("nodes")) {
                targets.add(String.valueOf(node.get("target")) + " " + node.get("failureSummary"));
            }
            violations.add(v.get("id") + " (" + v.get("impact") + "): " + v.get("help") + " at " + targets);
        }
        Result checked = new Result(page, driver.getCurrentUrl(), violations, ((Number) result.get("passed")).intValue(),
                (System.nanoTime() - start) / 1_000_000);
        log.info("{}", checked.summary());
        return checked;
    }

    /** {@link #check} (which logs the page's summary line), failing with the violations if there are any. */
    public static Result assertNoViolations(WebDriver driver, String page) {
        Result result = check(driver, page);
        if (!result.violations().isEmpty()) {
            throw new AssertionError("axe-core found accessibility violations on " + page + " (" + result.url() + "):\n  "
                    + String.join("\n  ", result.violations()));
        }
        return result;
    }

    /** The minified script of the webjar on the test class path, found through its Maven coordinates. */
    private static String load() {
        ClassLoader loader = Axe.class.getClassLoader();
        Properties pom = new Properties();
        try (InputStream in = loader.getResourceAsStream("META-INF/maven/org.webjars.npm/axe-core/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("axe-core is not on the test class path: add the test dependency "
                        + "org.webjars.npm:axe-core (its version is managed in the root pom)");
            }
            pom.load(in);
            String path = "META-INF/resources/webjars/axe-core/" + pom.getProperty("version") + "/axe.min.js";
            try (InputStream script = loader.getResourceAsStream(path)) {
                if (script == null) {
                    throw new IllegalStateException("no " + path + " in the axe-core webjar");
                }
                return new String(script.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
