package dev.rightsflow.connectors.vendors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rightsflow.schemas.model.Action;
import dev.rightsflow.connectors.spi.Connector;
import dev.rightsflow.connectors.spi.ConnectorTask;
import dev.rightsflow.connectors.spi.Outcome;
import dev.rightsflow.connectors.spi.TaskDetails;

/** The generic REST connector configured as an OpenCRM-like CRM, against a local stub. */
class GenericRestConnectorTest extends HttpConnectorContractTest {

    @Override
    protected Connector connector() {
        return new GenericRestConnector();
    }

    @Override
    protected Map<String, String> config(String baseUrl) {
        return Map.of("baseUrl", baseUrl + "/api", "auth", "bearer", "secretRef", "CRM_TOKEN",
                "lookupPath", "/people?email={email}&member={identifier.membershipNumber}", "resultsPointer", "/results",
                "idField", "personId", "erasePath", "/people/{id}", "rectifyPath", "/people/{id}",
                "map.first_name", "First name", "map.email_address", "Email");
    }

    @Override
    protected Map<String, String> secrets() {
        return Map.of("CRM_TOKEN", "crm-bearer");
    }

    @Override
    protected void stubSubjectHeld() {
        vendor.stubFor(get(urlPathEqualTo("/api/people")).willReturn(okJson("""
                {"results":[{"personId":"P-9","first_name":"Alex","email_address":"alex@example.org","tags":["newsletter"]}]}""")));
        vendor.stubFor(delete(urlPathEqualTo("/api/people/P-9")).willReturn(aResponse().withStatus(204)));
        vendor.stubFor(patch(urlPathEqualTo("/api/people/P-9")).willReturn(okJson("{}")));
    }

    @Override
    protected void stubSubjectNotHeld() {
        vendor.stubFor(get(urlPathEqualTo("/api/people")).willReturn(okJson("{\"results\":[]}")));
    }

    @Override
    protected void verifyAuthenticated() {
        vendor.verify(getRequestedFor(urlPathEqualTo("/api/people")).withHeader("Authorization", equalTo("Bearer crm-bearer"))
                .withQueryParam("email", equalTo("Alex@Example.org")).withQueryParam("member", equalTo("M-1001")));
        vendor.verify(deleteRequestedFor(urlPathEqualTo("/api/people/P-9")).withHeader("Idempotency-Key", equalTo(TASK_ID)));
    }

    @Test
    void exportRenamesMappedFieldsAndKeepsTheRest() {
        stubSubjectHeld();
        Outcome.Completed done = (Outcome.Completed) run(Action.EXPORT);
        assertThat(done.exported().get(0).fields()).containsEntry("First name", "Alex").containsEntry("Email", "alex@example.org")
                .containsKey("tags");
    }

    @Test
    void rectificationSendsWhatIsWrongAndTheCorrection() {
        stubSubjectHeld();
        ConnectorTask task = new ConnectorTask(TASK_ID, "req-1", "crm", Action.RECTIFY, "RECTIFICATION", SUBJECT,
                new TaskDetails("postal address", "1 New Street, Stafford", null, false, null), null,
                connector().config().parse(config(baseUrl())), 1);
        assertThat(connector().execute(task, context(secrets()))).isInstanceOf(Outcome.Completed.class);
        vendor.verify(patchRequestedFor(urlPathEqualTo("/api/people/P-9")).withRequestBody(equalToJson(
                "{\"taskId\":\"%s\",\"whatIsWrong\":\"postal address\",\"correction\":\"1 New Street, Stafford\"}".formatted(TASK_ID))));
    }

    /** What the status page and the dashboard show of the task: a count in plain words, not "1 record(s)". */
    @Test
    void theSummaryCountsInWordsOneRecordOrSeveralRecords() {
        stubSubjectHeld();
        assertThat(run(Action.ERASE)).isInstanceOfSatisfying(Outcome.Completed.class,
                done -> assertThat(done.summary()).isEqualTo("1 record deleted in system-1"));
        vendor.stubFor(get(urlPathEqualTo("/api/people")).willReturn(okJson("""
                {"results":[{"personId":"P-1"},{"personId":"P-2"},{"personId":"P-3"}]}""")));
        vendor.stubFor(delete(urlPathEqualTo("/api/people/P-1")).willReturn(aResponse().withStatus(204)));
        vendor.stubFor(delete(urlPathEqualTo("/api/people/P-2")).willReturn(aResponse().withStatus(204)));
        vendor.stubFor(delete(urlPathEqualTo("/api/people/P-3")).willReturn(aResponse().withStatus(204)));
        assertThat(run(Action.ERASE)).isInstanceOfSatisfying(Outcome.Completed.class,
                done -> assertThat(done.summary()).isEqualTo("3 records deleted in system-1"));
        assertThat(run(Action.EXPORT)).isInstanceOfSatisfying(Outcome.Completed.class,
                done -> assertThat(done.summary()).isEqualTo("3 records exported from system-1"));
    }

    @Test
    void anActionWithoutAConfiguredPathTellsTheAdministratorWhichKeyToSet() {
        assertThat(run(Action.SUPPRESS)).isInstanceOfSatisfying(Outcome.PermanentFailure.class,
                f -> assertThat(f.reason()).contains("suppressPath"));
    }

    @Test
    void authenticationWithoutASecretIsAConfigurationProblem() {
        Map<String, String> config = new HashMap<>(config(baseUrl()));
        config.remove("secretRef");
        assertThat(connector().validate(config)).extracting(p -> p.key()).containsExactly("secretRef");
        config.put("auth", "magic");
        assertThat(connector().validate(config)).extracting(p -> p.key()).containsExactly("auth");
    }
}
