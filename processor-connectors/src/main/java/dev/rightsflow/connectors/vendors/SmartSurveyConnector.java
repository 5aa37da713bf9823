package dev.rightsflow.connectors.vendors;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

import dev.rightsflow.schemas.model.Action;
import dev.rightsflow.connectors.spi.ConfigDef;
import dev.rightsflow.connectors.spi.ConfigKey;
import dev.rightsflow.connectors.spi.ConnectorContext;
import dev.rightsflow.connectors.spi.ConnectorTask;
import dev.rightsflow.connectors.spi.ExportedRecord;
import dev.rightsflow.connectors.spi.Outcome;
import tools.jackson.databind.JsonNode;
import dev.rightsflow.schemas.model.Counted;

/**
 * SmartSurvey API v1, survey responses (respondent data). Follows the SmartSurvey API
 * documentation: <a href="https://docs.smartsurvey.io/docs">Getting Started</a> (HTTP Basic
 * authentication with the API token as user and the token secret as password; the older
 * {@code api_token}/{@code api_token_secret} query parameters are deprecated; a failed
 * authentication answers 401), the <a href="https://docs.smartsurvey.io/reference">API
 * reference</a> ({@code GET /v1/surveys/{survey_id}/responses} paged with {@code page} and
 * {@code page_size}, answering a JSON array; {@code GET} and
 * {@code DELETE /v1/surveys/{survey_id}/responses/{response_id}}) and the response object shown in
 * <a href="https://docs.smartsurvey.io/docs/samples">Samples</a>: a response carries the
 * respondent in top-level {@code contact_name} and {@code contact_email} (from a contact-list
 * invitation), and {@code saved_name} / {@code saved_email} when the respondent saved a partial
 * response to continue later.
 *
 * <p>The API has no search by respondent, so the connector pages through the responses of the
 * configured surveys and matches the subject's email, case-insensitively, at {@code emailPointer}
 * (a JSON pointer into a response, by default {@code /contact_email}; point it at an answer for
 * surveys that ask for an email in a question) and at {@code /saved_email}. A 429 is retried after
 * its {@code Retry-After} (SmartSurvey's documented limits are per plan; the lane's own rate limit
 * keeps under them).
 */
public final class SmartSurveyConnector extends HttpConnector {

    private static final int PAGE_SIZE = 100;
    private static final ConfigDef CONFIG = ConfigDef.of(
            baseUrl("https://api.smartsurvey.io", "API root"),
            ConfigKey.required("surveyIds", ConfigKey.Type.LIST, "comma-separated ids of the surveys that collect personal data"),
            secretRef("name of the secret holding 'api_token:api_token_secret'"),
            ConfigKey.optional("emailPointer", ConfigKey.Type.STRING, "/contact_email",
                    "JSON pointer to the respondent's email inside a response (the saved-response email /saved_email is always checked too)"));

    public SmartSurveyConnector() {
        super("smartsurvey", "https://docs.smartsurvey.io/reference", CONFIG,
                EnumSet.of(Action.ERASE, Action.EXPORT));
    }

    @Override
    protected Outcome run(ConnectorTask task, ConnectorContext context) throws IOException, InterruptedException {
        String[] credentials = secretPair(task, context, "secretRef", "api_token:api_token_secret");
        String auth = basic(credentials[0], credentials[1]);
        String api = root(task, "/v1") + "/v1/surveys/";
        String email = task.subject().email().trim().toLowerCase(Locale.ROOT);
        String pointer = task.config().string("emailPointer");
        List<ExportedRecord> exported = new ArrayList<>();
        int deleted = 0;
        for (String surveyId : task.config().list("surveyIds")) {
            for (int page = 1; ; page++) {
                Reply reply = call(context, request(api + encode(surveyId) + "/responses?page=" + page + "&page_size=" + PAGE_SIZE)
                        .header("Authorization", auth).GET().build());
                JsonNode responses = reply.json();
                if (responses.isObject() && responses.has("data")) {
                    responses = responses.get("data");
                }
                for (JsonNode response : responses) {
                    if (!email.equals(normalised(response.at(pointer))) && !email.equals(normalised(response.path("saved_email")))) {
                        continue;
                    }
                    String responseUrl = api + encode(surveyId) + "/responses/" + encode(response.path("id").asString());
                    if (task.action() == Action.ERASE) {
                        call(context, request(responseUrl).header("Authorization", auth).DELETE().build(), 404);
                        deleted++;
                    } else {
                        var fields = flatten(response);
                        fields.put("survey_id", surveyId);
                        exported.add(new ExportedRecord("survey response", ExportedRecord.Provenance.PROVIDED, fields));
                    }
                }
                if (responses.size() < PAGE_SIZE) {
                    break;
                }
            }
        }
        if (task.action() == Action.ERASE) {
            return deleted == 0 ? Outcome.Completed.notFound("no SmartSurvey response from the subject")
                    : Outcome.Completed.done(Counted.of(deleted, "survey response") + " deleted", deleted);
        }
        return exported.isEmpty() ? Outcome.Completed.notFound("no SmartSurvey response from the subject")
                : Outcome.Completed.exported(Counted.of(exported.size(), "survey response") + " exported", exported);
    }

    private static String normalised(JsonNode email) {
        return email.asString("").trim().toLowerCase(Locale.ROOT);
    }
}
