package dev.rightsflow.connectors.vendors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rightsflow.schemas.model.Action;
import dev.rightsflow.connectors.spi.Connector;
import dev.rightsflow.connectors.spi.ConnectorTask;
import dev.rightsflow.connectors.spi.ExportedRecord;
import dev.rightsflow.connectors.spi.Outcome;

/** Mailchimp Marketing API v3 list members, against a local stub of its documented endpoints. */
class MailchimpConnectorTest extends HttpConnectorContractTest {

    /** MD5 of "alex@example.org": the subject's email lower-cased, as Mailchimp documents. */
    private static final String HASH = "4fa4fe0214ab62a71e3ef05a46844b12";
    private static final String MEMBER = "/3.0/lists/list-1/members/" + HASH;

    @Override
    protected Connector connector() {
        return new MailchimpConnector();
    }

    @Override
    protected Map<String, String> config(String baseUrl) {
        return Map.of("baseUrl", baseUrl, "listId", "list-1", "secretRef", "MAILCHIMP_KEY");
    }

    @Override
    protected Map<String, String> secrets() {
        return Map.of("MAILCHIMP_KEY", "0123456789abcdef-us21");
    }

    @Override
    protected void stubSubjectHeld() {
        vendor.stubFor(get(urlPathEqualTo(MEMBER)).willReturn(okJson("""
                {"id":"%s","email_address":"alex@example.org","status":"subscribed","merge_fields":{"FNAME":"Alex","LNAME":"Example"},
                 "ip_signup":"203.0.113.9","timestamp_signup":"2024-03-01T09:00:00+00:00","tags":[{"id":1,"name":"Newsletter"}],
                 "_links":[{"rel":"self"}]}""".formatted(HASH))));
        vendor.stubFor(get(urlPathEqualTo(MEMBER + "/activity-feed")).willReturn(okJson("""
                {"activity":[{"activity_type":"open","created_at_timestamp":"2026-08-01T08:00:00+00:00","campaign_title":"August news"}],
                 "email_id":"x","list_id":"list-1","total_items":1}""")));
        vendor.stubFor(post(urlPathEqualTo(MEMBER + "/actions/delete-permanent")).willReturn(aResponse().withStatus(204)));
        vendor.stubFor(delete(urlPathEqualTo(MEMBER)).willReturn(aResponse().withStatus(204)));
        vendor.stubFor(put(urlPathEqualTo(MEMBER)).willReturn(okJson("{\"id\":\"%s\",\"status\":\"unsubscribed\"}".formatted(HASH))));
        vendor.stubFor(patch(urlPathEqualTo(MEMBER)).willReturn(okJson("{\"id\":\"%s\",\"status\":\"unsubscribed\"}".formatted(HASH))));
    }

    @Override
    protected void stubSubjectNotHeld() {
        vendor.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(urlPathMatching("/3.0/lists/list-1/members/.*"))
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/problem+json").withBody("""
                        {"type":"https://mailchimp.com/developer/marketing/docs/errors/","title":"Resource Not Found",
                         "status":404,"detail":"The requested resource could not be found.","instance":"abc"}""")));
    }

    @Override
    protected void verifyAuthenticated() {
        String basic = "Basic " + Base64.getEncoder().encodeToString("rightsflow:0123456789abcdef-us21".getBytes());
        vendor.verify(postRequestedFor(urlPathEqualTo(MEMBER + "/actions/delete-permanent")).withHeader("Authorization", equalTo(basic)));
    }

    @Test
    void subscriberHashIsTheMd5OfTheLowerCasedEmail() {
        assertThat(MailchimpConnector.subscriberHash(" Alex@Example.ORG ")).isEqualTo(HASH);
    }

    @Test
    void exportSeparatesWhatTheSubjectProvidedFromWhatWasObserved() {
        stubSubjectHeld();
        Outcome.Completed done = (Outcome.Completed) run(Action.EXPORT);
        assertThat(done.exported()).extracting(ExportedRecord::provenance)
                .containsExactly(ExportedRecord.Provenance.PROVIDED, ExportedRecord.Provenance.OBSERVED);
        assertThat(done.exported().get(0).fields()).containsEntry("merge_fields.FNAME", "Alex").doesNotContainKey("_links");
    }

    @Test
    void archiveModeArchivesInsteadOfDeletingPermanently() {
        stubSubjectHeld();
        Map<String, String> config = new HashMap<>(config(baseUrl()));
        config.put("eraseMode", "archive");
        ConnectorTask task = new ConnectorTask(TASK_ID, "req-1", "newsletter", Action.ERASE, "ERASURE", SUBJECT, null, null,
                connector().config().parse(config), 1);
        assertThat(connector().execute(task, context(secrets()))).isInstanceOf(Outcome.Completed.class);
        vendor.verify(deleteRequestedFor(urlPathEqualTo(MEMBER)));
        vendor.verify(0, postRequestedFor(urlPathEqualTo(MEMBER + "/actions/delete-permanent")));
    }

    @Test
    void aMarketingObjectionSuppressesTheAddressEvenIfItIsImportedAgain() {
        stubSubjectHeld();
        assertThat(run(Action.SUPPRESS)).isInstanceOf(Outcome.Completed.class);
        vendor.verify(putRequestedFor(urlPathEqualTo(MEMBER))
                .withRequestBody(equalToJson("{\"email_address\":\"Alex@Example.org\",\"status\":\"unsubscribed\",\"status_if_new\":\"unsubscribed\"}")));
    }

    @Test
    void aBaseUrlThatAlreadyEndsWithTheApiVersionWorksToo() {
        stubSubjectHeld();
        ConnectorTask task = new ConnectorTask(TASK_ID, "req-1", "newsletter", Action.ERASE, "ERASURE", SUBJECT, null, null,
                connector().config().parse(Map.of("baseUrl", baseUrl() + "/3.0/", "listId", "list-1", "secretRef", "MAILCHIMP_KEY")), 1);
        assertThat(connector().execute(task, context(secrets()))).isInstanceOf(Outcome.Completed.class);
        vendor.verify(postRequestedFor(urlPathEqualTo(MEMBER + "/actions/delete-permanent")));
    }

    @Test
    void anUnknownEraseModeIsAConfigurationProblem() {
        Map<String, String> config = new HashMap<>(config(baseUrl()));
        config.put("eraseMode", "shred");
        assertThat(connector().validate(config)).extracting(p -> p.key()).containsExactly("eraseMode");
    }
}
