package dev.rightsflow.connectors.vendors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rightsflow.schemas.model.Action;
import dev.rightsflow.connectors.spi.Connector;
import dev.rightsflow.connectors.spi.Outcome;

/**
 * An OpenDSR 2.0 processor (https://github.com/opengdpr/OpenDSR/blob/master/specification.md):
 * submit, poll, signed callbacks, certificate discovery; against a local WireMock stub of the
 * spec's endpoints under the versioned root {@code /v1}, never a real processor.
 */
class OpenDsrConnectorTest extends HttpConnectorContractTest {

    private static final String REQUESTS = "/v1/requests";
    /** The task's subject_request_id: a version-4 form UUID derived from the (name-based) task id. */
    private static final String SRID = OpenDsrConnector.subjectRequestId(TASK_ID);
    private static final String STATUS = REQUESTS + "/" + SRID;
    private static final String RESULTS = "/v1/secure/results/" + SRID;

    @Override
    protected Connector connector() {
        return new OpenDsrConnector();
    }

    @Override
    protected Map<String, String> config(String baseUrl) {
        return Map.of("baseUrl", baseUrl + "/v1", "secretRef", "PROCESSOR_TOKEN", "pollEvery", "PT30M");
    }

    @Override
    protected Map<String, String> secrets() {
        return Map.of("PROCESSOR_TOKEN", "opendsr-bearer");
    }

    @Override
    protected void stubSubjectHeld() {
        vendor.stubFor(get(urlPathEqualTo(STATUS)).willReturn(okJson("""
                {"controller_id":"ecs","subject_request_id":"%s","request_status":"completed","api_version":"2.0",
                 "expected_completion_time":"2026-09-10T00:00:00Z","results_url":"%s%s","results_count":2}"""
                .formatted(SRID, vendor.baseUrl(), RESULTS))));
        vendor.stubFor(get(urlPathEqualTo(RESULTS)).willReturn(okJson("""
                {"results":[{"event":"page_view","page":"/courses","at":"2026-08-01T10:00:00Z"},
                            {"event":"signup","newsletter":true,"at":"2026-08-02T09:00:00Z"}]}""")));
    }

    @Override
    protected void stubSubjectNotHeld() {
        vendor.stubFor(get(urlPathEqualTo(STATUS)).willReturn(aResponse().withStatus(404)));
        vendor.stubFor(post(urlPathEqualTo(REQUESTS)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"controller_id":"ecs","expected_completion_time":"2026-09-10T00:00:00Z","received_time":"2026-09-03T10:15:01Z",
                         "subject_request_id":"%s"}""".formatted(TASK_ID))));
    }

    /** A processor never says "not held" up front: the request is submitted and the task waits for it. */
    @Override
    protected void assertErasureOfUnknownSubject(Outcome outcome) {
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Pending.class, p -> assertThat(p.checkAfter()).isEqualTo(Duration.ofMinutes(30)));
    }

    /** The processor completes the access request on its side; its results are fetched from its results_url (Art 15(3)). */
    @Override
    protected void assertExportOfHeldSubject(Outcome outcome) {
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Completed.class, c -> {
            assertThat(c.subjectFound()).isTrue();
            assertThat(c.exported()).hasSize(2);
            assertThat(c.exported().get(0).fields()).containsEntry("event", "page_view").containsEntry("page", "/courses");
            assertThat(c.exported().get(1).fields()).containsEntry("newsletter", true);
            assertThat(c.exported()).allSatisfy(r -> assertThat(r.category()).startsWith("OpenDSR results"));
        });
        vendor.verify(getRequestedFor(urlPathEqualTo(RESULTS)).withHeader("Authorization", equalTo("Bearer opendsr-bearer")));
    }

    @Test
    void resultsThatAreNotJsonArriveAsOneRecordAndAnErasureFetchesNothing() {
        vendor.stubFor(get(urlPathEqualTo(STATUS)).willReturn(okJson("""
                {"controller_id":"ecs","subject_request_id":"%s","request_status":"completed","expected_completion_time":"2026-09-10T00:00:00Z",
                 "results_url":"%s"}""".formatted(SRID, RESULTS))));
        vendor.stubFor(get(urlPathEqualTo(RESULTS)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/csv").withBody("event,at\npage_view,2026-08-01\n")));
        assertThat(run(Action.EXPORT)).isInstanceOfSatisfying(Outcome.Completed.class, c -> {
            assertThat(c.exported()).hasSize(1);
            assertThat(c.exported().get(0).fields()).containsEntry("content", "event,at\npage_view,2026-08-01\n")
                    .containsEntry("content_type", "text/csv");
        });
        assertThat(run(Action.ERASE)).isInstanceOfSatisfying(Outcome.Completed.class, c -> assertThat(c.exported()).isEmpty());
        vendor.verify(1, getRequestedFor(urlPathEqualTo(RESULTS)));
    }

    @Test
    void resultsThatCannotBeFetchedAreRetriedNotReportedAsNoData() {
        stubSubjectHeld();
        vendor.stubFor(get(urlPathEqualTo(RESULTS)).willReturn(aResponse().withStatus(503)));
        assertThat(run(Action.EXPORT)).isInstanceOf(Outcome.RetriableFailure.class);
    }

    @Override
    protected void verifyAuthenticated() {
        vendor.verify(getRequestedFor(urlPathEqualTo(STATUS)).withHeader("Authorization", equalTo("Bearer opendsr-bearer")));
    }

    @Test
    void submitsOnceUnderTheRegulationWithAVersion4IdDerivedFromTheTaskAndAsksForCallbacks() {
        assertThat(dev.rightsflow.schemas.opendsr.OpenDsrCodec.isUuidV4(SRID)).isTrue();
        stubSubjectNotHeld();
        run(Action.ERASE);
        vendor.verify(1, postRequestedFor(urlPathEqualTo(REQUESTS)).withRequestBody(equalToJson("""
                {"regulation":"gdpr","subject_request_id":"%s","subject_request_type":"erasure","submitted_time":"2026-09-03T10:15:00Z","api_version":"2.0",
                 "subject_identities":[{"identity_type":"email","identity_value":"Alex@Example.org","identity_format":"raw"}],
                 "status_callback_urls":["https://rightsflow.example/connectors/callbacks/opendsr/%s"]}""".formatted(SRID, TASK_ID))));
    }

    @Test
    void aRequestTheProcessorIsWorkingOnWaitsAndACancelledOneFails() {
        vendor.stubFor(get(urlPathEqualTo(STATUS)).willReturn(okJson("{\"request_status\":\"in_progress\"}")));
        assertThat(run(Action.ERASE)).isInstanceOf(Outcome.Pending.class);
        vendor.verify(0, postRequestedFor(urlPathEqualTo(REQUESTS)));
        vendor.stubFor(get(urlPathEqualTo(STATUS)).willReturn(okJson("{\"request_status\":\"cancelled\"}")));
        assertThat(run(Action.ERASE)).isInstanceOf(Outcome.PermanentFailure.class);
    }

    @Test
    void aCallbackSignatureVerifiesOnlyForTheExactBodyAndTheProcessorsKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair processor = generator.generateKeyPair();
        KeyPair impostor = generator.generateKeyPair();
        byte[] body = "{\"subject_request_id\":\"x\",\"request_status\":\"completed\"}".getBytes(StandardCharsets.UTF_8);
        String signature = sign(processor, body);
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(processor.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----";

        assertThat(OpenDsrConnector.verifySignature(body, signature, pem)).isTrue();
        assertThat(OpenDsrConnector.verifySignature("{\"request_status\":\"cancelled\"}".getBytes(StandardCharsets.UTF_8), signature, pem)).isFalse();
        assertThat(OpenDsrConnector.verifySignature(body, sign(impostor, body), pem)).isFalse();
        assertThat(OpenDsrConnector.verifySignature(body, null, pem)).isFalse();
        assertThat(OpenDsrConnector.verifySignature(body, "not base64!", pem)).isFalse();
    }

    @Test
    void aProcessorWithAnEllipticCurveCertificateIsVerifiedToo() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair processor = generator.generateKeyPair();
        byte[] body = "{\"request_status\":\"completed\"}".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(processor.getPrivate());
        signer.update(body);
        String signature = Base64.getMimeEncoder().encodeToString(signer.sign());

        assertThat(OpenDsrConnector.verifySignature(body, signature, pem(processor))).isTrue();
        assertThat(OpenDsrConnector.verifySignature("{}".getBytes(StandardCharsets.UTF_8), signature, pem(processor))).isFalse();
    }

    @Test
    void theSigningCertificateIsFetchedFromTheProcessorsDiscoveryOnlyForItsOwnDomainAndCached() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = pem(generator.generateKeyPair());
        vendor.stubFor(get(urlPathEqualTo("/v1/discovery")).willReturn(okJson("""
                {"api_version":"2.0","supported_identities":[{"identity_type":"email","identity_format":"raw"}],
                 "supported_subject_request_types":["erasure","access","portability"],"processor_certificate":"%s/certs/opendsr.pem"}"""
                .formatted(vendor.baseUrl()))));
        vendor.stubFor(get(urlPathEqualTo("/certs/opendsr.pem")).willReturn(aResponse().withStatus(200).withBody(pem)));
        OpenDsrCertificates certificates = new OpenDsrCertificates(java.net.http.HttpClient.newHttpClient(),
                java.time.Clock.systemUTC(), Duration.ofHours(1));

        assertThat(certificates.certificate(vendor.baseUrl() + "/v1", "impostor.example")).isEmpty();
        vendor.verify(0, getRequestedFor(urlPathEqualTo("/v1/discovery")));
        assertThat(certificates.certificate(vendor.baseUrl() + "/v1", "localhost")).contains(pem);
        assertThat(certificates.certificate(vendor.baseUrl() + "/v1/", "LOCALHOST")).contains(pem);
        vendor.verify(1, getRequestedFor(urlPathEqualTo("/v1/discovery")));
    }

    @Test
    void aDiscoveryDocumentPointingToACertificateOnAnotherDomainIsNotTrusted() {
        vendor.stubFor(get(urlPathEqualTo("/v1/discovery")).willReturn(okJson("""
                {"api_version":"2.0","processor_certificate":"%s/certs/opendsr.pem"}""".formatted(vendor.baseUrl().replace("localhost", "127.0.0.1")))));
        OpenDsrCertificates certificates = new OpenDsrCertificates(java.net.http.HttpClient.newHttpClient(),
                java.time.Clock.systemUTC(), Duration.ofHours(1));

        assertThat(certificates.certificate(vendor.baseUrl() + "/v1", "localhost")).isEmpty();
        vendor.verify(0, getRequestedFor(urlPathEqualTo("/certs/opendsr.pem")));
    }

    @Test
    void aVerifiedCallbackMustNameThisEndpointAndThisRequest() {
        String ok = """
                {"controller_id":"ecs","status_callback_url":"https://rightsflow.example/connectors/callbacks/opendsr/%s",
                 "subject_request_id":"%s","request_status":"completed","expected_completion_time":"2026-09-10T00:00:00Z"}""";
        assertThat(OpenDsrConnector.callbackMismatch(ok.formatted(TASK_ID, SRID).getBytes(StandardCharsets.UTF_8), TASK_ID)).isEmpty();
        assertThat(OpenDsrConnector.callbackMismatch(ok.formatted("other-task", SRID).getBytes(StandardCharsets.UTF_8), TASK_ID))
                .contains("status_callback_url does not name this endpoint");
        assertThat(OpenDsrConnector.callbackMismatch(ok.formatted(TASK_ID, "other-task").getBytes(StandardCharsets.UTF_8), TASK_ID))
                .contains("subject_request_id does not name this request");
    }

    private static String pem(KeyPair keys) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----";
    }

    private static String sign(KeyPair keys, byte[] body) throws Exception {
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(keys.getPrivate());
        signer.update(body);
        return Base64.getEncoder().encodeToString(signer.sign());
    }
}
