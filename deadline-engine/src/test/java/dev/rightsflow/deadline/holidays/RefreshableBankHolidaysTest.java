package dev.rightsflow.deadline.holidays;

import static dev.rightsflow.deadline.UkDivision.ENGLAND_AND_WALES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.rightsflow.deadline.ClockFacts;
import dev.rightsflow.deadline.DeadlineEngine;
import dev.rightsflow.deadline.StatutoryDeadline;
import dev.rightsflow.deadline.UkDivision;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one refreshable bank-holiday source: a refresh file re-read when it changes, a scheduled
 * fetch in gov.uk's format, and lists that are not taken (stale, broken, failed fetch).
 */
class RefreshableBankHolidaysTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Received 1 December 2028 in England: the date falls on 1 January 2029. */
    private static final ClockFacts DECEMBER_2028 = ClockFacts.received(ENGLAND_AND_WALES, LocalDate.parse("2028-12-01"));

    @Test
    void aChangedRefreshFileTakesEffectForTheNextCalculationWithoutARestart(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bank-holidays.json");
        Files.writeString(file, snapshotJson(), StandardCharsets.UTF_8);
        List<RefreshableBankHolidays.Change> changes = new CopyOnWriteArrayList<>();
        try (RefreshableBankHolidays source = RefreshableBankHolidays.open(HolidaySourceSettings.file(file.toString(),
                Duration.ofMillis(50)))) {
            source.onChange(changes::add);
            source.start();
            DeadlineEngine engine = DeadlineEngine.withHolidays(source);

            StatutoryDeadline before = engine.statutory(DECEMBER_2028);
            assertThat(before.due()).isEqualTo(LocalDate.parse("2029-01-02"));
            assertThat(before.provisionalReason()).contains("bank holidays for 2029 are not yet published by gov.uk");

            // gov.uk publishes 2029, with a one-off day on 2 January the rules cannot know.
            Files.writeString(file, withEnglishDays(snapshotJson(), "2029-01-01", "New Year’s Day",
                    "2029-01-02", "One-off bank holiday"), StandardCharsets.UTF_8);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                StatutoryDeadline after = engine.statutory(DECEMBER_2028);
                assertThat(after.due()).isEqualTo(LocalDate.parse("2029-01-03"));
                assertThat(after.provisional()).isFalse();
            });
            assertThat(changes).hasSize(1);
            assertThat(changes.get(0).before().isProvisional(ENGLAND_AND_WALES, 2029)).isTrue();
            assertThat(changes.get(0).after().isProvisional(ENGLAND_AND_WALES, 2029)).isFalse();
            assertThat(source.problem()).isEmpty();
        }
    }

    @Test
    void aStaleOrBrokenFileIsNotTakenAndTheListInUseStays(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bank-holidays.json");
        Files.writeString(file, withoutYear(snapshotJson(), "2028"), StandardCharsets.UTF_8);
        try (RefreshableBankHolidays source = RefreshableBankHolidays.open(HolidaySourceSettings.file(file.toString(), null))) {
            assertThat(source.problem()).hasValueSatisfying(p -> assertThat(p).contains("stale").contains("2027"));
            assertThat(source.isProvisional(ENGLAND_AND_WALES, 2028)).isFalse();

            Files.writeString(file, "<html>Service unavailable</html>", StandardCharsets.UTF_8);
            assertThat(source.checkFile()).isFalse();

            assertThat(source.problem()).hasValueSatisfying(p -> assertThat(p).contains("was not taken"));
            assertThat(source.holidayOn(ENGLAND_AND_WALES, LocalDate.parse("2028-12-26"))).isPresent();
            assertThat(source.isProvisional(ENGLAND_AND_WALES, 2028)).isFalse();
        }
    }

    @Test
    void aScheduledFetchInGovUksFormatIsTakenAndKeptInTheRefreshFile(@TempDir Path dir) throws IOException {
        byte[] published = withEnglishDays(snapshotJson(), "2029-01-01", "New Year’s Day").getBytes(StandardCharsets.UTF_8);
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/bank-holidays.json", exchange -> {
            calls.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, published.length);
            exchange.getResponseBody().write(published);
            exchange.close();
        });
        server.start();
        Path file = dir.resolve("kept/bank-holidays.json");
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/bank-holidays.json";
        try (RefreshableBankHolidays source = RefreshableBankHolidays.open(
                new HolidaySourceSettings(file.toString(), url, Duration.ofMillis(50), Duration.ofHours(1))).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !source.isProvisional(ENGLAND_AND_WALES, 2029));

            assertThat(calls.get()).isEqualTo(1);
            assertThat(Files.readAllBytes(file)).isEqualTo(published);
            assertThat(source.coverage(ENGLAND_AND_WALES)).startsWith("2018-2029 from gov.uk (" + url + ")");
            assertThat(DeadlineEngine.withHolidays(source).statutory(DECEMBER_2028).due()).isEqualTo(LocalDate.parse("2029-01-02"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aFailedFetchKeepsTheListInUseAndSaysWhy() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/bank-holidays.json";
        try (RefreshableBankHolidays source = RefreshableBankHolidays.open(new HolidaySourceSettings("", url, null, null))) {
            assertThat(source.fetchNow()).isFalse();

            assertThat(source.problem()).hasValueSatisfying(p -> assertThat(p).contains("HTTP 503"));
            assertThat(source.coverage(UkDivision.SCOTLAND)).startsWith("2018-2028 from gov.uk");
        } finally {
            server.stop(0);
        }
    }

    static String snapshotJson() throws IOException {
        try (InputStream in = GovUkBankHolidays.class.getResourceAsStream(GovUkBankHolidays.SNAPSHOT_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The gov.uk JSON with more England-and-Wales events: date, title, date, title... */
    static String withEnglishDays(String json, String... dateAndTitle) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(json);
        ArrayNode events = (ArrayNode) root.path("england-and-wales").path("events");
        for (int i = 0; i < dateAndTitle.length; i += 2) {
            events.addObject().put("title", dateAndTitle[i + 1]).put("date", dateAndTitle[i]).put("notes", "").put("bunting", true);
        }
        return JSON.writeValueAsString(root);
    }

    /** The gov.uk JSON without any event of a year, in every division (an older download). */
    static String withoutYear(String json, String year) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(json);
        for (UkDivision d : UkDivision.values()) {
            ArrayNode events = (ArrayNode) root.path(d.govUkKey()).path("events");
            for (int i = events.size() - 1; i >= 0; i--) {
                if (events.get(i).path("date").asText().startsWith(year + "-")) {
                    events.remove(i);
                }
            }
        }
        return JSON.writeValueAsString(root);
    }
}
