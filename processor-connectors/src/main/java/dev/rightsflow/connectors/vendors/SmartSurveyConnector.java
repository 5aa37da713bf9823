package dev.rightsflow.connectors.vendors;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

import dev.rightsflow.connectors.spi.Action;
import dev.rightsflow.connectors.spi.ConfigDef;
import dev.rightsflow.connectors.spi.ConfigKey;
import dev.rightsflow.connectors.spi.ConnectorContext;
import dev.rightsflow.connectors.spi.ConnectorTask;
import dev.rightsflow.connectors.spi.ExportedRecord;
import dev.rightsflow.connectors.spi.Outcome;
import tools.jackson.databind.JsonNode;

/**
 * SmartSurvey API v1, survey responses (respondent data). Follows
 * <a href="https://docs.smartsurvey.io/">SmartSurvey API documentation</a>: "Responses"
 * ({@code GET /v1/surveys/{survey_id}/responses} paged with {@code page} and {@code page_size},
 * {@code GET} and {@code DELETE /v1/surveys/{survey_id}/responses/{response_id}}); HTTP Basic
 * authentication with the API token as user and the token secret as password; 429 with
 * {@code Retry-After} when the rate limit is reached.
 *
 * <p>The API has no search by respondent, so the connector pages through the responses of the
 * configured surveys and matches the respondent's email at {@code emailPointer} (a JSON pointer
 * into a response, by default the contact's email), case-insensitively.
 */
public final class SmartSurveyConnector extends HttpConnector {

    private static final int PAGE_SIZE = 100;
    private static final ConfigDef CONFIG = ConfigDef.of(
            baseUrl("https://api.smartsurvey.io", "API root"),
            ConfigKey.required("surveyIds", ConfigKey.Type.LIST, "comma-separated ids of the surveys that collect personal data"),
            secretRef("name of the secret holding 'api_token:api_token_secret'"),
            ConfigKey.optional("emailPointer", ConfigKey.Type.STRING, "/contact/email",
                    "JSON pointer to the respondent's email inside a response"));

    public SmartSurveyConnector() {
        super("smartsurvey", "https://docs.smartsurvey.io/", CONFIG,
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
                    if (!response.at(pointer).asString("").trim().toLowerCase(Locale.ROOT).equals(email)) {
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
                    : Outcome.Completed.done(deleted + " survey response(s) deleted", deleted);
        }
        return exported.isEmpty() ? Outcome.Completed.notFound("no SmartSurvey response from the subject")
                : Outcome.Completed.exported(exported.size() + " survey response(s) exported", exported);
    }
}
