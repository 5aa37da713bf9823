package dev.rightsflow.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;

import dev.rightsflow.schemas.Topics;

/**
 * What an operator sees of a healthy embedded run, over HTTP as a load balancer and Prometheus see
 * it: health UP with its liveness and readiness groups, the metrics behind the operator token, and
 * after requests have flowed the named series with their labels in the Prometheus scrape.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneOperationsTest {

    /** The demo's operator token (the standalone's default for RIGHTSFLOW_ACTUATOR_TOKEN). */
    static final String OPERATOR_TOKEN = "dev-connectors-operator-token";

    @TempDir
    static Path dataDir;

    static RunningSystem system;

    /**
     * A system of its own: on the shared one, after another class's requests, the intake's consumer
     * lag series was once missing from the scrape (cause not found; the machine was at load 70-90).
     * The open-case gauges are read from audit-log's case index at each scrape, so a new case is counted at once.
     */
    @BeforeAll
    static void start() {
        system = RunningSystem.start(dataDir, Map.of("RIGHTSFLOW_DEMO_DATA", "false"));
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    @Order(0)
    void healthIsUpWithTheStoreAndEveryServiceAndSoAreLivenessAndReadiness() {
        system.http.get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.mongo.status").isEqualTo("UP")
                .jsonPath("$.components.auditLogProjectionState.status").isEqualTo("UP")
                .jsonPath("$.components.routerProjectionState.status").isEqualTo("UP");
        system.http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("UP");
        system.http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.intakeProjectionState.status").isEqualTo("UP")
                .jsonPath("$.components.connectorsProjectionState.status").isEqualTo("UP");
    }

    @Test
    @Order(1)
    void metricsNeedTheOperatorTokenWhileHealthNeedsNone() {
        system.http.get().uri("/actuator/prometheus").exchange().expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals("WWW-Authenticate", "Bearer realm=\"rightsflow-operations\"");
        system.http.get().uri("/actuator/metrics").header("Authorization", "Bearer not-the-token").exchange()
                .expectStatus().isUnauthorized();
        system.http.get().uri("/actuator").exchange().expectStatus().isUnauthorized();
        system.http.get().uri("/actuator/metrics").header("Authorization", "Bearer " + OPERATOR_TOKEN).exchange()
                .expectStatus().isOk();
    }

    @Test
    @Order(2)
    void anOpenCaseCountsInItsDaysLeftBand() throws Exception {
        Scenario scenario = new Scenario(system.http);
        Scenario.Submitted request = scenario.submit(Map.of("right", "access", "organisationId", "ecs",
                "subject", Map.of("name", "Sam Open", "email", "sam.open@example.org")));
        scenario.awaitStatus(request, "the case is open", s -> "ecs".equals(s.path("controllerId").asText()));
        // the gauges are recounted every 2 s here (see start()); a month's deadline puts a new case in the 31+ band or just below
        await("the open case in a days-left band").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2))
                .until(() -> sum(scrape(), "rightsflow_cases_open", "band", "(31\\+|15-30)") >= 1);
        String scrape = scrape();
        for (String band : List.of("overdue", "0-7", "8-14", "15-30", "31+", "no-clock")) {
            assertThat(series(scrape, "rightsflow_cases_open", "band", Pattern.quote(band))).as(band).isNotEmpty();
        }
        assertThat(sum(scrape, "rightsflow_cases_overdue", null, null)).isZero();
    }

    @Test
    @Order(3)
    void afterARequestFlowsTheScrapeHasItsSeriesWithTheirLabels() throws Exception {
        new Scenario(system.http).erasureThroughTheProcessorIsCarriedOut();
        String scrape = await("the flow's series").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(StandaloneOperationsTest::scrape, s -> sum(s, "rightsflow_task_outcomes_total", "outcome", "completed") >= 1);

        assertThat(sum(scrape, "rightsflow_requests_received_total", "right", "erasure")).isGreaterThanOrEqualTo(1);
        assertThat(series(scrape, "rightsflow_requests_received_total", "right", "erasure").get(0))
                .contains("channel=\"api\"");
        assertThat(series(scrape, "rightsflow_task_outcomes_total", "outcome", "needs_person"))
                .anySatisfy(line -> assertThat(line).contains("connector=\"manual\""));
        assertThat(series(scrape, "rightsflow_task_outcomes_total", "outcome", "completed"))
                .allSatisfy(line -> assertThat(line).containsPattern("connector=\"[a-z-]+\""));
        assertThat(series(scrape, "http_server_requests_seconds_count", "uri", Pattern.quote("/api/v1/requests")))
                .anySatisfy(line -> assertThat(line).contains("method=\"POST\"", "status=\"202\""));
        for (String group : List.of("rightsflow-intake", "rightsflow-router", "rightsflow-connectors", "rightsflow-audit-log")) {
            assertThat(series(scrape, "kafka_consumer_fetch_manager_records_lag_max", "service", Pattern.quote(group)))
                    .as("consumer lag of %s", group).isNotEmpty();
        }
        for (String service : List.of("request-intake", "router", "processor-connectors", "audit-log")) {
            assertThat(sum(scrape, "rightsflow_ready", "service", Pattern.quote(service))).as(service).isEqualTo(1);
        }
    }

    /** The disk store (the default) as an operator watches its file grow and its commits hold the services. */
    @Test
    @Order(3)
    void theDiskStoresFileAndCommitsAreInTheScrape() throws Exception {
        // commits come every RIGHTSFLOW_CHECKPOINT_SECONDS (30 by default): the flow above wrote pages to commit
        String scrape = await("a commit of the disk store").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2))
                .until(StandaloneOperationsTest::scrape, s -> sum(s, "rightsflow_store_commits_total", null, null) >= 1);
        long fileBytes = java.nio.file.Files.size(dataDir.resolve("mongo").resolve("store.mv.db"));
        double reported = sum(scrape, "rightsflow_store_file_size_bytes", null, null);
        assertThat(reported).as("the file's size as of the last commit").isPositive().isLessThanOrEqualTo(fileBytes);
        assertThat(sum(scrape, "rightsflow_store_file_live_ratio", null, null)).isStrictlyBetween(0.0, 1.0 + 1e-9);
        double commits = sum(scrape, "rightsflow_store_commits_total", null, null);
        assertThat(sum(scrape, "rightsflow_store_commit_held_seconds_count", null, null)).isEqualTo(commits);
        assertThat(sum(scrape, "rightsflow_store_commit_held_seconds_sum", null, null)).isPositive();
        assertThat(sum(scrape, "rightsflow_store_commit_held_max_seconds", null, null)).isPositive()
                .isLessThanOrEqualTo(sum(scrape, "rightsflow_store_commit_held_seconds_sum", null, null));
        assertThat(sum(scrape, "rightsflow_store_commit_write_seconds_sum", null, null)).isPositive();
    }

    @Test
    @Order(4)
    void anUndecodableRecordCountsAsFailedAndDeadLettered() throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, system.context.getEnvironment().getProperty("rightsflow.kafka.bootstrap-servers"));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.REQUESTS, "not-a-request", new byte[] {1, 2, 3})).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        String scrape = await("the dead letter counted").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(StandaloneOperationsTest::scrape,
                        s -> sum(s, "rightsflow_kafka_dead_letters_total", "service", "router") >= 1);
        assertThat(series(scrape, "rightsflow_kafka_dead_letters_total", "service", "router"))
                .anySatisfy(line -> assertThat(line).contains("topic=\"" + Topics.REQUESTS + "\""));
        assertThat(sum(scrape, "rightsflow_kafka_delivery_failures_total", "service", "router")).isGreaterThanOrEqualTo(1);
    }

    /** The scrape as Prometheus makes it (a plain HTTP client: the scrape is larger than WebTestClient buffers). */
    @Test
    @Order(5)
    void everyMetricTheGrafanaDashboardQueriesIsInTheScrape() throws Exception {
        String dashboard = java.nio.file.Files.readString(Path.of("..", "docs", "grafana", "rightsflow.json"));
        String scrape = scrape();
        Matcher names = Pattern.compile("\\b((?:rightsflow|kafka_consumer|http_server)_[a-z_]+)").matcher(dashboard);
        List<String> queried = names.results().map(m -> m.group(1)).distinct().toList();
        assertThat(queried).contains("rightsflow_cases_open", "rightsflow_requests_received_total",
                "kafka_consumer_fetch_manager_records_lag_max", "http_server_requests_seconds_bucket");
        for (String name : queried) {
            assertThat(scrape.lines().anyMatch(l -> l.startsWith(name + "{") || l.startsWith(name + " ")))
                    .as("%s is in the scrape", name).isTrue();
        }
    }

    /**
     * What an integrator generates a client from: one OpenAPI document per service, titled and versioned, every
     * operation with an id, its credentials, its errors and examples, and Redocly's recommended rules find no error.
     */
    @Test
    @Order(6)
    void everyServicesApiDocumentIsCompleteAndRedoclyFindsNoError() throws Exception {
        List<Path> documents = ApiDocumentLint.writeDocuments(system.http);
        assertThat(documents).hasSize(4);
        system.http.get().uri("/v3/api-docs/request-intake").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.paths['/api/v1/requests'].post.responses['202']").exists()
                .jsonPath("$.paths['/api/v1/requests'].post.responses['200']").doesNotExist()
                .jsonPath("$.components.securitySchemes.processorSignature.name").isEqualTo("X-Rightsflow-Signature")
                .jsonPath("$.components.securitySchemes.openDsrSignature.name").isEqualTo("X-OpenDSR-Signature")
                .jsonPath("$.paths['/opendsr/v2/requests'].post.requestBody.content['application/json'].example.subject_request_id").exists()
                .jsonPath("$.paths['/opendsr/v1/requests']").doesNotExist();
        ApiDocumentLint.lint(documents);
    }

    static String scrape() throws java.io.IOException, InterruptedException {
        String port = system.context.getEnvironment().getProperty("local.server.port");
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                        .header("Authorization", "Bearer " + OPERATOR_TOKEN).timeout(Duration.ofSeconds(30)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** The lines of a series whose label matches the pattern (any label when {@code label} is null). */
    static List<String> series(String scrape, String name, String label, String valuePattern) {
        Pattern labelled = label == null ? null : Pattern.compile("[{,]" + label + "=\"" + valuePattern + "\"");
        return scrape.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> labelled == null || labelled.matcher(l).find()).toList();
    }

    static double sum(String scrape, String name, String label, String valuePattern) {
        double total = 0;
        for (String line : series(scrape, name, label, valuePattern)) {
            Matcher value = Pattern.compile(" ([-0-9.eE+]+|NaN)$").matcher(line);
            if (value.find() && !value.group(1).equals("NaN")) {
                total += Double.parseDouble(value.group(1));
            }
        }
        return total;
    }
}
