package dev.rightsflow.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ReactiveHttpOutputMessage;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.test.context.TestPropertySource;

import com.mongodb.reactivestreams.client.MongoDatabase;

import dev.rightsflow.intake.mail.application.Mailer;
import dev.rightsflow.intake.mail.OutboxMailer;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.kafka.TopicAdmin;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Hostile input through the running server (issue 10, "No 5xx from any input"): jqwik generates
 * {@value #INPUTS} requests to every intake endpoint that takes input (citizen API, processor API,
 * OpenDSR, identity verification, the form posts, status reads): malformed, truncated and random
 * JSON, wrong types, oversized strings, deep nesting, bad content types and charsets, odd headers.
 * Every input is invalid by construction, so none may be accepted. Asserted: no answer is 5xx, no
 * record is added to any topic, no document to any collection, and no stack trace is logged.
 * <p>
 * Its own Spring context (another database name), so no other test's late work can be counted.
 * The jqwik properties in {@code JsonBodiesProperties} add the parser-level share of the inputs.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = "rightsflow.intake.database=rightsflow-intake-fuzz")
class HostileInputFuzzTest extends IntakeIntegrationTest {

    static final int INPUTS = 4_000;

    static final String VALID = """
            {"right": "access", "organisationId": "me-group-25", "serviceId": null,
             "subject": {"name": "Fuzzy Example", "email": "fuzzy@example.org", "identifiers": {"membershipNumber": "M-1"}},
             "details": {"description": "Please send me my data", "consentPurposes": ["news"]}}""";

    /** Field values whose JSON type no field of the bodies takes (Jackson does not coerce these to text). */
    static final Arbitrary<String> WRONG_TYPED = Arbitraries.oneOf(
            Arbitraries.integers().between(2, 6).map(n -> "[" + "1,".repeat(n - 1) + "1]"),
            Arbitraries.strings().alpha().ofMaxLength(10).map(k -> "{\"" + k + "\": [1, 2]}"),
            Arbitraries.integers().between(2, 60).map(d -> "[".repeat(d) + "]".repeat(d)));

    @Autowired
    @Qualifier("intakeMongoDatabase")
    MongoDatabase database;

    OutboxMailer outbox;

    @Autowired
    void outbox(@Qualifier("intakeMailer") Mailer intakeMailer) {
        this.outbox = (OutboxMailer) intakeMailer;
    }

    /** One generated HTTP request. */
    record Input(String method, String path, Map<String, String> headers, byte[] body) {
        @Override
        public String toString() {
            String text = new String(body, StandardCharsets.UTF_8);
            return method + " " + path + " " + headers + " " + (text.length() > 300 ? text.substring(0, 300) + "…" : text);
        }
    }

    @Test
    void noGeneratedInputGets5xxPublishesOrWritesAnything(CapturedOutput output) throws Exception {
        // A real request waiting for its emailed code: verification is fuzzed with its true token too.
        HttpClient jdk = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> made = jdk.send(HttpRequest.newBuilder(uri("/api/v1/requests"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(VALID)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(made.statusCode()).isEqualTo(202);
        String requestId = field(made.body(), "requestId");
        String token = field(made.body(), "statusToken");
        await().atMost(Duration.ofSeconds(20)).until(() -> outbox.latest(10).block().stream().anyMatch(m -> m.to().equals("fuzzy@example.org")));
        await().atMost(Duration.ofSeconds(20)).until(() -> typesOf(Topics.REQUESTS, requestId).contains("IdentityVerificationRequested"));

        Map<String, Long> recordsBefore = records();
        Map<String, Long> documentsBefore = documents();
        int logBefore = output.getAll().length();

        List<Input> inputs = inputs(requestId, token).sampleStream().limit(INPUTS).toList();
        Map<Integer, Integer> statuses = new java.util.concurrent.ConcurrentSkipListMap<>();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        // Reactor Netty's client: it sends any header as given (the JDK client and WebTestClient's
        // body writers parse Content-Type first). A fresh connection per request: an answer given
        // before a body was read (415, 406, 413) makes the server close that connection.
        WebClient client = WebClient.builder().baseUrl("http://localhost:" + port)
                .clientConnector(new ReactorClientHttpConnector(reactor.netty.http.client.HttpClient.create().keepAlive(false)))
                .build();
        java.util.concurrent.atomic.AtomicInteger resent = new java.util.concurrent.atomic.AtomicInteger();
        long started = System.nanoTime();
        Flux.fromIterable(inputs).flatMap(input -> send(client, input)
                // A lost answer on this loaded machine is sent once more; twice without an answer is a failure.
                .onErrorResume(java.util.concurrent.TimeoutException.class, e -> {
                    resent.incrementAndGet();
                    return send(client, input);
                })
                .doOnNext(status -> {
                    statuses.merge(status, 1, Integer::sum);
                    if (status < 400 || status >= 500) {
                        failures.add(status + " for " + input);
                    }
                })
                .onErrorResume(e -> {
                    failures.add(e.getClass().getSimpleName() + " for " + input);
                    return Mono.empty();
                }), 4).blockLast(Duration.ofMinutes(5));
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        org.slf4j.LoggerFactory.getLogger(HostileInputFuzzTest.class).info("fuzz: {} inputs in {} s, statuses {}, sent again after a timeout: {}", inputs.size(), seconds,
                statuses, resent.get());

        assertThat(failures).as("answers outside 4xx (statuses seen: %s)", statuses).isEmpty();
        assertThat(records()).as("records on every topic").isEqualTo(recordsBefore);
        assertThat(documents()).as("documents in every collection").isEqualTo(documentsBefore);
        String logged = output.getAll().substring(logBefore);
        assertThat(logged).as("log during the fuzz").doesNotContain("\tat ").doesNotContain(" ERROR ");
    }

    /** Sends one input as it is, bytes and headers untouched; the answer's status. */
    static Mono<Integer> send(WebClient client, Input input) {
        BodyInserter<byte[], ReactiveHttpOutputMessage> raw = (message, context) ->
                message.writeWith(Mono.just(message.bufferFactory().wrap(input.body())));
        return client.method(HttpMethod.valueOf(input.method())).uri(input.path())
                .headers(h -> input.headers().forEach(h::set))
                .body(raw)
                .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()))
                .timeout(Duration.ofSeconds(15));
    }

    /** Every kind of hostile request, spread over the endpoints. */
    static Arbitrary<Input> inputs(String requestId, String token) {
        Arbitrary<String> anyId = Arbitraries.oneOf(Arbitraries.just(requestId),
                Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-', '_', '.').ofMinLength(1).ofMaxLength(80));
        Arbitrary<String> wrongToken = Arbitraries.strings().ascii().ofMinLength(1).ofMaxLength(100)
                .filter(t -> !t.isBlank() && !t.trim().equals(token)).map(HostileInputFuzzTest::headerSafe);
        Arbitrary<String> jsonTarget = Arbitraries.of("/api/v1/requests", "/api/v1/forwarded-requests", "/opendsr/requests",
                "/api/v1/requests/" + requestId + "/verification", "/api/v1/requests/{any}/verification");
        Arbitrary<Input> json = Combinators.combine(jsonTarget, badJsonBody(), anyId, oddHeaders(), wrongToken)
                .as((path, body, id, odd, wrong) -> {
                    Map<String, String> headers = new LinkedHashMap<>(odd);
                    headers.putIfAbsent("Content-Type", "application/json");
                    headers.put("X-Rightsflow-Organisation", "mes");
                    headers.put("Authorization", "Bearer " + SeedRegistry.MES_TOKEN);
                    headers.put("X-Status-Token", path.contains(requestId) ? token : wrong);
                    return new Input("POST", path.replace("{any}", id), headers, body.getBytes(StandardCharsets.UTF_8));
                });
        // A request that would be accepted but for its Content-Type or its Idempotency-Key.
        Arbitrary<Input> badType = Combinators.combine(
                        Arbitraries.of("/api/v1/requests", "/api/v1/forwarded-requests", "/opendsr/requests"), badContentType())
                .as((path, type) -> new Input("POST", path, Map.of("Content-Type", type, "X-Rightsflow-Organisation", "mes",
                        "Authorization", "Bearer " + SeedRegistry.MES_TOKEN), VALID.getBytes(StandardCharsets.UTF_8)));
        Arbitrary<Input> badKey = Arbitraries.strings().ascii().ofMinLength(201).ofMaxLength(2000)
                .map(HostileInputFuzzTest::headerSafe).filter(k -> k.trim().length() > 200)
                .map(key -> new Input("POST", "/api/v1/requests", Map.of("Content-Type", "application/json",
                        "Idempotency-Key", key), VALID.getBytes(StandardCharsets.UTF_8)));
        Arbitrary<Input> forms = forms(requestId, wrongToken, anyId);
        Arbitrary<Input> reads = Combinators.combine(anyId, wrongToken, Arbitraries.of("", "/verification/resend"))
                .as((id, wrong, tail) -> new Input(tail.isEmpty() ? "GET" : "POST", "/api/v1/requests/" + id + tail,
                        Map.of("X-Status-Token", wrong), new byte[0]));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(10, json), net.jqwik.api.Tuple.of(3, badType), net.jqwik.api.Tuple.of(1, badKey),
                net.jqwik.api.Tuple.of(4, forms), net.jqwik.api.Tuple.of(2, reads));
    }

    /** JSON bodies no endpoint can accept. */
    static Arbitrary<String> badJsonBody() {
        String trimmed = VALID.strip();
        Arbitrary<String> truncated = Arbitraries.integers().between(0, trimmed.length() - 1).map(n -> trimmed.substring(0, n));
        Arbitrary<String> random = Arbitraries.strings().all().ofMaxLength(300);
        Arbitrary<String> randomAscii = Arbitraries.strings().withChars("{}[]\":,0123456789.eE+-truefalsn \\u").ofMaxLength(200);
        Arbitrary<String> wrongType = Combinators.combine(
                        Arbitraries.of("\"access\"", "\"me-group-25\"", "\"Fuzzy Example\"", "\"fuzzy@example.org\"",
                                "{\"membershipNumber\": \"M-1\"}", "\"Please send me my data\""),
                        WRONG_TYPED)
                .as((original, replacement) -> VALID.replace(original, replacement));
        // A list of text takes numbers (Jackson makes them text): only an object is wrong for it.
        Arbitrary<String> purposesWrong = Arbitraries.strings().alpha().ofMaxLength(8)
                .map(k -> VALID.replace("[\"news\"]", "{\"" + k + "\": 1}"));
        Arbitrary<String> wholeSubjectWrong = WRONG_TYPED.map(w -> VALID.replaceFirst("\"subject\": \\{[^}]*\\{[^}]*}}", "\"subject\": " + w));
        Arbitrary<String> huge = Combinators.combine(Arbitraries.of("Fuzzy Example", "fuzzy@example.org", "Please send me my data"),
                        Arbitraries.integers().between(5_001, 40_000), Arbitraries.chars().all())
                .as((original, length, c) -> VALID.replace(original, String.valueOf(Character.isSurrogate(c) ? 'x' : c == '"' || c == '\\' || c < ' ' ? 'y' : c).repeat(length)));
        Arbitrary<String> deep = Combinators.combine(Arbitraries.integers().between(1, 5_000), Arbitraries.of("[", "{\"a\":"))
                .as((depth, open) -> "{\"right\": \"access\", \"x\": " + open.repeat(depth) + "1"
                        + (open.equals("[") ? "]" : "}").repeat(depth) + "}");
        Arbitrary<String> odd = Arbitraries.of("", "null", "[]", "{}", "\"text\"", "123", "true", "{\"code\": null}",
                "{\"code\": \"12345\"}", "{\"code\": [\"123456\"]}", "\uFEFF{", "{\"right\": \"access\"} trailing",
                "{\"receivedAt\": \"not a time\"}", "{\"reference\": \"R\", \"receivedAt\": 1e400, \"request\": {}}");
        return Arbitraries.oneOf(truncated, random, randomAscii, wrongType, purposesWrong, wholeSubjectWrong, huge, deep, odd);
    }

    /** Content types that are not JSON, are unparseable, or name a charset no JVM has. */
    static Arbitrary<String> badContentType() {
        Arbitrary<String> random = Arbitraries.strings().ascii().ofMaxLength(60).map(HostileInputFuzzTest::headerSafe)
                .filter(t -> !isJson(t));
        Arbitrary<String> badCharset = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(20)
                .map(c -> "application/json; charset=nonexistent-" + c);
        Arbitrary<String> known = Arbitraries.of("garbage", "application/json; charset=nonexistent", "text/plain",
                "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "/",
                "application/", "application/json; charset=\"", "application/json;;;", "*/*", "application/*");
        return Arbitraries.oneOf(random, badCharset, known).filter(t -> !isJson(t));
    }

    static boolean isJson(String type) {
        try {
            MediaType parsed = MediaType.parseMediaType(type);
            return MediaType.APPLICATION_JSON.isCompatibleWith(parsed) || parsed.getSubtype().endsWith("+json");
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Headers a client may send along: random extras, an odd Accept, forwarding headers from an untrusted peer. */
    static Arbitrary<Map<String, String>> oddHeaders() {
        Arbitrary<String> value = Arbitraries.strings().ascii().ofMaxLength(120).map(HostileInputFuzzTest::headerSafe);
        Arbitrary<Map<String, String>> extra = Combinators.combine(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20), value)
                .as((name, v) -> Map.of("X-Fuzz-" + name, v));
        Arbitrary<Map<String, String>> accept = value.map(v -> Map.of("Accept", v));
        Arbitrary<Map<String, String>> forwarded = value.map(v -> Map.of("X-Forwarded-For", v, "Forwarded", "for=" + v));
        Arbitrary<Map<String, String>> type = badContentType().map(t -> Map.of("Content-Type", t));
        return Arbitraries.oneOf(Arbitraries.just(Map.of()), extra, accept, forwarded, type);
    }

    /** The form posts: a sign-up whose email is never valid, status look-ups and code entries with wrong tokens. */
    static Arbitrary<Input> forms(String requestId, Arbitrary<String> wrongToken, Arbitrary<String> anyId) {
        Arbitrary<String> text = Arbitraries.strings().all().ofMaxLength(300);
        Arbitrary<String> notAnEmail = Arbitraries.strings().all().ofMaxLength(60).filter(e -> !e.contains("@"));
        Arbitrary<Input> signUp = Combinators.combine(Arbitraries.of("me-group-25", "ecs", "nobody", ""),
                        Arbitraries.of("access", "erasure", "rectification", "consent_withdrawal", "x"), text, notAnEmail, text)
                .as((org, right, name, email, description) -> form("/requests/new", Map.of("organisationId", org,
                        "right", right, "name", name, "email", email, "description", description)));
        Arbitrary<Input> status = Combinators.combine(anyId, wrongToken)
                .as((id, wrong) -> form("/requests/status", Map.of("requestId", id, "token", wrong)));
        Arbitrary<Input> code = Combinators.combine(Arbitraries.oneOf(Arbitraries.just(requestId), anyId), wrongToken,
                        Arbitraries.strings().numeric().ofMaxLength(8))
                .as((id, wrong, c) -> form("/requests/verify", Map.of("requestId", id, "token", wrong, "code", c)));
        Arbitrary<Input> badForm = Combinators.combine(Arbitraries.of("/requests/new", "/requests/status", "/requests/verify"),
                        badContentType(), text)
                .as((path, type, body) -> new Input("POST", path, Map.of("Content-Type", type), body.getBytes(StandardCharsets.UTF_8)));
        return Arbitraries.oneOf(signUp, status, code, badForm);
    }

    static Input form(String path, Map<String, String> fields) {
        StringBuilder body = new StringBuilder();
        fields.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return new Input("POST", path, Map.of("Content-Type", "application/x-www-form-urlencoded"),
                body.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Printable ASCII without surrounding blanks: what an HTTP client lets through as a header value (RFC 9110 5.5). */
    static String headerSafe(String value) {
        StringBuilder safe = new StringBuilder();
        for (char c : value.toCharArray()) {
            safe.append(c >= 0x20 && c < 0x7f ? c : 'x');
        }
        return safe.toString().strip();
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + port + path.replace(" ", "%20"));
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as("%s in %s", name, json).isTrue();
        return m.group(1);
    }

    private Map<String, Long> records() {
        Map<String, Long> records = new TreeMap<>();
        List<String> topics = new ArrayList<>(Topics.FLOW);
        topics.addAll(Topics.DEAD_LETTERS);
        for (String topic : topics) {
            records.put(topic, TopicAdmin.recordsEverWritten(kafkaSettings.bootstrapServers(), topic));
        }
        return records;
    }

    private Map<String, Long> documents() {
        Map<String, Long> documents = new TreeMap<>();
        for (String name : Flux.from(database.listCollectionNames()).collectList().block(Duration.ofSeconds(30))) {
            documents.put(name, Flux.from(database.getCollection(name).countDocuments()).blockFirst(Duration.ofSeconds(30)));
        }
        return documents;
    }
}
