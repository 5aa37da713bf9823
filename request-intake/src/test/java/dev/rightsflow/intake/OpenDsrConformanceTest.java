package dev.rightsflow.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import dev.rightsflow.schemas.opendsr.Messages;
import dev.rightsflow.schemas.opendsr.OpenDsrCodec;
import dev.rightsflow.schemas.opendsr.OpenDsrKeys;
import dev.rightsflow.schemas.opendsr.OpenDsrVerifier;
import dev.rightsflow.schemas.opendsr.Vocabulary;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Replays every example of the OpenDSR 2.0 specification (test resources {@code opendsr-spec/},
 * copied verbatim; their README lists where the specification's own examples are not valid)
 * against the running intake, and checks every REQUIRED header and field of every answer, and
 * that every signature verifies with the certificate discovery points at.
 *
 * <p>The specification's paths ({@code /discovery}, {@code /requests}) are under intake's
 * {@code /opendsr/v2} mount (§3.4). The examples carry no authentication (§4.3 leaves it to the
 * processor): MES's bearer key is added as a header, the bodies are sent byte for byte.
 */
class OpenDsrConformanceTest extends IntakeIntegrationTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final OpenDsrCodec CODEC = new OpenDsrCodec();

    /** An HTTP message of the specification: first line, headers (folded lines joined), body. */
    record Example(String firstLine, Map<String, String> headers, String body) {

        static Example load(String name) throws IOException {
            String text;
            try (InputStream in = OpenDsrConformanceTest.class.getResourceAsStream("/opendsr-spec/" + name)) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String[] lines = text.split("\n", -1);
            Map<String, String> headers = new LinkedHashMap<>();
            String last = null;
            int i = 1;
            for (; i < lines.length && !lines[i].isBlank(); i++) {
                if (lines[i].matches("^[A-Za-z-]+:.*")) {
                    last = lines[i].substring(0, lines[i].indexOf(':'));
                    headers.put(last, lines[i].substring(lines[i].indexOf(':') + 1).trim());
                } else {
                    headers.put(last, headers.get(last) + lines[i].trim());
                }
            }
            StringBuilder body = new StringBuilder();
            for (i++; i < lines.length; i++) {
                body.append(lines[i]).append('\n');
            }
            return new Example(lines[0], headers, body.toString().trim());
        }

        String method() {
            return firstLine.split(" ")[0];
        }

        String path() {
            return firstLine.split(" ")[1];
        }

        Set<String> bodyFields() {
            Set<String> fields = new TreeSet<>();
            JSON.readTree(body).propertyNames().forEach(fields::add);
            return fields;
        }
    }

    @Test
    void everyExampleOfTheSpecificationIsAnsweredWithEveryRequiredFieldAndAValidSignature() throws Exception {
        // §6.1 / §6.4 discovery
        Example discoveryRequest = Example.load("6.1-discovery-request.http");
        EntityExchangeResult<byte[]> discovery = replay(discoveryRequest, null);
        assertThat(discovery.getStatus().value()).isEqualTo(200);
        JsonNode d = JSON.readTree(discovery.getResponseBody());
        requireFields(d, "api_version", "supported_identities", "supported_subject_request_types", "processor_certificate");
        assertThat(d.get("api_version").asString()).isEqualTo("2.0");
        assertSameFieldsAsExample(d, Example.load("6.4-discovery-response.http"));
        List<String> pairs = new ArrayList<>();
        d.get("supported_identities").forEach(p -> pairs.add(p.get("identity_type").asString() + "/" + p.get("identity_format").asString()));
        for (Vocabulary.IdentityType type : Vocabulary.IdentityType.values()) {
            for (Vocabulary.IdentityFormat format : Vocabulary.IdentityFormat.values()) {
                assertThat(pairs).contains(type.wire() + "/" + format.wire());
            }
        }
        List<String> types = new ArrayList<>();
        d.get("supported_subject_request_types").forEach(t -> types.add(t.asString()));
        assertThat(types).containsExactlyInAnyOrder("access", "portability", "erasure");
        String certificateUrl = d.get("processor_certificate").asString();
        assertThat(certificateUrl).startsWith("http://localhost:" + port + "/");
        String pem = web.get().uri(certificateUrl.substring(("http://localhost:" + port).length())).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        X509Certificate certificate = OpenDsrKeys.certificates(pem).get(0);
        assertThat(certificate.getSubjectX500Principal().getName()).contains("CN=" + OPENDSR_DOMAIN);
        assertSigned(discovery, certificate);
        web.get().uri("/opendsr/v1/discovery").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("X-OpenGDPR-Processor-Domain", OPENDSR_DOMAIN);

        // §7.2 verbatim: the specification's own example is not valid JSON (trailing comma): §7.5's 400.
        Example request = Example.load("7.2-request.http");
        EntityExchangeResult<byte[]> invalid = replay(request, request.body());
        assertThat(invalid.getStatus().value()).isEqualTo(400);
        assertSpecError(invalid, 400);

        // §7.2 with only the trailing comma removed: §7.3's 201.
        String fixed = request.body().replace("\"property_id\": \"123456\",\n", "\"property_id\": \"123456\"\n");
        assertThat(fixed).isNotEqualTo(request.body());
        EntityExchangeResult<byte[]> created = replay(request, fixed);
        assertThat(created.getStatus().value()).isEqualTo(201);
        JsonNode r = JSON.readTree(created.getResponseBody());
        requireFields(r, "controller_id", "expected_completion_time", "received_time", "encoded_request",
                "subject_request_id", "processor_signature");
        Set<String> exampleFields = new TreeSet<>(Example.load("7.4-response.http").bodyFields());
        exampleFields.add("processor_signature"); // REQUIRED by §7.3 though the §7.4 example leaves it out
        assertThat(fieldsOf(r)).isEqualTo(exampleFields);
        assertThat(r.get("subject_request_id").asString()).isEqualTo("a7551968-d5d6-44b2-9831-815ac9017798");
        assertThat(r.get("controller_id").asString()).isEqualTo("mes");
        assertThat(new String(Base64.getDecoder().decode(r.get("encoded_request").asString()), StandardCharsets.UTF_8)).isEqualTo(fixed);
        assertThat(OpenDsrCodec.parseTime(r.get("received_time").asString())).isNotNull();
        assertThat(OpenDsrCodec.parseTime(r.get("expected_completion_time").asString()))
                .isAfter(OpenDsrCodec.parseTime(r.get("received_time").asString()));
        assertSigned(created, certificate);
        Messages.Receipt receipt = CODEC.read(created.getResponseBody(), Messages.Receipt.class);
        assertThat(CODEC.receiptSignatureValid(receipt, certificate.getPublicKey())).isTrue();
        assertThat(CODEC.receiptSignatureValid(receipt.withSignature(receipt.processorSignature()).withSignature(
                Base64.getEncoder().encodeToString(new byte[256])), certificate.getPublicKey())).isFalse();

        // §8.2 / §8.4 status
        EntityExchangeResult<byte[]> status = replay(Example.load("8.2-status-request.http"), null);
        assertThat(status.getStatus().value()).isEqualTo(200);
        JsonNode s = JSON.readTree(status.getResponseBody());
        requireFields(s, "controller_id", "expected_completion_time", "subject_request_id", "request_status");
        assertThat(s.get("request_status").asString()).isEqualTo("pending");
        assertThat(s.get("api_version").asString()).isEqualTo("2.0");
        Set<String> statusExample = Example.load("8.4-status-response.http").bodyFields();
        assertThat(statusExample).containsAll(fieldsOf(s)); // results_url/_count only once there are results
        assertSigned(status, certificate);
        // the §3.1 /status endpoint and the OpenGDPR 1.0 route answer the same
        web.get().uri("/opendsr/v2/status/a7551968-d5d6-44b2-9831-815ac9017798").header("X-Rightsflow-Organisation", "mes")
                .header("Authorization", "Bearer " + SeedRegistry.MES_TOKEN).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.request_status").isEqualTo("pending");
        web.get().uri("/opendsr/v1/opengdpr_requests/a7551968-d5d6-44b2-9831-815ac9017798").header("X-Rightsflow-Organisation", "mes")
                .header("Authorization", "Bearer " + SeedRegistry.MES_TOKEN).exchange().expectStatus().isOk()
                .expectHeader().exists("X-OpenGDPR-Signature");

        // §9.1 / §9.3 cancellation, while pending
        EntityExchangeResult<byte[]> cancelled = replay(Example.load("9.1-cancellation-request.http"), null);
        assertThat(cancelled.getStatus().value()).isEqualTo(202);
        JsonNode c = JSON.readTree(cancelled.getResponseBody());
        requireFields(c, "controller_id", "received_time", "subject_request_id", "processor_signature");
        Set<String> cancelExample = new TreeSet<>(Example.load("9.3-cancellation-response.http").bodyFields());
        cancelExample.add("processor_signature"); // REQUIRED by §9.2 though the §9.3 example leaves it out
        assertThat(fieldsOf(c)).isEqualTo(cancelExample);
        assertSigned(cancelled, certificate);
        assertThat(CODEC.cancellationSignatureValid(CODEC.read(cancelled.getResponseBody(), Messages.CancellationReceipt.class),
                certificate.getPublicKey())).isTrue();
        EntityExchangeResult<byte[]> after = replay(Example.load("8.2-status-request.http"), null);
        assertThat(JSON.readTree(after.getResponseBody()).get("request_status").asString()).isEqualTo("cancelled");

        // §7.7 error: a request without subject_request_id
        String missingId = fixed.replace("\"subject_request_id\": \"a7551968-d5d6-44b2-9831-815ac9017798\",\n", "");
        EntityExchangeResult<byte[]> error = replay(request, missingId);
        assertThat(error.getStatus().value()).isEqualTo(400);
        JsonNode e = assertSpecError(error, 400);
        assertThat(e.get("error").get("message").asString()).isEqualTo("subject_request_id field is required");
        assertThat(e.get("error").get("errors").get(0).get("domain").asString()).isEqualTo("Validation");
        Example errorExample = Example.load("7.7-error-response.http");
        assertThat(fieldsOf(e.get("error"))).isEqualTo(fieldsOf(JSON.readTree(errorExample.body()).get("error")));
    }

    @Test
    void specificationsOwnResponseAndCallbackExamplesReadIntoTheSharedCodecWithoutLosingAField() throws Exception {
        Map<String, Class<?>> examples = Map.of("6.4-discovery-response.http", Messages.Discovery.class,
                "7.4-response.http", Messages.Receipt.class, "7.7-error-response.http", Messages.ErrorResponse.class,
                "8.4-status-response.http", Messages.Status.class, "8.7-callback-request.http", Messages.Callback.class,
                "9.3-cancellation-response.http", Messages.CancellationReceipt.class);
        for (var example : examples.entrySet()) {
            Example e = Example.load(example.getKey());
            Object read = CODEC.read(e.body().getBytes(StandardCharsets.UTF_8), example.getValue());
            assertThat(JSON.readTree(CODEC.write(read))).as(example.getKey()).isEqualTo(JSON.readTree(e.body()));
        }
        Messages.Callback callback = CODEC.read(Example.load("8.7-callback-request.http").body().getBytes(StandardCharsets.UTF_8),
                Messages.Callback.class);
        assertThat(Vocabulary.RequestStatus.of(callback.requestStatus())).isPresent();
        // the example signature (folded over lines) is Base64 that the verifier reads; it cannot verify without the key
        String folded = Example.load("8.7-callback-request.http").headers().get("X-OpenDSR-Signature");
        assertThat(Base64.getMimeDecoder().decode(folded)).hasSize(512);
    }

    private EntityExchangeResult<byte[]> replay(Example example, String body) {
        String path = "/opendsr/v2" + example.path();
        var spec = web.method(HttpMethod.valueOf(example.method())).uri(path)
                .header("X-Rightsflow-Organisation", "mes").header("Authorization", "Bearer " + SeedRegistry.MES_TOKEN);
        example.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Host")) {
                spec.header(name, value);
            }
        });
        var exchange = body == null ? spec.exchange() : spec.bodyValue(body.getBytes(StandardCharsets.UTF_8)).exchange();
        return exchange.expectBody(byte[].class).returnResult();
    }

    private static JsonNode assertSpecError(EntityExchangeResult<byte[]> result, int code) {
        assertThat(result.getResponseHeaders().getContentType().toString()).startsWith("application/json");
        JsonNode body = JSON.readTree(result.getResponseBody());
        assertThat(body.get("error").get("code").asInt()).isEqualTo(code);
        assertThat(body.get("error").get("message").asString()).isNotBlank();
        assertThat(body.get("error").get("errors").isArray()).isTrue();
        body.get("error").get("errors").forEach(detail -> requireFields(detail, "domain", "reason", "message"));
        assertThat(new String(result.getResponseBody(), StandardCharsets.UTF_8)).doesNotContain("johndoe@example.com");
        return body;
    }

    /** §8.3 / §8.6: both headers, the domain ours, the signature valid for the exact body bytes. */
    private static void assertSigned(EntityExchangeResult<byte[]> result, X509Certificate certificate) {
        assertThat(result.getResponseHeaders().getFirst("X-OpenDSR-Processor-Domain")).isEqualTo(OPENDSR_DOMAIN);
        String signature = result.getResponseHeaders().getFirst("X-OpenDSR-Signature");
        assertThat(OpenDsrVerifier.verify(result.getResponseBody(), signature, certificate.getPublicKey())).isTrue();
        byte[] tampered = result.getResponseBody().clone();
        tampered[tampered.length / 2] ^= 1;
        assertThat(OpenDsrVerifier.verify(tampered, signature, certificate.getPublicKey())).isFalse();
        assertThat(result.getResponseHeaders().getFirst("X-OpenGDPR-Signature")).isEqualTo(signature);
    }

    private static void requireFields(JsonNode node, String... fields) {
        for (String field : fields) {
            assertThat(node.hasNonNull(field)).as("REQUIRED field " + field).isTrue();
            if (node.get(field).isString()) {
                assertThat(node.get(field).asString()).as("REQUIRED field " + field).isNotBlank();
            }
        }
    }

    private static Set<String> fieldsOf(JsonNode node) {
        Set<String> fields = new TreeSet<>();
        node.propertyNames().forEach(fields::add);
        return fields;
    }

    private static void assertSameFieldsAsExample(JsonNode ours, Example example) {
        assertThat(fieldsOf(ours)).isEqualTo(example.bodyFields());
    }
}
