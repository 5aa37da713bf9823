package dev.rightsflow.connectors.vendors;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

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
 * Qualtrics XM Directory contacts and their survey responses. Follows the
 * <a href="https://api.qualtrics.com/">Qualtrics API reference</a>: "XM Directory &gt; Contacts"
 * (search, get, delete, update a directory contact), "Get Directory Contact History"
 * (<a href="https://api.qualtrics.com/f30cf65c90b7a-get-directory-contact-history">page</a>) and
 * "Survey Responses" (get, delete a response). Auth with the {@code X-API-TOKEN} header; base URL
 * per data centre ({@code https://{datacenterid}.qualtrics.com/API/v3}); every answer is
 * {@code {"result":...,"meta":{"httpStatus":...,"requestId":...}}} and errors carry
 * {@code meta.error.errorCode} (reported; never {@code errorMessage}, which can echo the email);
 * 429 when the rate limit is reached.
 * <ul>
 *   <li>Contacts are found with {@code POST /directories/{directoryId}/contacts/search} and the
 *       body {@code {"filter":{"filterType":"email","comparison":"eq","value":<email>}}}; the
 *       matches are {@code result.elements[]} whose contact id is {@code id} ({@code CID_...}),
 *       paged by {@code result.nextPage} (a URL, posted to with the same body).</li>
 *   <li>Responses with {@code GET .../contacts/{contactId}/history?type=response}
 *       ({@code surveyId}, {@code responseId}), paged by {@code result.nextPage}.</li>
 *   <li>ERASE deletes each response ({@code DELETE /surveys/{surveyId}/responses/{responseId}},
 *       when {@code deleteResponses} is true) and then the contact.</li>
 *   <li>EXPORT returns the contact ({@code GET .../contacts/{contactId}}) and each response's
 *       values.</li>
 *   <li>SUPPRESS and WITHDRAW_CONSENT set the contact's {@code unsubscribed} flag
 *       ({@code PUT .../contacts/{contactId}}).</li>
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
        List<String> contactIds = new ArrayList<>();
        String next = directory + "/contacts/search";
        while (next != null) {
            Reply search = call(context, request(next).header("X-API-TOKEN", token)
                    .header("Content-Type", "application/json").POST(json(filter)).build());
            for (JsonNode contact : search.json().path("result").path("elements")) {
                String id = contact.path("id").asString(contact.path("contactId").asString(""));
                if (!id.isBlank() && !contactIds.contains(id)) {
                    contactIds.add(id);
                }
            }
            next = nextPage(search);
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
                return Outcome.Completed.exported(Counted.of(contactIds.size(), "contact") + " and "
                        + Counted.of(records.size() - contactIds.size(), "survey response") + " exported", records);
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
                return Outcome.Completed.done(Counted.of(contactIds.size(), "contact") + " and " + Counted.of(responsesDeleted, "survey response") + " deleted",
                        contactIds.size() + responsesDeleted);
            }
            case SUPPRESS, WITHDRAW_CONSENT -> {
                for (String contactId : contactIds) {
                    call(context, request(directory + "/contacts/" + encode(contactId)).header("X-API-TOKEN", token)
                            .header("Content-Type", "application/json").PUT(json(object().put("unsubscribed", true))).build());
                }
                return Outcome.Completed.done(Counted.of(contactIds.size(), "contact") + " unsubscribed from distributions", contactIds.size());
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
            next = nextPage(page);
        }
        return out;
    }

    /** The URL of the next page of a paged Qualtrics answer, or null on the last page. */
    private static String nextPage(Reply page) {
        JsonNode nextPage = page.json().path("result").path("nextPage");
        return nextPage.isString() && !nextPage.asString().isBlank() ? nextPage.asString() : null;
    }
}
