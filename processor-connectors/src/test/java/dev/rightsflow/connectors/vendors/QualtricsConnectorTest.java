package dev.rightsflow.connectors.vendors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rightsflow.schemas.model.Action;
import dev.rightsflow.connectors.spi.Connector;
import dev.rightsflow.connectors.spi.Outcome;

/** Qualtrics XM Directory contacts and survey responses, against a local stub of its documented endpoints. */
class QualtricsConnectorTest extends HttpConnectorContractTest {

    private static final String DIR = "/API/v3/directories/POOL_1";

    @Override
    protected Connector connector() {
        return new QualtricsConnector();
    }

    @Override
    protected Map<String, String> config(String baseUrl) {
        return Map.of("baseUrl", baseUrl, "directoryId", "POOL_1", "secretRef", "QUALTRICS_TOKEN");
    }

    @Override
    protected Map<String, String> secrets() {
        return Map.of("QUALTRICS_TOKEN", "qtoken-123");
    }

    @Override
    protected void stubSubjectHeld() {
        vendor.stubFor(post(urlPathEqualTo(DIR + "/contacts/search")).willReturn(okJson("""
                {"result":{"elements":[{"id":"CID_1","firstName":"Alex","lastName":"Example","email":"alex@example.org","unsubscribed":false}],
                 "nextPage":null},"meta":{"httpStatus":"200 - OK","requestId":"r1"}}""")));
        vendor.stubFor(get(urlPathEqualTo(DIR + "/contacts/CID_1")).willReturn(okJson("""
                {"result":{"contactId":"CID_1","firstName":"Alex","lastName":"Example","email":"alex@example.org",
                 "language":"EN","embeddedData":{"ward":"North"}},"meta":{"httpStatus":"200 - OK"}}""")));
        vendor.stubFor(get(urlPathEqualTo(DIR + "/contacts/CID_1/history")).withQueryParam("type", equalTo("response")).willReturn(okJson("""
                {"result":{"elements":[{"surveyId":"SV_1","responseId":"R_1"}],"nextPage":null},"meta":{"httpStatus":"200 - OK"}}""")));
        vendor.stubFor(get(urlPathEqualTo("/API/v3/surveys/SV_1/responses/R_1")).willReturn(okJson("""
                {"result":{"responseId":"R_1","values":{"QID1":"Very satisfied","QID2_TEXT":"Kind nurses"}},"meta":{"httpStatus":"200 - OK"}}""")));
        vendor.stubFor(delete(urlPathEqualTo("/API/v3/surveys/SV_1/responses/R_1")).willReturn(okJson("{\"meta\":{\"httpStatus\":\"200 - OK\"}}")));
        vendor.stubFor(delete(urlPathEqualTo(DIR + "/contacts/CID_1")).willReturn(okJson("{\"meta\":{\"httpStatus\":\"200 - OK\"}}")));
    }

    @Override
    protected void stubSubjectNotHeld() {
        vendor.stubFor(post(urlPathEqualTo(DIR + "/contacts/search"))
                .willReturn(okJson("{\"result\":{\"elements\":[],\"nextPage\":null},\"meta\":{\"httpStatus\":\"200 - OK\"}}")));
    }

    @Override
    protected void verifyAuthenticated() {
        vendor.verify(postRequestedFor(urlPathEqualTo(DIR + "/contacts/search")).withHeader("X-API-TOKEN", equalTo("qtoken-123"))
                .withRequestBody(equalToJson("{\"filter\":{\"filterType\":\"email\",\"comparison\":\"eq\",\"value\":\"Alex@Example.org\"}}")));
    }

    @Test
    void erasureDeletesTheContactsResponsesAndThenTheContact() {
        stubSubjectHeld();
        Outcome.Completed done = (Outcome.Completed) run(Action.ERASE);
        assertThat(done.recordsAffected()).isEqualTo(2);
        vendor.verify(deleteRequestedFor(urlPathEqualTo("/API/v3/surveys/SV_1/responses/R_1")).withQueryParam("decrementQuotas", equalTo("true")));
        vendor.verify(deleteRequestedFor(urlPathEqualTo(DIR + "/contacts/CID_1")));
    }

    @Test
    void exportHoldsTheContactAndEachSurveyResponse() {
        stubSubjectHeld();
        Outcome.Completed done = (Outcome.Completed) run(Action.EXPORT);
        assertThat(done.exported()).extracting(r -> r.category()).containsExactly("directory contact", "survey response");
        assertThat(done.exported().get(1).fields()).containsEntry("values.QID2_TEXT", "Kind nurses");
    }

    @Test
    void qualtricsErrorCodeIsReportedWithoutPersonalData() {
        vendor.stubFor(post(urlPathEqualTo(DIR + "/contacts/search")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"meta":{"httpStatus":"400 - Bad Request","error":{"errorMessage":"Invalid value alex@example.org","errorCode":"QVAL_1"}}}""")));
        assertThat(run(Action.ERASE)).isInstanceOfSatisfying(Outcome.PermanentFailure.class,
                f -> assertThat(f.reason()).contains("QVAL_1").doesNotContain("alex@example.org"));
    }

    @Test
    void everyPageOfTheContactSearchIsFollowed() {
        stubSubjectHeld();
        vendor.stubFor(post(urlPathEqualTo(DIR + "/contacts/search")).willReturn(okJson("""
                {"result":{"elements":[{"id":"CID_1","email":"alex@example.org"}],"nextPage":"%s/API/v3/directories/POOL_1/contacts/search?skipToken=p2"},
                 "meta":{"httpStatus":"200 - OK"}}""".formatted(vendor.baseUrl()))));
        vendor.stubFor(post(urlPathEqualTo(DIR + "/contacts/search")).withQueryParam("skipToken", equalTo("p2")).willReturn(okJson("""
                {"result":{"elements":[{"id":"CID_2","email":"alex@example.org"}],"nextPage":null},"meta":{"httpStatus":"200 - OK"}}""")));
        vendor.stubFor(get(urlPathEqualTo(DIR + "/contacts/CID_2/history")).willReturn(okJson("""
                {"result":{"elements":[],"nextPage":null},"meta":{"httpStatus":"200 - OK"}}""")));
        vendor.stubFor(delete(urlPathEqualTo(DIR + "/contacts/CID_2")).willReturn(okJson("{\"meta\":{\"httpStatus\":\"200 - OK\"}}")));

        run(Action.ERASE);
        vendor.verify(deleteRequestedFor(urlPathEqualTo(DIR + "/contacts/CID_1")));
        vendor.verify(deleteRequestedFor(urlPathEqualTo(DIR + "/contacts/CID_2")));
    }
}
