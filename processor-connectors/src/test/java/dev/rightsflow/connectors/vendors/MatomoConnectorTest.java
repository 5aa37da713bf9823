package dev.rightsflow.connectors.vendors;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rightsflow.connectors.spi.Action;
import dev.rightsflow.connectors.spi.Connector;
import dev.rightsflow.connectors.spi.ExportedRecord;
import dev.rightsflow.connectors.spi.Outcome;

/** Matomo's PrivacyManager (GDPR tools) API, against a local stub of its documented calls. */
class MatomoConnectorTest extends HttpConnectorContractTest {

    private static final String VISITS = """
            [{"idSite":3,"idVisit":"1201","visitorId":"a1b2c3d4e5f60718","lastActionDateTime":"2026-08-30 10:00:00"},
             {"idSite":3,"idVisit":"1388","visitorId":"a1b2c3d4e5f60718","lastActionDateTime":"2026-09-01 16:20:00"}]""";

    @Override
    protected Connector connector() {
        return new MatomoConnector();
    }

    @Override
    protected Map<String, String> config(String baseUrl) {
        return Map.of("baseUrl", baseUrl, "siteId", "3", "secretRef", "MATOMO_TOKEN");
    }

    @Override
    protected Map<String, String> secrets() {
        return Map.of("MATOMO_TOKEN", "matomo-token-auth");
    }

    @Override
    protected void stubSubjectHeld() {
        vendor.stubFor(post(urlEqualTo("/index.php")).withRequestBody(containing("method=PrivacyManager.findDataSubjects"))
                .willReturn(okJson(VISITS)));
        vendor.stubFor(post(urlEqualTo("/index.php")).withRequestBody(containing("method=PrivacyManager.deleteDataSubjects"))
                .willReturn(okJson("{\"result\":\"success\",\"message\":\"ok\"}")));
        vendor.stubFor(post(urlEqualTo("/index.php")).withRequestBody(containing("method=PrivacyManager.exportDataSubjects"))
                .willReturn(okJson(VISITS.replace("\"lastActionDateTime\"", "\"actionDetails\":[{\"url\":\"https://example.org/learn\"}],\"lastActionDateTime\""))));
    }

    @Override
    protected void stubSubjectNotHeld() {
        vendor.stubFor(post(urlEqualTo("/index.php")).withRequestBody(containing("method=PrivacyManager.findDataSubjects"))
                .willReturn(okJson("[]")));
    }

    @Override
    protected void verifyAuthenticated() {
        vendor.verify(postRequestedFor(urlEqualTo("/index.php")).withRequestBody(containing("token_auth=matomo-token-auth")));
    }

    @Test
    void theFoundVisitsAreDeletedByIdAndTheTokenNeverTravelsInTheUrl() {
        stubSubjectHeld();
        assertThat(run(Action.ERASE)).isInstanceOfSatisfying(Outcome.Completed.class, c -> assertThat(c.recordsAffected()).isEqualTo(2));
        vendor.verify(postRequestedFor(urlEqualTo("/index.php")).withRequestBody(containing("method=PrivacyManager.deleteDataSubjects"))
                .withRequestBody(containing("visits%5B0%5D%5Bidvisit%5D=1201")).withRequestBody(containing("visits%5B1%5D%5Bidvisit%5D=1388")));
        vendor.verify(postRequestedFor(urlEqualTo("/index.php")).withRequestBody(containing("method=PrivacyManager.findDataSubjects"))
                .withRequestBody(containing("segment=userId%3D%3DAlex%2540Example.org")).withRequestBody(notContaining("alex@")));
    }

    @Test
    void exportedVisitsAreObservedDataWithTheirActions() {
        stubSubjectHeld();
        Outcome.Completed done = (Outcome.Completed) run(Action.EXPORT);
        assertThat(done.exported()).hasSize(2).allSatisfy(r -> assertThat(r.provenance()).isEqualTo(ExportedRecord.Provenance.OBSERVED));
        assertThat(done.exported().get(0).fields()).containsKey("actionDetails");
    }

    @Test
    void matomoErrorsInsideA200AnswerAreFailuresNotSuccesses() {
        vendor.stubFor(post(urlEqualTo("/index.php")).willReturn(okJson(
                "{\"result\":\"error\",\"message\":\"You can't access this resource as it requires 'write' access for the website id = 3.\"}")));
        assertThat(run(Action.ERASE)).isInstanceOfSatisfying(Outcome.PermanentFailure.class,
                f -> assertThat(f.reason()).contains("requires 'write' access"));
    }
}
