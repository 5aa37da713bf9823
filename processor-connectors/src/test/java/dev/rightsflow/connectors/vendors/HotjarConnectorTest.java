package dev.rightsflow.connectors.vendors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
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

/** Hotjar's User Lookup API (OAuth client credentials, then the look-up), against a local WireMock stub, never Hotjar. */
class HotjarConnectorTest extends HttpConnectorContractTest {

    private static final String LOOKUP = "/v1/organizations/org-7/user-lookup";

    @Override
    protected Connector connector() {
        return new HotjarConnector();
    }

    @Override
    protected Map<String, String> config(String baseUrl) {
        return Map.of("baseUrl", baseUrl, "organizationId", "org-7", "secretRef", "HOTJAR", "siteIds", "1234");
    }

    @Override
    protected Map<String, String> secrets() {
        return Map.of("HOTJAR", "client-1:client-secret-1");
    }

    private void stubToken() {
        vendor.stubFor(post(urlPathEqualTo("/v1/oauth/token"))
                .willReturn(okJson("{\"access_token\":\"hj-access\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));
    }

    @Override
    protected void stubSubjectHeld() {
        stubToken();
        vendor.stubFor(post(urlPathEqualTo(LOOKUP)).willReturn(okJson("{\"status\":\"accepted\",\"message\":\"User lookup request received\"}")));
    }

    @Override
    protected void stubSubjectNotHeld() {
        stubSubjectHeld();
    }

    /** Hotjar accepts every look-up and answers only with a status, so "not held" is only known to a person. */
    @Override
    protected void assertErasureOfUnknownSubject(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Outcome.Completed.class);
    }

    /** The look-up's data is in Hotjar's report, not in the API's answer: a person adds it to the package. */
    @Override
    protected void assertExportOfHeldSubject(Outcome outcome) {
        assertThat(outcome).isInstanceOfSatisfying(Outcome.NeedsPerson.class, n -> assertThat(n.instructions())
                .contains("look-up report").contains("does not cover personal data shown inside recordings"));
    }

    @Override
    protected void verifyAuthenticated() {
        vendor.verify(postRequestedFor(urlPathEqualTo("/v1/oauth/token"))
                .withRequestBody(containing("grant_type=client_credentials")).withRequestBody(containing("client_id=client-1")));
        vendor.verify(postRequestedFor(urlPathEqualTo(LOOKUP)).withHeader("Authorization", equalTo("Bearer hj-access")));
    }

    @Test
    void erasureAsksHotjarToDeleteAllHitsIncludingIdentifiedUsers() {
        stubSubjectHeld();
        run(Action.ERASE);
        vendor.verify(postRequestedFor(urlPathEqualTo(LOOKUP)).withRequestBody(equalToJson("""
                {"data_subject_email":"Alex@Example.org","delete_all_hits":true,"data_subject_site_id_to_user_id_map":{"1234":"hj-42"}}""")));
    }

    @Test
    void anUnknownOrganisationIsAPermanentFailureNamingHotjarsError() {
        stubToken();
        vendor.stubFor(post(urlPathEqualTo(LOOKUP)).willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"not_found\",\"message\":\"Organization not found\"}")));
        assertThat(run(Action.ERASE)).isInstanceOfSatisfying(Outcome.PermanentFailure.class,
                f -> assertThat(f.reason()).contains("404").contains("not_found"));
    }
}
