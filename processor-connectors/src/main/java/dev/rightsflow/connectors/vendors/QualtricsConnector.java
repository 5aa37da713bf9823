package dev.rightsflow.connectors.vendors;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import dev.rightsflow.connectors.spi.Action;
import dev.rightsflow.connectors.spi.ConfigDef;
import dev.rightsflow.connectors.spi.ConfigKey;
import dev.rightsflow.connectors.spi.ConnectorContext;
import dev.rightsflow.connectors.spi.ConnectorTask;
import dev.rightsflow.connectors.spi.ExportedRecord;
import dev.rightsflow.connectors.spi.Outcome;
import tools.jackson.databind.JsonNode;

/**
 * Qualtrics XM Directory contacts and their survey responses. Follows
 * <a href="https://api.qualtrics.com/">Qualtrics API reference</a>: "XM Directory &gt; Contacts"
 * (search, get, delete, update a directory contact; contact history) and "Survey Responses"
 * (get, delete a response). Auth with the {@code X-API-TOKEN} header; base URL per data centre
 * ({@code https://{datacenterid}.qualtrics.com/API/v3}); errors carry
 * {@code meta.error.errorCode}; 429 when the per-brand rate limit is reached.
 * <ul>
 *   <li>Contacts are found with {@code POST /directories/{directoryId}/contacts/search} filtered on
 *       email; responses with {@code GET .../contacts/{contactId}/history?type=response}.</li>
 *   <li>ERASE deletes each response ({@code DELETE /surveys/{surveyId}/responses/{responseId}},
 *       when {@code deleteResponses} is true) and then the contact.</li>
 *   <li>EXPORT returns the contact and each response's values.</li>
 *   <li>SUPPRESS and WITHDRAW_CONSENT set the contact's {@code unsubscribed} flag.</li>
 * </ul>
 */
public final class QualtricsConnector extends HttpConnector {

    private static final ConfigDef CONFIG = ConfigDef.of(
            baseUrl(null, "data-centre URL, e.g. https://fra1.qualtrics.com"),
            ConfigKey.required("directoryId", ConfigKey.Type.STRING, "XM Directory id (POOL_...)"),
            secretRef("name of the secret holding the Qualtrics API token"),
            ConfigKey.optional("deleteResponses", ConfigKey.Type.BOOLEAN, "true",
                    "delete the contact's survey responses on erasure, not only the contact"));

    public QualtricsConnector() {
        super("qualtrics", "https://api.qualtrics.com/", CONFIG,
                EnumSet.of(Action.ERASE, Action.EXPORT, Action.SUPPRESS, Action.WITHDRAW_CONSENT));
    }

    @Override
    protected Outcome run(ConnectorTask task, ConnectorContext context) throws IOException, InterruptedException {
        String token = secret(task, context, "secretRef");
        String api = root(task, "/API/v3") + "/API/v3";
        String directory = api + "/directories/" + encode(task.config().string("directoryId"));
        var filter = object();
        filter.putObject("filter").put("filterType", "email").put("comparison", "eq").put("value", task.subject().email());
        Reply search = call(context, request(directory + "/contacts/search").header("X-API-TOKEN", token)
                .header("Content-Type", "application/json").POST(json(filter)).build());
        List<String> contactIds = new ArrayList<>();
        for (JsonNode contact : search.json().path("result").path("elements")) {
            contactIds.add(contact.path("contactId").asString());
        }
        if (contactIds.isEmpty()) {
            return Outcome.Completed.notFound("no Qualtrics directory contact with the subject's email");
        }
        switch (task.action()) {
            case EXPORT -> {
                List<ExportedRecord> records = new ArrayList<>();
                for (String contactId : contactIds) {
                    Reply contact = call(context, request(directory + "/contacts/" + encode(contactId)).header("X-API-TOKEN", token).GET().build());
                    records.add(new ExportedRecord("directory contact", ExportedRecord.Provenance.PROVIDED,
                            flatten(contact.json().path("result"))));
                    for (JsonNode response : responses(context, directory, contactId, token)) {
                        Reply values = call(context, request(api + "/surveys/" + encode(response.path("surveyId").asString())
                                + "/responses/" + encode(response.path("responseId").asString())).header("X-API-TOKEN", token).GET().build(), 404);
                        if (values.ok()) {
                            records.add(new ExportedRecord("survey response", ExportedRecord.Provenance.PROVIDED,
                                    flatten(values.json().path("result"))));
                        }
                    }
                }
                return Outcome.Completed.exported(contactIds.size() + " contact(s) and " + (records.size() - contactIds.size())
                        + " survey response(s) exported", records);
            }
            case ERASE -> {
                int responsesDeleted = 0;
                for (String contactId : contactIds) {
                    if (task.config().bool("deleteResponses")) {
                        for (JsonNode response : responses(context, directory, contactId, token)) {
                            call(context, request(api + "/surveys/" + encode(response.path("surveyId").asString()) + "/responses/"
                                    + encode(response.path("responseId").asString()) + "?decrementQuotas=true")
                                    .header("X-API-TOKEN", token).DELETE().build(), 404);
                            responsesDeleted++;
                        }
                    }
                    call(context, request(directory + "/contacts/" + encode(contactId)).header("X-API-TOKEN", token).DELETE().build(), 404);
                }
                return Outcome.Completed.done(contactIds.size() + " contact(s) and " + responsesDeleted + " survey response(s) deleted",
                        contactIds.size() + responsesDeleted);
            }
            case SUPPRESS, WITHDRAW_CONSENT -> {
                for (String contactId : contactIds) {
                    call(context, request(directory + "/contacts/" + encode(contactId)).header("X-API-TOKEN", token)
                            .header("Content-Type", "application/json").PUT(json(object().put("unsubscribed", true))).build());
                }
                return Outcome.Completed.done(contactIds.size() + " contact(s) unsubscribed from distributions", contactIds.size());
            }
            default -> throw new IllegalStateException("unsupported " + task.action());
        }
    }

    private List<JsonNode> responses(ConnectorContext context, String directory, String contactId, String token)
            throws IOException, InterruptedException {
        List<JsonNode> out = new ArrayList<>();
        String next = directory + "/contacts/" + encode(contactId) + "/history?type=response";
        while (next != null) {
            Reply page = call(context, request(next).header("X-API-TOKEN", token).GET().build());
            page.json().path("result").path("elements").forEach(out::add);
            JsonNode nextPage = page.json().path("result").path("nextPage");
            next = nextPage.isString() && !nextPage.asString().isBlank() ? nextPage.asString() : null;
        }
        return out;
    }
}
