package dev.rightsflow.connectors.vendors;

import java.io.IOException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.rightsflow.connectors.spi.Action;
import dev.rightsflow.connectors.spi.ConfigDef;
import dev.rightsflow.connectors.spi.ConfigKey;
import dev.rightsflow.connectors.spi.ConnectorContext;
import dev.rightsflow.connectors.spi.ConnectorTask;
import dev.rightsflow.connectors.spi.Outcome;

/**
 * Hotjar's User Lookup API, the "visitor look-up" the Research in Practice notice relies on for
 * deletion. Follows <a href="https://help.hotjar.com/hc/en-us/articles/12244109929751-Hotjar-API-Reference">Hotjar API
 * Reference</a>: an access token from {@code POST /v1/oauth/token} (client credentials, form
 * encoded), then {@code POST /v1/organizations/{organization_id}/user-lookup} with
 * {@code data_subject_email}, optionally {@code data_subject_site_id_to_user_id_map} (when the
 * site sends user ids through the Identify API), and {@code delete_all_hits}.
 * <ul>
 *   <li>ERASE: look-up with {@code delete_all_hits=true}: Hotjar deletes every recording,
 *       heatmap hit and survey response it finds for the subject.</li>
 *   <li>EXPORT: look-up with {@code delete_all_hits=false}. Hotjar does not return the data in
 *       the answer: it emails the result to the organisation's account, so the task then needs a
 *       person to add it to the package and confirm.</li>
 * </ul>
 */
public final class HotjarConnector extends HttpConnector {

    private static final ConfigDef CONFIG = ConfigDef.of(
            baseUrl("https://api.hotjar.io", "API root"),
            ConfigKey.required("organizationId", ConfigKey.Type.STRING, "Hotjar organization id"),
            secretRef("name of the secret holding 'client_id:client_secret' of the API credentials"),
            ConfigKey.optional("siteIds", ConfigKey.Type.LIST, null,
                    "site ids whose Identify-API user id is the subject's identifier 'hotjarUserId'"));

    public HotjarConnector() {
        super("hotjar", "https://help.hotjar.com/hc/en-us/articles/12244109929751-Hotjar-API-Reference", CONFIG,
                EnumSet.of(Action.ERASE, Action.EXPORT));
    }

    @Override
    protected Outcome run(ConnectorTask task, ConnectorContext context) throws IOException, InterruptedException {
        String[] credentials = secretPair(task, context, "secretRef", "client_id:client_secret");
        String api = root(task, "/v1");
        Reply token = call(context, request(api + "/v1/oauth/token").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(form(Map.of("grant_type", "client_credentials", "client_id", credentials[0], "client_secret", credentials[1])))
                .build());
        String accessToken = token.json().path("access_token").asString("");
        if (accessToken.isBlank()) {
            return new Outcome.RetriableFailure("Hotjar issued no access token", null);
        }
        boolean erase = task.action() == Action.ERASE;
        var body = object().put("data_subject_email", task.subject().email()).put("delete_all_hits", erase);
        List<String> siteIds = task.config().list("siteIds");
        task.subject().identifier("hotjarUserId").ifPresent(userId -> {
            if (!siteIds.isEmpty()) {
                Map<String, String> map = new LinkedHashMap<>();
                siteIds.forEach(site -> map.put(site, userId));
                body.set("data_subject_site_id_to_user_id_map", JSON.valueToTree(map));
            }
        });
        call(context, request(api + "/v1/organizations/" + encode(task.config().string("organizationId")) + "/user-lookup")
                .header("Authorization", "Bearer " + accessToken).header("Content-Type", "application/json").POST(json(body)).build());
        if (erase) {
            return new Outcome.Completed(true, "Hotjar look-up with deletion of all hits accepted", null, List.of());
        }
        return new Outcome.NeedsPerson("Hotjar accepted the look-up and emails its result to the organisation's Hotjar account. "
                + "Add the result to the subject's package and confirm this task with a note of what was found.");
    }
}
