package dev.rightsflow.standalone;

import static dev.rightsflow.deadline.UkTime.UK;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.rightsflow.deadline.ClockFacts;
import dev.rightsflow.deadline.DeadlineEngine;
import dev.rightsflow.deadline.PlainWords;
import dev.rightsflow.deadline.UkDivision;
import dev.rightsflow.schemas.embedded.IndexedDiskBackend;
import dev.rightsflow.schemas.testing.HeadlessChrome;
import tools.jackson.databind.JsonNode;

/**
 * A member of staff of 25% M.E. Group logs a letter that arrived three weeks ago, in a real headless Chromium
 * against the whole standalone: the page hands it to intake's staff API, and the router, the dashboard (list, case
 * page, API) and the citizen's status API all count the statutory deadline from the day the letter arrived, not
 * from today. The scanned letter comes back to the organisation's staff, not to another's, and is still there after
 * the standalone is stopped and started again.
 */
class LoggedLetterBrowserTest {

    /** The demo's router admin token (the standalone's demo value). */
    static final String ROUTER_TOKEN = dev.rightsflow.router.security.AdminAuth.DEMO_ADMIN_TOKEN;
    static final byte[] SCAN = "%PDF-1.4\n% a scanned letter asking to erase my membership data\n%%EOF\n"
            .getBytes(StandardCharsets.US_ASCII);

    @TempDir
    static Path dataDir;
    @TempDir
    static Path files;

    static RunningSystem system;
    static WebDriver browser;

    @BeforeAll
    static void start() {
        // no periodic commit or checkpoint during the test: only the scan's own flush can make it durable
        system = RunningSystem.start(dataDir, Map.of("RIGHTSFLOW_DEMO_DATA", "false", "RIGHTSFLOW_CHECKPOINT_SECONDS", "3600"));
        browser = HeadlessChrome.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (system != null) {
            system.close();
        }
    }

    @Test
    void aLetterLoggedOnTheDashboardCountsFromTheDayItArrivedEverywhereAndItsScanIsKept() throws Exception {
        LocalDate today = LocalDate.now(UK);
        LocalDate arrived = today.minusDays(21);
        LocalDate due = DeadlineEngine.withBundledHolidays()
                .statutory(ClockFacts.received(UkDivision.ENGLAND_AND_WALES, arrived)).due();
        assertThat(due).as("the test means something only if the two days differ").isNotEqualTo(DeadlineEngine
                .withBundledHolidays().statutory(ClockFacts.received(UkDivision.ENGLAND_AND_WALES, today)).due());
        Path scan = Files.write(files.resolve("letter-from-lee.pdf"), SCAN);
        String base = "http://127.0.0.1:" + system.context.getEnvironment().getProperty("local.server.port");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));

        browser.get(base + "/dashboard/login");
        browser.findElement(By.id("username")).sendKeys("demo-me-group");
        browser.findElement(By.id("password")).sendKeys(Scenario.STAFF_PASSWORD);
        browser.findElement(By.id("sign-in")).click();
        wait.until(d -> d.findElements(By.id("log-request")).size() == 1);
        browser.findElement(By.id("log-request")).click();
        wait.until(d -> d.findElements(By.id("log-submit")).size() == 1);

        // a day in the future is refused with words on the page, and nothing is logged
        fill("channel", "letter");
        setDate(today.plusDays(1));
        fill("right", "erasure");
        browser.findElement(By.id("name")).sendKeys("Lee Letter");
        browser.findElement(By.id("email")).sendKeys("lee.letter@example.org");
        browser.findElement(By.id("postalAddress")).sendKeys("1 High Street, Stafford");
        browser.findElement(By.id("original")).sendKeys(scan.toString());
        browser.findElement(By.id("log-submit")).click();
        wait.until(d -> d.findElements(By.id("log-errors")).size() == 1);
        assertThat(browser.findElement(By.id("log-errors")).getText()).contains("Day received: must not be in the future");
        assertThat(browser.findElement(By.id("name")).getAttribute("value")).as("what was typed stays").isEqualTo("Lee Letter");

        setDate(arrived);
        browser.findElement(By.id("original")).sendKeys(scan.toString());
        browser.findElement(By.id("log-submit")).click();
        wait.until(d -> d.findElements(By.id("logged")).size() == 1);
        String requestId = browser.findElement(By.id("logged-request-id")).getText();
        assertThat(browser.findElement(By.id("logged-received-on")).getText()).isEqualTo(PlainWords.date(arrived));
        assertThat(browser.findElement(By.cssSelector("#logged-received-on time")).getAttribute("datetime"))
                .isEqualTo(arrived.toString());
        assertThat(browser.findElement(By.id("logged-deadline")).getText()).isEqualTo(PlainWords.date(due));
        String statusToken = browser.findElement(By.id("logged-status-token")).getText();
        // the scan is on no topic: before the page said it is kept, it was committed to the store's file (or, on the
        // memory store, in its checkpoint), so a kill -9 right now would not lose it
        assertThat(durableOriginals(requestId)).as("the scan in what a kill -9 now would leave on disk").isEqualTo(1);

        // the case list: the letter's case, received that day by letter, due a month from it
        browser.get(base + "/dashboard");
        // the rows refresh live as the case moves on: read them until they show it
        String rowSelector = "tr[data-request-id='" + requestId + "']";
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> d.findElements(By.cssSelector(rowSelector)).size() == 1
                        && d.findElement(By.cssSelector(rowSelector)).getText().contains("letter")
                        && d.findElement(By.cssSelector(rowSelector + " td.deadline")).getText().startsWith(PlainWords.date(due)));
        browser.get(base + "/dashboard/cases/" + requestId);
        // the case page refreshes live too: read it until it shows the deadline, who logged it and the original
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d ->
                d.findElements(By.id("case-deadline")).size() == 1
                        && d.findElement(By.id("case-deadline")).getText().startsWith(PlainWords.date(due))
                        && d.findElement(By.id("timeline")).getText().contains("Request received")
                        && d.findElement(By.id("timeline")).getText().contains("demo-me-group (staff")
                        && d.findElement(By.id("original")).getAttribute("href")
                                .endsWith("/api/v1/logged-requests/" + requestId + "/original"));

        // the router, the dashboard's API and the citizen's status all count from the day the letter arrived
        JsonNode routed = await("the router's case").atMost(Duration.ofSeconds(30)).until(() -> Scenario.json(system.http
                .get().uri("/api/v1/router/cases/{id}", requestId).headers(h -> h.setBearerAuth(ROUTER_TOKEN)).exchange()
                .returnResult(String.class).getResponseBody().blockFirst()), n -> n.has("statutoryDeadline"));
        assertThat(routed.path("statutoryDeadline").asText()).isEqualTo(due.toString());
        assertThat(Instant.parse(routed.path("receivedAt").asText()))
                .isEqualTo(arrived.atStartOfDay(UK).toInstant());
        JsonNode staffCase = new Scenario(system.http, "demo-me-group", Scenario.STAFF_PASSWORD).staffCase(requestId);
        assertThat(staffCase.path("deadline").path("statutoryDue").asText()).isEqualTo(due.toString());
        assertThat(staffCase.path("file").path("channel").asText()).isEqualTo("LETTER");
        JsonNode status = Scenario.json(system.http.get().uri("/api/v1/requests/{id}", requestId)
                .header("X-Status-Token", statusToken).exchange().expectStatus().isOk().expectBody(String.class)
                .returnResult().getResponseBody());
        assertThat(status.path("deadline").asText()).as("the requester's status").isEqualTo(due.toString());

        // the scan: back to the organisation's staff, not to another organisation's
        assertThat(original(system.http, "demo-me-group", requestId)).isEqualTo(SCAN);
        staff(system.http, "demo-ecs").get().uri("/api/v1/logged-requests/{id}/original", requestId).exchange()
                .expectStatus().isNotFound();

        // the dashboard's session signs a call in only with the page's header: a forged cross-site post is refused
        String session = browser.manage().getCookieNamed("SESSION").getValue();
        String body = """
                {"channel": "letter", "receivedOn": "%s", "request": {"right": "erasure", "organisationId": "me-group-25",
                 "subject": {"name": "Forged Post", "email": "forged@example.org"}}}""".formatted(today);
        system.http.post().uri("/api/v1/logged-requests").cookie("SESSION", session).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isForbidden();
        system.http.post().uri("/api/v1/logged-requests").cookie("SESSION", session).header("X-Rightsflow-Staff-Page", "test")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isAccepted()
                .expectBody().jsonPath("$.loggedBy").isEqualTo("demo-me-group");

        // and it survives a restart of the standalone
        system = system.restart();
        assertThat(original(system.http, "demo-me-group", requestId)).isEqualTo(SCAN);
    }

    /**
     * How many of the request's originals a restart after a {@code kill -9} right now would find: read back from what
     * the store in use has on disk, as a restart reads it. The disk store (the default) writes its file only when it
     * commits, so a copy of the file is what a kill would leave; the memory store's is its last checkpoint.
     */
    private static int durableOriginals(String requestId) throws java.io.IOException {
        String database = system.context.getBean(dev.rightsflow.intake.RequestIntakeProperties.class).database();
        de.bwaldvogel.mongo.bson.Document byId = new de.bwaldvogel.mongo.bson.Document("_id", requestId);
        Path mongo = dataDir.resolve("mongo");
        if (EmbeddedInfrastructure.StandaloneSettings.fromEnvironment(system.env).diskStore()) {
            Path copy = Files.createTempDirectory(files, "store-as-a-kill-leaves-it");
            Files.copy(mongo.resolve(IndexedDiskBackend.FILE_NAME), copy.resolve(IndexedDiskBackend.FILE_NAME));
            IndexedDiskBackend backend = IndexedDiskBackend.open(copy);
            try {
                assertThat(backend.recreated()).as("the store file as a kill leaves it opens").isFalse();
                var originals = backend.resolveDatabase(database).resolveCollection("logged_originals", false);
                return originals == null ? 0 : originals.count(byId, 0, 0);
            } finally {
                backend.close();
            }
        }
        var backend = new dev.rightsflow.schemas.embedded.IndexedMemoryBackend();
        assertThat(dev.rightsflow.schemas.embedded.MemorySnapshots.restore(backend, mongo.resolve("store.checkpoint")))
                .as("a checkpoint was written").isNotNull();
        var originals = backend.resolveDatabase(database).resolveCollection("logged_originals", false);
        return originals == null ? 0 : originals.count(byId, 0, 0);
    }

    private static byte[] original(WebTestClient http, String user, String requestId) {
        return staff(http, user).get().uri("/api/v1/logged-requests/{id}/original", requestId).exchange()
                .expectStatus().isOk().expectHeader().contentType(MediaType.APPLICATION_PDF)
                .expectBody(byte[].class).returnResult().getResponseBody();
    }

    private static WebTestClient staff(WebTestClient http, String user) {
        return http.mutate().defaultHeaders(h -> h.setBasicAuth(user, Scenario.STAFF_PASSWORD)).build();
    }

    private static void fill(String select, String value) {
        ((JavascriptExecutor) browser).executeScript("document.getElementById(arguments[0]).value = arguments[1]", select, value);
    }

    /** A date input's value is set directly: typing into one depends on the browser's locale. */
    private static void setDate(LocalDate day) {
        ((JavascriptExecutor) browser).executeScript(
                "var e = document.getElementById('receivedOn'); e.removeAttribute('max'); e.value = arguments[0]", day.toString());
    }
}
