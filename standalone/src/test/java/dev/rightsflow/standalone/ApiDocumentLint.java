package dev.rightsflow.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.rightsflow.schemas.openapi.ApiDocument;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document of a running standalone as an integrator gets it: one document per service
 * ({@link #GROUPS}), each written to {@code target/openapi/<group>.json} and linted with Redocly's recommended
 * rules ({@value #REDOCLY}, through the machine's {@code npx}; skipped visibly when Node.js and npm are missing).
 * Used by {@link StandaloneOperationsTest}, on the system it already runs.
 */
final class ApiDocumentLint {

    static final List<String> GROUPS = List.of("request-intake", "router", "processor-connectors", "audit-log");
    /** Pinned: the last line of releases that still runs on Node.js 20. */
    static final String REDOCLY = "@redocly/cli@2.77.0";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ApiDocumentLint() {
    }

    /** Fetches, checks and writes every group's document; returns the files. */
    static List<Path> writeDocuments(WebTestClient http) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "openapi"));
        List<Path> files = new ArrayList<>();
        for (String group : GROUPS) {
            byte[] body = http.get().uri("/v3/api-docs/" + group).exchange().expectStatus().isOk()
                    .expectBody(byte[].class).returnResult().getResponseBody();
            JsonNode doc = JSON.readTree(body);
            assertThat(doc.at("/info/title").asString()).isEqualTo(ApiDocument.TITLE);
            assertThat(doc.at("/info/version").asString()).isEqualTo(ApiDocument.version()).doesNotContain("unknown");
            Set<String> ids = new HashSet<>();
            doc.get("paths").properties().forEach(path -> path.getValue().properties().forEach(method -> {
                JsonNode operation = method.getValue();
                String where = method.getKey().toUpperCase() + " " + path.getKey();
                assertThat(ids.add(operation.path("operationId").asString())).as("%s has a unique operation id", where).isTrue();
                assertThat(operation.path("operationId").asString()).as(where).doesNotMatch(".*_\\d+$");
                assertThat(operation.get("responses").propertyNames()).as("%s documents a 4xx or 5xx", where)
                        .anyMatch(code -> code.startsWith("4") || code.startsWith("5"));
                assertThat(operation.has("security")).as("%s says who may call it", where).isTrue();
                List<JsonNode> bodies = new ArrayList<>();
                operation.path("requestBody").path("content").forEach(bodies::add);
                operation.get("responses").properties().stream().filter(r -> r.getKey().startsWith("2"))
                        .forEach(r -> r.getValue().path("content").forEach(bodies::add));
                for (JsonNode media : bodies) {
                    assertThat(media.has("example") || media.has("examples")).as("%s: every body has an example", where).isTrue();
                }
            }));
            assertThat(new String(body, StandardCharsets.UTF_8)).as("no Java-only inline regex flags").doesNotContain("(?i)");
            Path file = dir.resolve(group + ".json");
            Files.write(file, body);
            files.add(file);
        }
        return files;
    }

    /** {@code redocly lint} over the files: the exit status (errors fail it; warnings are listed) and the report. */
    static String lint(List<Path> files) throws IOException, InterruptedException {
        Assumptions.assumeTrue(onPath("npx"), "npx (Node.js and npm) is not on the PATH: redocly lint of the OpenAPI "
                + "documents in target/openapi is skipped");
        List<String> command = new ArrayList<>(List.of("npx", "--yes", REDOCLY, "lint", "--extends=recommended",
                "--format=stylish", "--max-problems=1000"));
        files.forEach(f -> command.add(f.toString()));
        Path report = files.get(0).resolveSibling("redocly-lint.txt");
        Process lint = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(report.toFile()).start();
        assertThat(lint.waitFor(5, TimeUnit.MINUTES)).as("redocly lint finished within 5 minutes").isTrue();
        String output = Files.readString(report);
        assertThat(lint.exitValue()).as("redocly lint reports no error (full report in %s):%n%s", report, output).isZero();
        return output;
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }
}
