package dev.rightsflow.connectors.vendors;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rightsflow.schemas.model.Action;
import dev.rightsflow.connectors.spi.Connector;
import dev.rightsflow.connectors.spi.ExportedRecord;
import dev.rightsflow.connectors.spi.Outcome;

/**
 * Matomo's GDPR tools against a local stub of its documented Reporting API calls
 * (https://developer.matomo.org/api-reference/reporting-api): SitesManager.getSitesIdWithAdminAccess,
 * Live.getLastVisitsDetails with filter_limit/filter_offset, PrivacyManager.deleteDataSubjects and
 * exportDataSubjects. The error messages are Matomo's own (plugins/Live and core's
 * PluginDeactivatedException).
 */
class MatomoConnectorTest extends HttpConnectorContractTest {

    private static final String VISITS = """
            [{"idSite":3,"idVisit":"1201","visitorId":"a1b2c3d4e5f60718","lastActionDateTime":"2026-08-30 10:00:00"},
             {"idSite":3,"idVisit":"1388","visitorId":"a1b2c3d4e5f60718","lastActionDateTime":"2026-09-01 16:20:00"}]""";
    private static final String LIVE = "method=Live.getLastVisitsDetails";
    private static final String DELETE = "method=PrivacyManager.deleteDataSubjects";

    private String pageSize = "100";

    @Override
    protected Connector connector() {
        return new MatomoConnector();
    }

    @Override
    protected Map<String, String> config(String baseUrl) {
        return Map.of("baseUrl", baseUrl, "siteId", "3", "secretRef", "MATOMO_TOKEN", "pageSize", pageSize);
    }

    @Override
    protected Map<String, String> secrets() {
        return Map.of("MATOMO_TOKEN", "matomo-token-auth");
    }

    private void stubAdminOfSite3() {
        vendor.stubFor(post(urlEqualTo("/index.php")).withRequestBody(containing("method=SitesManager.getSitesIdWithAdminAccess"))
                .willReturn(okJson("[1,3]")));
    }

    @Override
    protected void stubSubjectHeld() {
        stubAdminOfSite3();
        vendor.stubFor(post(urlEqualTo("/index.php")).withRequestBody(containing(LIVE)).willReturn(okJson(VISITS)));
        vendor.stubFor(post(urlEqualTo("/index.php")).withRequestBody(containing(DELETE))
                .willReturn(okJson("{\"log_visit\":2,\"log_link_visit_action\":5,\"log_conversion\":0,\"log_conversion_item\":0}")));
        vendor.stubFor(post(urlEqualTo("/index.php")).withRequestBody(containing("method=PrivacyManager.exportDataSubjects"))
                .willReturn(okJson(VISITS.replace("\"lastActionDateTime\"", "\"actionDetails\":[{\"url\":\"https://example.org/learn\"}],\"lastActionDateTime\""))));
    }

    @Override
    protected void stubSubjectNotHeld() {
        stubAdminOfSite3();
        vendor.stubFor(post(urlEqualTo("/index.php")).withRequestBody(containing(LIVE)).willReturn(okJson("[]")));
    }

    @Override
    protected void verifyAuthenticated() {
        vendor.verify(postRequestedFor(urlEqualTo("/index.php")).withRequestBody(containing("token_auth=matomo-token-auth")));
    }

    @Test
    void theFoundVisitsAreDeletedByIdAndTheTokenNeverTravelsInTheUrl() {
        stubSubjectHeld();
        assertThat(run(Action.ERASE)).isInstanceOfSatisfying(Outcome.Completed.class, c -> assertThat(c.recordsAffected()).isEqualTo(2));
        vendor.verify(postRequestedFor(urlEqualTo("/index.php")).withRequestBody(containing(DELETE))
                .withRequestBody(containing("visits%5B0%5D%5Bidsite%5D=3"))
                .withRequestBody(containing("visits%5B0%5D%5Bidvisit%5D=1201")).withRequestBody(containing("visits%5B1%5D%5Bidvisit%5D=1388")));
        vendor.verify(postRequestedFor(urlEqualTo("/index.php")).withRequestBody(containing(LIVE))
                .withRequestBody(containing("segment=userId%3D%3DAlex%2540Example.org")).withRequestBody(notContaining("alex@"))
                .withRequestBody(containing("period=range")).withRequestBody(containing("date=1998-01-01%2Ctoday")));
    }

    @Test
    void exportedVisitsAreObservedDataWithTheirActions() {
        stubSubjectHeld();
        Outcome.Completed done = (Outcome.Completed) run(Action.EXPORT);
        assertThat(done.exported()).hasSize(2).allSatisfy(r -> assertThat(r.provenance()).isEqualTo(ExportedRecord.Provenance.OBSERVED));
        assertThat(done.exported().get(0).fields()).containsKey("actionDetails");
    }

    @Test
    void everyVisitIsFoundPageByPageBeyondFilterLimitAndErasedInBatches() {
        pageSize = "2";
        stubAdminOfSite3();
        vendor.stubFor(post(urlEqualTo("/index.php")).withRequestBody(containing(LIVE)).withRequestBody(containing("filter_limit=2"))
                .withRequestBody(containing("filter_offset=0")).willReturn(okJson("[{\"idSite\":3,\"idVisit\":\"9\"},{\"idSite\":3,\"idVisit\":\"8\"}]")));
        // A visit tracked while paging pushes visit 8 onto the next page as well: seen twice, counted once.
        vendor.stubFor(post(urlEqualTo("/index.php")).withRequestBody(containing(LIVE)).withRequestBody(containing("filter_offset=2"))
                .willReturn(okJson("[{\"idSite\":3,\"idVisit\":\"8\"},{\"idSite\":3,\"idVisit\":\"7\"}]")));
        vendor.stubFor(post(urlEqualTo("/index.php")).withRequestBody(containing(LIVE)).withRequestBody(containing("filter_offset=4"))
                .willReturn(okJson("[{\"idSite\":3,\"idVisit\":\"6\"}]")));
        vendor.stubFor(post(urlEqualTo("/index.php")).withRequestBody(containing(DELETE)).willReturn(okJson("{\"log_visit\":2}")));

        assertThat(run(Action.ERASE)).isInstanceOfSatisfying(Outcome.Completed.class, c -> {
            assertThat(c.subjectFound()).isTrue();
            assertThat(c.recordsAffected()).isEqualTo(4);
        });
        vendor.verify(exactly(3), postRequestedFor(urlEqualTo("/index.php")).withRequestBody(containing(LIVE)));
        vendor.verify(exactly(2), postRequestedFor(urlEqualTo("/index.php")).withRequestBody(containing(DELETE)));
        vendor.verify(postRequestedFor(urlEqualTo("/index.php")).withRequestBody(containing(DELETE))
                .withRequestBody(containing("visits%5B0%5D%5Bidvisit%5D=9")).withRequestBody(containing("visits%5B1%5D%5Bidvisit%5D=8")));
        vendor.verify(postRequestedFor(urlEqualTo("/index.php")).withRequestBody(containing(DELETE))
                .withRequestBody(containing("visits%5B0%5D%5Bidvisit%5D=7")).withRequestBody(containing("visits%5B1%5D%5Bidvisit%5D=6")));
    }

    @Test
    void aDisabledVisitorLogIsATaskForAPersonNeverANotFound() {
        stubAdminOfSite3();
        vendor.stubFor(post(urlEqualTo("/index.php")).withRequestBody(containing(LIVE)).willReturn(okJson(
                "{\"result\":\"error\",\"message\":\"Visits log is deactivated in website settings. A user with at least admin"
                        + " access can enable this feature in the settings for this website (idSite=3).\"}")));

        assertThat(run(Action.ERASE)).isInstanceOfSatisfying(Outcome.NeedsPerson.class, p -> assertThat(p.instructions())
                .contains("Visits log is deactivated in website settings").contains("GDPR tools"));
        vendor.verify(exactly(0), postRequestedFor(urlEqualTo("/index.php")).withRequestBody(containing(DELETE)));
    }

    @Test
    void aDisabledLivePluginIsATaskForAPersonNeverANotFound() {
        stubAdminOfSite3();
        vendor.stubFor(post(urlEqualTo("/index.php")).withRequestBody(containing(LIVE)).willReturn(okJson(
                "{\"result\":\"error\",\"message\":\"The plugin Live is not enabled. You can activate the plugin on Settings > Plugins page in Matomo.\"}")));

        assertThat(run(Action.ERASE)).isInstanceOfSatisfying(Outcome.NeedsPerson.class, p -> assertThat(p.instructions())
                .contains("The plugin Live is not enabled"));
    }

    @Test
    void aTokenWithoutAdminAccessIsRefusedNamingTheAccessMatomoNeeds() {
        // A user with write access only: getSitesIdWithAdminAccess does not list the site.
        vendor.stubFor(post(urlEqualTo("/index.php")).withRequestBody(containing("method=SitesManager.getSitesIdWithAdminAccess"))
                .willReturn(okJson("[1]")));

        assertThat(run(Action.ERASE)).isInstanceOfSatisfying(Outcome.PermanentFailure.class, f -> assertThat(f.reason())
                .contains("no admin access to site 3").contains("write or view is not enough"));
        vendor.verify(exactly(0), postRequestedFor(urlEqualTo("/index.php")).withRequestBody(containing(LIVE)));
    }

    @Test
    void matomoErrorsInsideA200AnswerAreFailuresNotSuccesses() {
        vendor.stubFor(post(urlEqualTo("/index.php")).willReturn(okJson(
                "{\"result\":\"error\",\"message\":\"You can't access this resource as it requires 'admin' access for the website id = 3.\"}")));
        assertThat(run(Action.ERASE)).isInstanceOfSatisfying(Outcome.PermanentFailure.class,
                f -> assertThat(f.reason()).contains("requires 'admin' access"));
    }
}
