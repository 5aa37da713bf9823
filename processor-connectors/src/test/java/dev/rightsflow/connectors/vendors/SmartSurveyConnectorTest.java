package dev.rightsflow.connectors.vendors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rightsflow.schemas.model.Action;
import dev.rightsflow.connectors.spi.Connector;
import dev.rightsflow.connectors.spi.Outcome;

/** SmartSurvey API v1 responses (shape of docs.smartsurvey.io/docs/samples), against a local WireMock stub, never SmartSurvey. */
class SmartSurveyConnectorTest extends HttpConnectorContractTest {

    @Override
    protected Connector connector() {
        return new SmartSurveyConnector();
    }

    @Override
    protected Map<String, String> config(String baseUrl) {
        return Map.of("baseUrl", baseUrl, "surveyIds", "101, 102", "secretRef", "SMARTSURVEY");
    }

    @Override
    protected Map<String, String> secrets() {
        return Map.of("SMARTSURVEY", "tok:sec");
    }

    @Override
    protected void stubSubjectHeld() {
        vendor.stubFor(get(urlPathEqualTo("/v1/surveys/101/responses")).withQueryParam("page", equalTo("1")).willReturn(okJson("""
                [{"id":9001,"survey_id":101,"status":"completed","contact_name":"Alex","contact_email":"alex@example.org",
                  "saved":false,"saved_email":"","ip_address":"192.0.2.10",
                  "pages":[{"id":1001,"questions":[{"id":10001,"title":"Rating","answers":[{"id":1,"choice_title":"5"}]}]}]},
                 {"id":9002,"survey_id":101,"status":"completed","contact_name":"Sam","contact_email":"sam@example.org"}]""")));
        vendor.stubFor(get(urlPathEqualTo("/v1/surveys/102/responses")).withQueryParam("page", equalTo("1")).willReturn(okJson("[]")));
        vendor.stubFor(delete(urlPathEqualTo("/v1/surveys/101/responses/9001")).willReturn(aResponse().withStatus(204)));
    }

    @Override
    protected void stubSubjectNotHeld() {
        vendor.stubFor(get(urlPathEqualTo("/v1/surveys/101/responses")).willReturn(okJson("[{\"id\":9002,\"contact_email\":\"sam@example.org\",\"saved_email\":\"\"}]")));
        vendor.stubFor(get(urlPathEqualTo("/v1/surveys/102/responses")).willReturn(okJson("[]")));
    }

    @Override
    protected void verifyAuthenticated() {
        vendor.verify(getRequestedFor(urlPathEqualTo("/v1/surveys/101/responses"))
                .withHeader("Authorization", equalTo("Basic " + Base64.getEncoder().encodeToString("tok:sec".getBytes()))));
    }

    @Test
    void onlyTheSubjectsResponsesAreDeleted() {
        stubSubjectHeld();
        assertThat(run(Action.ERASE)).isInstanceOfSatisfying(Outcome.Completed.class, c -> assertThat(c.recordsAffected()).isEqualTo(1));
        vendor.verify(1, deleteRequestedFor(urlPathEqualTo("/v1/surveys/101/responses/9001")));
        vendor.verify(0, deleteRequestedFor(urlPathEqualTo("/v1/surveys/101/responses/9002")));
    }

    @Test
    void aSecretWithoutTokenSecretIsAConfigurationFailure() {
        stubSubjectHeld();
        assertThat(connector().execute(task(Action.ERASE), context(Map.of("SMARTSURVEY", "only-a-token"))))
                .isInstanceOf(Outcome.PermanentFailure.class);
    }

    @Test
    void aPartialResponseSavedUnderTheSubjectsEmailIsFoundToo() {
        vendor.stubFor(get(urlPathEqualTo("/v1/surveys/101/responses")).willReturn(okJson("""
                [{"id":9003,"status":"partial","contact_email":"","saved":true,"saved_name":"Alex","saved_email":"ALEX@example.org"}]""")));
        vendor.stubFor(get(urlPathEqualTo("/v1/surveys/102/responses")).willReturn(okJson("[]")));
        vendor.stubFor(delete(urlPathEqualTo("/v1/surveys/101/responses/9003")).willReturn(aResponse().withStatus(204)));

        assertThat(run(Action.ERASE)).isInstanceOfSatisfying(Outcome.Completed.class, c -> assertThat(c.recordsAffected()).isEqualTo(1));
        vendor.verify(1, deleteRequestedFor(urlPathEqualTo("/v1/surveys/101/responses/9003")));
    }
}
