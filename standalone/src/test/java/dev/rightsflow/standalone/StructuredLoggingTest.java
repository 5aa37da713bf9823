package dev.rightsflow.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs} covers every line a fresh start prints, the embedded
 * broker's and store's included (the logging configuration applies before they start), and the
 * start prints no Kafka configuration dump. A JVM of its own, started as a user starts it.
 */
class StructuredLoggingTest {

    private static final Logger log = LoggerFactory.getLogger(StructuredLoggingTest.class);

    @TempDir
    Path dataDir;

    @Test
    void everyLineOfAFreshStartIsAnEcsJsonObject() throws Exception {
        try (ChildStandalone child = new ChildStandalone(dataDir, Map.of("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs"))) {
            child.start();
            child.awaitReady(Duration.ofMinutes(5));
            // the demo stand-ins start between readiness and the URLs (about 8 s of CPU: a minute on a loaded machine)
            await("the URLs").atMost(Duration.ofMinutes(3)).until(() -> child.log().contains("Rightsflow is running."));
            assertThat(child.terminate()).isNotEqualTo(-1);

            JsonMapper json = JsonMapper.builder().build();
            List<String> lines = child.log().lines().filter(l -> !l.isBlank()).toList();
            int beforeUrls = 0;
            for (String line : lines) {
                JsonNode entry = json.readTree(line);
                assertThat(entry.isObject()).as(line).isTrue();
                assertThat(entry.path("@timestamp").isMissingNode()).as(line).isFalse();
                assertThat(entry.path("message").asText()).as("no client configuration dump")
                        .doesNotContain("ConsumerConfig values", "ProducerConfig values", "AdminClientConfig values");
                if (entry.path("message").asText().contains("Rightsflow is running.")) {
                    beforeUrls = lines.indexOf(line);
                }
            }
            log.info("fresh start with ECS logging: {} log lines before the URLs", beforeUrls);
            assertThat(beforeUrls).as("log lines before the URLs").isPositive().isLessThan(60);
        }
    }
}
