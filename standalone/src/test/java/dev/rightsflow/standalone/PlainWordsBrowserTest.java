package dev.rightsflow.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;

import dev.rightsflow.schemas.testing.HeadlessChrome;
import tools.jackson.databind.JsonNode;

/**
 * The whole standalone in real headless Chromium: an ECS member of staff confirms a manual access task on the
 * dashboard with a copy of a letter attached and a record typed; the subject's access package holds the letter
 * byte for byte and its README lists, per system by name, what was searched by which identifiers and what was
 * found; the subject's status page names the organisation and its systems, with dates in words and UK times.
 */
class PlainWordsBrowserTest {

    @TempDir
    static Path uploads;

    @RegisterExtension
    static final SharedSystem shared = SharedSystem.WITH_DEMO_DATA;
    static RunningSystem system;

    @BeforeAll
    static void start() {
        // the test polls the status API twice a second, above the citizen rate limit one address gets
        system = shared.system();
    }

    @Test
    void aManualTaskConfirmedWithAnAttachedLetterEndsUpInThePackageAndTheStatusPageSpeaksInWords() throws IOException {
        Scenario staff = new Scenario(system.http, "demo-ecs", Scenario.STAFF_PASSWORD);
        Scenario.Submitted access = staff.submit(Map.of("right", "access", "organisationId", "ecs", "serviceId", "ecs-website",
                "subject", Map.of("name", "Robin Words", "email", "robin.words@example.org")));
        String port = system.context.getEnvironment().getProperty("local.server.port");
        String base = "http://127.0.0.1:" + port;
        byte[] letter = "%PDF-1.4\n% Robin's letter of 2 October, scanned\n".getBytes(StandardCharsets.US_ASCII);
        Path file = Files.write(uploads.resolve("letter-2-october.pdf"), letter);

        WebDriver browser = HeadlessChrome.start();
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            browser.get(base + "/dashboard");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
            browser.findElement(By.id("username")).sendKeys("demo-ecs");
            browser.findElement(By.id("password")).sendKeys(Scenario.STAFF_PASSWORD);
            browser.findElement(By.id("sign-in")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("cases")));

            // Staff confirm the first manual export in the browser with the letter and a record, the others by API.
            Set<String> confirmed = new HashSet<>();
            JsonNode done = staff.awaitStatus(access, "the package is ready, the manual tasks confirmed by staff", s -> {
                for (JsonNode task : Scenario.list(staff.staffCase(access.requestId()).path("file").path("tasks"))) {
                    String taskId = task.path("taskId").asText();
                    if (!"NEEDS_PERSON".equals(task.path("state").asText()) || !confirmed.add(taskId)) {
                        continue;
                    }
                    if (confirmed.size() == 1) {
                        confirmInTheBrowser(browser, wait, base, access.requestId(), taskId, file);
                    } else {
                        staff.staffAction(access.requestId(), "confirm-manual-task", Map.of("taskId", taskId, "subjectFound", false,
                                "evidence", "Searched; nothing about the subject"));
                    }
                }
                return !s.path("accessPackageUrl").isMissingNode() && !s.path("accessPackageUrl").isNull();
            });
            String firstManual = confirmed.iterator().next();
            assertThat(confirmed).as("ECS has manual systems").isNotEmpty();

            String packageId = done.path("accessPackageUrl").asText().replaceAll(".*/", "");
            byte[] zip = system.http.post().uri("/api/v1/packages/{id}", packageId).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .body(BodyInserters.fromFormData("token", access.statusToken())).exchange().expectStatus().isOk()
                    .expectBody(byte[].class).returnResult().getResponseBody();
            Map<String, byte[]> entries = unzip(zip);
            String attached = entries.keySet().stream().filter(n -> n.endsWith("/files/letter-2-october.pdf")).findFirst().orElseThrow(
                    () -> new AssertionError("no attached letter in " + entries.keySet() + " (first manual task " + firstManual + ")"));
            assertThat(entries.get(attached)).isEqualTo(letter);
            String readme = new String(entries.get("README.txt"), StandardCharsets.UTF_8);
            assertThat(readme).contains("What we searched, and what we found")
                    .contains("searched by email address and name, by a person; found 1 record and 1 copy of a file.")
                    .contains("Files: " + attached)
                    .contains("nothing about you was found")
                    .doesNotContain("robin.words@example.org: ");

            // The subject's status page, in the browser: names and dates in words.
            browser.get(base + "/requests/status");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("requestId")));
            browser.findElement(By.id("requestId")).sendKeys(access.requestId());
            browser.findElement(By.id("token")).sendKeys(access.statusToken());
            browser.findElement(By.cssSelector("form[action='/requests/status'] button")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("history")));
            assertThat(browser.findElement(By.id("controller")).getText())
                    .isEqualTo("Organisation responsible: Engaging Communities Staffordshire (ECS)");
            assertThat(browser.findElement(By.id("received")).getText())
                    .matches("Received \\w+day \\d{1,2} \\w+ \\d{4} at \\d{2}:\\d{2} (GMT|BST)\\.");
            assertThat(browser.findElement(By.id("history")).getText()).contains("Engaging Communities Staffordshire (ECS)")
                    .doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}T");
            assertThat(browser.findElements(By.cssSelector("table tbody tr td:first-child")).stream().map(WebElement::getText))
                    .as("systems by their names in the data map, not their ids")
                    .contains("OpenCRM database", "Microsoft Office 365 mail and cloud storage")
                    .doesNotContain("opencrm", "office-365", "snap-surveys");
        } finally {
            browser.quit();
        }
    }

    private static void confirmInTheBrowser(WebDriver browser, WebDriverWait wait, String base, String requestId, String taskId,
            Path file) {
        browser.get(base + "/dashboard/cases/" + requestId);
        WebElement form = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("action-confirm-manual-task-" + taskId)));
        new Select(form.findElement(By.name("subjectFound"))).selectByValue("true");
        form.findElement(By.name("evidence")).sendKeys("Found Robin's letter in the shared mailbox");
        form.findElement(By.cssSelector("input[name='searchedBy'][value='email address']")).click();
        form.findElement(By.cssSelector("input[name='searchedBy'][value='name']")).click();
        form.findElement(By.name("files")).sendKeys(file.toAbsolutePath().toString());
        form.findElement(By.name("records")).sendKeys("email | subject: About my survey answers | sent: 2 October 2026");
        form.findElement(By.cssSelector("button[type='submit']")).click();
        wait.until(ExpectedConditions.urlContains("done="));
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                files.put(entry.getName(), in.readAllBytes());
            }
        }
        return files;
    }
}
