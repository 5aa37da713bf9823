package dev.rightsflow.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

import dev.rightsflow.intake.mail.application.Mailer;
import dev.rightsflow.intake.mail.OutboxMailer;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.kafka.TopicAdmin;

/**
 * The defects of issue 10 that intake had, each reproduced through the running server: a garbage
 * or unknown-charset Content-Type and JSON nested past the parser's limit answered 500 with a
 * stack trace in the log (1, 2); the citizen pages sent no security headers (8); anyone knowing a
 * request id could lock its identity code (11).
 */
@ExtendWith(OutputCaptureExtension.class)
class HardeningTest extends IntakeIntegrationTest {

    static final String ACCESS = """
            {"right": "access", "organisationId": "me-group-25",
             "subject": {"name": "Hilda Hardened", "email": "%s"}}""";

    static final String[] BAD_TYPES = {"garbage", "application/json; charset=nonexistent", "application/json; charset=\"",
            "/", "text/plain"};

    OutboxMailer outbox;

    @Autowired
    void outbox(@Qualifier("intakeMailer") Mailer intakeMailer) {
        this.outbox = (OutboxMailer) intakeMailer;
    }

    @Test
    void badContentTypeOnEveryIntakePostIs415ProblemWithoutStackTraceAndNothingPublished(CapturedOutput output) throws Exception {
        long requestsBefore = TopicAdmin.recordsEverWritten(kafkaSettings.bootstrapServers(), Topics.REQUESTS);
        String body = ACCESS.formatted("hilda.type@example.org");
        HttpClient client = HttpClient.newHttpClient();
        for (String type : BAD_TYPES) {
            for (String path : new String[] {"/api/v1/requests", "/api/v1/forwarded-requests", "/opendsr/requests",
                    "/api/v1/requests/some-request/verification"}) {
                int logBefore = output.getAll().length();
                // A raw client: WebClient refuses to send a Content-Type it cannot parse.
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Content-Type", type).header("X-Status-Token", "t")
                        .header("X-Rightsflow-Organisation", "mes").header("Authorization", "Bearer " + SeedRegistry.MES_TOKEN)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as("%s to %s: %s", type, path, response.body()).isEqualTo(415);
                if (path.startsWith("/opendsr/")) {
                    // OpenDSR answers errors in its own documented shape, {"error": {"code", "message"}}.
                    assertThat(response.body()).contains("\"code\":415");
                } else {
                    assertThat(response.headers().firstValue("Content-Type")).as("%s to %s: %s", type, path, response.body())
                            .contains(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                    assertThat(response.body()).contains("\"status\":415");
                }
                String logged = output.getAll().substring(logBefore);
                assertThat(logged).as("log after %s to %s", type, path).doesNotContain("\tat ")
                        .doesNotContain("InvalidMediaTypeException").doesNotContain("InvalidMimeTypeException");
            }
        }
        assertThat(TopicAdmin.recordsEverWritten(kafkaSettings.bootstrapServers(), Topics.REQUESTS)).isEqualTo(requestsBefore);
    }

    @Test
    void jsonNestedDeeperThanTheParserAllowsIs400Problem(CapturedOutput output) {
        String deep = "{\"right\": \"access\", \"extra\": " + "[".repeat(2000) + "]".repeat(2000) + "}";
        String deepObject = "{\"a\":".repeat(1000) + "1" + "}".repeat(1000);
        for (String body : new String[] {deep, deepObject}) {
            int logBefore = output.getAll().length();
            web.post().uri("/api/v1/requests").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.type").isEqualTo("https://rightsflow.dev/problems/malformed-request")
                    .jsonPath("$.detail").value(d -> assertThat((String) d).containsIgnoringCase("nest"));
            web.post().uri("/api/v1/forwarded-requests").contentType(MediaType.APPLICATION_JSON)
                    .header("X-Rightsflow-Organisation", "mes").header("Authorization", "Bearer " + SeedRegistry.MES_TOKEN)
                    .bodyValue(body).exchange().expectStatus().isBadRequest();
            assertThat(output.getAll().substring(logBefore)).doesNotContain("\tat ").doesNotContain("NullPointerException");
        }
    }

    @Test
    void aBodyThatIsNotAnObjectIs400ProblemSayingWhatItIs() {
        long requestsBefore = TopicAdmin.recordsEverWritten(kafkaSettings.bootstrapServers(), Topics.REQUESTS);
        Map<String, String> bodies = Map.of("[]", "a JSON array", " [{\"right\": \"access\"}]", "a JSON array",
                "\"access\"", "a JSON string", "42", "a JSON number", "true", "a JSON boolean");
        bodies.forEach((body, kind) -> web.post().uri("/api/v1/requests").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://rightsflow.dev/problems/malformed-request")
                .jsonPath("$.detail").isEqualTo("The request body is " + kind + "; send a JSON object."));
        assertThat(TopicAdmin.recordsEverWritten(kafkaSettings.bootstrapServers(), Topics.REQUESTS)).isEqualTo(requestsBefore);
    }

    /** A NUL or an escape sequence in a field is no one's name: refused at the door, on the API and on the form alike. */
    @Test
    void controlCharactersInAnyFieldAre422AndNothingIsPublishedWhileTabsAndLineBreaksAreKept() {
        long requestsBefore = TopicAdmin.recordsEverWritten(kafkaSettings.bootstrapServers(), Topics.REQUESTS);
        String body = """
                {"right": "erasure", "organisationId": "me-group-25",
                 "subject": {"name": "Hilda\\u0000 Hardened", "email": "hilda.nul@example.org",
                             "identifiers": {"member\\u001b[31m": "123"}},
                 "details": {"description": "red\\u009b text"}}""";
        web.post().uri("/api/v1/requests").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isEqualTo(422)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[?(@.field == 'subject.name')].message")
                .isEqualTo("must not contain control characters (only tabs and line breaks)")
                .jsonPath("$.errors[?(@.field == 'subject.identifiers')]").exists()
                .jsonPath("$.errors[?(@.field == 'details.description')]").exists();

        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("organisationId", "me-group-25");
        form.add("right", "access");
        form.add("name", "Hilda\u001b[2J Form");
        form.add("email", "hilda.form.nul@example.org");
        String page = web.post().uri("/requests/new").body(BodyInserters.fromFormData(form)).exchange()
                .expectStatus().isEqualTo(422).expectBody(String.class).returnResult().getResponseBody();
        assertThat(page).containsIgnoringCase("must not contain control characters")
                .doesNotContain("\u001b").contains("value=\"Hilda[2J Form\"");
        assertThat(TopicAdmin.recordsEverWritten(kafkaSettings.bootstrapServers(), Topics.REQUESTS)).isEqualTo(requestsBefore);

        Map<String, Object> receipt = submit("""
                {"right": "erasure", "organisationId": "me-group-25",
                 "subject": {"name": "Hilda Hardened", "email": "hilda.tabs@example.org"},
                 "details": {"description": "first line\\nsecond line\\twith a tab\\r\\n"}}""");
        assertThat(receipt).containsKey("requestId");
    }

    /**
     * A request line or headers past Netty's limits: 414 and 431 with problem JSON like every other refusal (Reactor
     * Netty's own answer has an empty body), and nothing in the log that a client could repeat to fill it.
     */
    @Test
    void anOverlongRequestLineOrHeaderIsAProblemAndLeavesNoLogLine(CapturedOutput output) throws Exception {
        int logBefore = output.getAll().length();
        HttpClient client = HttpClient.newHttpClient();
        for (int i = 0; i < 3; i++) {
            var longLine = client.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/api/v1/requests/" + "a".repeat(9_000))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(longLine.statusCode()).isEqualTo(414);
            assertThat(longLine.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(longLine.body()).contains("\"type\":\"https://rightsflow.dev/problems/uri-too-long\"",
                    "\"title\":\"URI too long\"", "\"status\":414", "\"detail\":\"The request line");
            var longHeader = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/"))
                    .header("X-Filler", "b".repeat(20_000)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(longHeader.statusCode()).isEqualTo(431);
            assertThat(longHeader.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(longHeader.body()).contains("\"type\":\"https://rightsflow.dev/problems/header-fields-too-large\"",
                    "\"status\":431");
        }
        // a header name HTTP does not allow: the decoder's 400, with the same body
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\nBad Name: x\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400").containsIgnoringCase("content-type: application/problem+json")
                    .contains("\"type\":\"https://rightsflow.dev/problems/malformed-request\"");
        }
        // an ordinary refusal is untouched: its own detail and instance, not the decoder's words
        var notFound = client.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/v1/no-such-thing")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.body()).contains("\"instance\":\"/api/v1/no-such-thing\"");
        assertThat(output.getAll().substring(logBefore)).doesNotContain("Decoding failed").doesNotContain("TooLongHttp");
    }

    @Test
    void verificationWithoutTheStatusTokenCountsNoAttemptSoNobodyCanLockTheCode() {
        Map<String, Object> receipt = submit(ACCESS.formatted("hilda.lock@example.org"));
        String requestId = (String) receipt.get("requestId");
        String token = (String) receipt.get("statusToken");
        await().atMost(Duration.ofSeconds(10)).until(() -> codeFor("hilda.lock@example.org") != null);
        String code = codeFor("hilda.lock@example.org");
        String wrong = code.equals("000000") ? "111111" : "000000";

        for (int i = 0; i < 8; i++) {
            verify(requestId, null, wrong).expectStatus().isUnauthorized()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
            verify(requestId, "not-the-token", wrong).expectStatus().isNotFound();
            verify(requestId, "not-the-token", code).expectStatus().isNotFound();
        }
        verify(requestId, token, code).expectStatus().isOk().expectBody().jsonPath("$.verified").isEqualTo(true);
        assertThat(typesOf(Topics.REQUESTS, requestId)).containsExactly("RequestReceived", "IdentityVerificationRequested",
                "IdentityVerified");
    }

    @Test
    void theFormsCodeEntryAlsoNeedsTheToken() {
        String requestId = formSubmit("hilda.form@example.org");
        await().atMost(Duration.ofSeconds(10)).until(() -> codeFor("hilda.form@example.org") != null);
        String code = codeFor("hilda.form@example.org");
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("requestId", requestId);
        form.add("code", code);
        form.add("token", "guessed");
        web.post().uri("/requests/verify").body(BodyInserters.fromFormData(form)).exchange().expectStatus().isNotFound();
        assertThat(typesOf(Topics.REQUESTS, requestId)).doesNotContain("IdentityVerified");
    }

    @Test
    void citizenPagesAndAnswersCarrySecurityHeadersAndNoStore() {
        String requestId = formSubmit("hilda.headers@example.org");
        assertThat(requestId).isNotBlank();
        expectHeaders(web.get().uri("/").exchange().expectStatus().isOk());
        expectHeaders(web.get().uri("/requests/new?organisationId=me-group-25").exchange().expectStatus().isOk());
        expectHeaders(web.get().uri("/requests/status").exchange().expectStatus().isOk());
        MultiValueMap<String, String> lookup = new LinkedMultiValueMap<>();
        lookup.add("requestId", requestId);
        lookup.add("token", "wrong");
        expectHeaders(web.post().uri("/requests/status").body(BodyInserters.fromFormData(lookup)).exchange()
                .expectStatus().isNotFound());
        Map<String, Object> receipt = submit(ACCESS.formatted("hilda.api@example.org"));
        expectHeaders(web.get().uri("/api/v1/requests/{id}", receipt.get("requestId"))
                .header("X-Status-Token", (String) receipt.get("statusToken")).exchange().expectStatus().isOk());
        expectHeaders(web.post().uri("/api/v1/requests").contentType(MediaType.APPLICATION_JSON).bodyValue("{").exchange()
                .expectStatus().isBadRequest());
        expectHeaders(web.get().uri("/api/v1/organisations").exchange().expectStatus().isOk());
    }

    /** The receipt page (it shows the status token) with its headers; returns the request id on it. */
    private String formSubmit(String email) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("organisationId", "me-group-25");
        form.add("right", "access");
        form.add("name", "Hilda Form");
        form.add("email", email);
        String html = expectHeaders(web.post().uri("/requests/new").body(BodyInserters.fromFormData(form)).exchange()
                .expectStatus().isAccepted()).expectBody(String.class).returnResult().getResponseBody();
        assertThat(html).contains("id=\"status-token\"");
        Matcher id = Pattern.compile("id=\"request-id\">([^<]+)<").matcher(html);
        assertThat(id.find()).isTrue();
        return id.group(1);
    }

    static WebTestClient.ResponseSpec expectHeaders(WebTestClient.ResponseSpec response) {
        return response.expectHeader().value("Content-Security-Policy", csp -> assertThat(csp)
                        .contains("default-src 'none'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline")
                        .doesNotContain("unsafe-eval").as("scripts from this origin only, on pages; none on APIs")
                        .matches(p -> !p.contains("script-src") || p.contains("script-src 'self';")))
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().valueEquals("Referrer-Policy", "no-referrer")
                .expectHeader().valueEquals("X-Frame-Options", "DENY")
                .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    private WebTestClient.ResponseSpec verify(String requestId, String token, String code) {
        var spec = web.post().uri("/api/v1/requests/{id}/verification", requestId).contentType(MediaType.APPLICATION_JSON);
        if (token != null) {
            spec = spec.header("X-Status-Token", token);
        }
        return spec.bodyValue("{\"code\": \"" + code + "\"}").exchange();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> submit(String body) {
        return web.post().uri("/api/v1/requests").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isAccepted().expectBody(Map.class).returnResult().getResponseBody();
    }

    private String codeFor(String email) {
        return outbox.latest(200).block().stream().filter(m -> m.to().equals(email)).findFirst().map(m -> {
            Matcher matcher = Pattern.compile("code is (\\d{6})").matcher(m.text());
            return matcher.find() ? matcher.group(1) : null;
        }).orElse(null);
    }
}
