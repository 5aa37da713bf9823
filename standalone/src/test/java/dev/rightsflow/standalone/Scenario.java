package dev.rightsflow.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a citizen and a member of staff do through HTTP, step by step, against a running system:
 * the end-to-end tests are written in these words.
 */
final class Scenario {

    static final String STAFF_USER = "demo-northshire";
    static final String STAFF_PASSWORD = "demo-password";
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final WebTestClient http;
    private final String staffUser;
    private final String staffPassword;

    Scenario(WebTestClient http) {
        this(http, STAFF_USER, STAFF_PASSWORD);
    }

    /** The same steps, with another member of staff signed in to the dashboard API. */
    Scenario(WebTestClient http, String staffUser, String staffPassword) {
        this.http = http;
        this.staffUser = staffUser;
        this.staffPassword = staffPassword;
    }

    record Submitted(String requestId, String statusToken, String provisionalDeadline) {
    }

    Submitted submit(Map<String, Object> body) {
        JsonNode receipt = json(http.post().uri("/api/v1/requests").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isAccepted().expectBody(String.class).returnResult()
                .getResponseBody());
        return new Submitted(receipt.path("requestId").asText(), receipt.path("statusToken").asText(),
                receipt.path("provisionalDeadline").asText());
    }

    JsonNode status(Submitted request) {
        return json(http.get().uri("/api/v1/requests/{id}", request.requestId())
                .header("X-Status-Token", request.statusToken()).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
    }

    JsonNode awaitStatus(Submitted request, String what, Predicate<JsonNode> condition) {
        List<JsonNode> last = new ArrayList<>(1);
        try {
            await(what).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
                JsonNode status = status(request);
                last.clear();
                last.add(status);
                return condition.test(status);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(what + "; last status: " + (last.isEmpty() ? "none" : last.get(0)), e);
        }
        return last.get(0);
    }

    /** The open cases this member of staff may see, most urgent first. */
    JsonNode staffCases() {
        return json(http.get().uri("/api/v1/dashboard/cases").headers(h -> h.setBasicAuth(staffUser, staffPassword))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
    }

    /** The staff view of the case on the dashboard API. */
    JsonNode staffCase(String requestId) {
        return json(http.get().uri("/api/v1/dashboard/cases/{id}", requestId)
                .headers(h -> h.setBasicAuth(staffUser, staffPassword)).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
    }

    void staffAction(String requestId, String action, Map<String, Object> body) {
        http.post().uri("/api/v1/dashboard/cases/{id}/actions/{action}", requestId, action)
                .headers(h -> h.setBasicAuth(staffUser, staffPassword)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isAccepted();
    }

    JsonNode audit(String path, String requestId) {
        return json(http.get().uri(path, requestId).headers(h -> h.setBasicAuth(staffUser, staffPassword))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
    }

    /**
     * A citizen's erasure request sent to MES about an NHS trust's membership site (MES is the
     * processor, the trust the controller): forwarded, planned, carried out on the trust's systems,
     * the manual tasks confirmed by the trust's staff, until every task has an outcome.
     *
     * @return the request and its final citizen status
     */
    Map.Entry<Submitted, JsonNode> erasureThroughTheProcessorIsCarriedOut() {
        return erasureThroughTheProcessorIsCarriedOut(Map.of("name", "Jo Member", "email", "jo.member@example.org"),
                Map.of());
    }

    /** As above, for this subject and with these request details. */
    Map.Entry<Submitted, JsonNode> erasureThroughTheProcessorIsCarriedOut(Map<String, Object> subject,
            Map<String, Object> details) {
        Submitted erasure = submit(Map.of("right", "erasure", "organisationId", "mes",
                "serviceId", "northshire-membership", "subject", subject, "details", details));
        assertThat(erasure.requestId()).isNotBlank();
        assertThat(erasure.statusToken()).isNotBlank();
        assertThat(erasure.provisionalDeadline()).matches("\\d{4}-\\d{2}-\\d{2}");

        JsonNode planned = awaitStatus(erasure, "the trust is the controller and the tasks are planned",
                s -> "northshire-nhs-ft".equals(s.path("controllerId").asText()) && s.path("tasks").size() > 1);
        assertThat(planned.path("deadline").asText()).isEqualTo(erasure.provisionalDeadline());

        // Staff confirm each manual task as it comes to wait for a person, until every task has an outcome.
        Set<String> confirmed = new HashSet<>();
        JsonNode done = awaitStatus(erasure, "every task has an outcome, the manual ones confirmed by staff", s -> {
            for (JsonNode task : list(staffCase(erasure.requestId()).path("file").path("tasks"))) {
                String taskId = task.path("taskId").asText();
                if ("NEEDS_PERSON".equals(task.path("state").asText()) && confirmed.add(taskId)) {
                    staffAction(erasure.requestId(), "confirm-manual-task", Map.of("taskId", taskId, "subjectFound",
                            true, "evidence", "Removed the member's records; checked by the membership office"));
                }
            }
            return "READY_TO_ANSWER".equals(s.path("state").asText());
        });
        assertThat(confirmed).as("manual tasks confirmed by the trust's staff").isNotEmpty();
        assertThat(list(done.path("tasks"))).isNotEmpty()
                .allSatisfy(t -> assertThat(t.path("outcome").asText()).isNotBlank());
        return Map.entry(erasure, done);
    }

    static JsonNode json(String body) {
        assertThat(body).isNotBlank();
        return JSON.readTree(body);
    }

    static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }
}
