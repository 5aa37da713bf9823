package dev.rightsflow.standalone.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.kafka.TopicAdmin;
import tools.jackson.databind.json.JsonMapper;

/**
 * Demo data for the embedded run: on the first start (no request on the requests topic yet) the
 * standalone sends one typical request per reference customer through its own public API, as a
 * citizen would, so the dashboard shows the seed scenarios at once. The people are invented.
 * {@code RIGHTSFLOW_DEMO_DATA=false} turns it off; it never runs against a topic that has requests.
 */
public final class DemoRequests {

    public static final String ENV = "RIGHTSFLOW_DEMO_DATA";
    private static final Logger log = LoggerFactory.getLogger(DemoRequests.class);

    /** One scenario per reference customer, in the words of its privacy notice. */
    public static final List<Map<String, Object>> SCENARIOS = List.of(
            // MES is the processor for an NHS trust's membership site: forwarded to the trust.
            Map.of("right", "erasure", "organisationId", "mes", "serviceId", "northshire-membership",
                    "subject", Map.of("name", "Demo Member", "email", "demo.member@example.org")),
            // ECS as controller: an access request across its systems.
            Map.of("right", "access", "organisationId", "ecs",
                    "subject", Map.of("name", "Demo Resident", "email", "demo.resident@example.org")),
            // 25% M.E. Group (Scotland): consent withdrawal for the members' contact list.
            Map.of("right", "consent_withdrawal", "organisationId", "me-group-25", "serviceId", "me-group-membership",
                    "subject", Map.of("name", "Demo Carer", "email", "demo.carer@example.org"),
                    "details", Map.of("consentPurposes", List.of("contact-list-email", "contact-list-date-of-birth"))),
            // Empower: access needs documentary evidence of identity; its own 5/20 working-day targets.
            Map.of("right", "access", "organisationId", "empower",
                    "subject", Map.of("name", "Demo Participant", "email", "demo.participant@example.org")),
            // Research in Practice, public account: objection to direct marketing means suppression.
            Map.of("right", "objection", "organisationId", "rip", "serviceId", "rip-website",
                    "relationship", "public-account",
                    "subject", Map.of("name", "Demo Practitioner", "email", "demo.practitioner@example.org"),
                    "details", Map.of("objectionDirectMarketing", true)));

    private DemoRequests() {
    }

    public static boolean enabled(Map<String, String> env) {
        String value = env.get(ENV);
        return value == null || !value.trim().equalsIgnoreCase("false");
    }

    /**
     * Sends the scenarios when no request was ever received; each with an idempotency key, so a
     * second call changes nothing. Failures are logged, never fatal: this is only demo data.
     */
    public static void sendOnFirstStart(String kafkaBootstrap, int httpPort) {
        if (TopicAdmin.recordsEverWritten(kafkaBootstrap, Topics.REQUESTS) > 0) {
            return;
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        JsonMapper json = JsonMapper.builder().build();
        int sent = 0;
        for (int i = 0; i < SCENARIOS.size(); i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/v1/requests"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", "rightsflow-demo-" + (i + 1))
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(SCENARIOS.get(i))))
                    .build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 202) {
                    sent++;
                } else {
                    log.warn("demo request {} was answered {}", i + 1, response.statusCode());
                }
            } catch (IOException e) {
                log.warn("demo request {} not sent: {}", i + 1, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        log.info("sent {} demo requests, one per reference customer (RIGHTSFLOW_DEMO_DATA=false to skip)", sent);
    }
}
