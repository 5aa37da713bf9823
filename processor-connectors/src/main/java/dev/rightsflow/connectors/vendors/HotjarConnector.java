package dev.rightsflow.connectors.vendors;

import java.io.IOException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.rightsflow.schemas.model.Action;
import dev.rightsflow.connectors.spi.ConfigDef;
import dev.rightsflow.connectors.spi.ConfigKey;
import dev.rightsflow.connectors.spi.ConnectorContext;
import dev.rightsflow.connectors.spi.ConnectorTask;
import dev.rightsflow.connectors.spi.Outcome;

/**
 * Hotjar's User Lookup API, the "visitor look-up" the Research in Practice notice relies on for
 * deletion. Follows the <a href="https://help.hotjar.com/hc/en-us/articles/12244109929751-Hotjar-API-Reference">Hotjar
 * API Reference</a>: base {@code https://api.hotjar.io}; an access token from
 * {@code POST /v1/oauth/token} (OAuth client credentials: form-encoded {@code grant_type},
 * {@code client_id}, {@code client_secret}; a temporary bearer token comes back), then
 * {@code POST /v1/organizations/{organization_id}/user-lookup} with a JSON body holding
 * {@code data_subject_email}, optionally {@code data_subject_site_id_to_user_id_map} (site id to
 * the user id the site sent through the Identify API / User Attributes), and
 * {@code delete_all_hits}. The look-up is on the Observe and Ask Scale plans only.
 * <ul>
 *   <li>ERASE: look-up with {@code delete_all_hits=true}: Hotjar deletes what the look-up finds
 *       for the subject.</li>
 *   <li>EXPORT: look-up with {@code delete_all_hits=false}. The API's answer says only whether the
 *       look-up was accepted; the data comes as Hotjar's look-up report in the organisation's
 *       account (<a href="https://help.hotjar.com/hc/en-us/articles/360001749014-Understanding-the-User-Lookup-Tool">Understanding
 *       the User Lookup Tool</a>), so the task then needs a person to add it to the package and
 *       confirm.</li>
 * </ul>
 * The same page documents a limit the summaries repeat: the look-up does not find personal data
 * shown inside recordings or heatmap screenshots, only data linked to the email or user id
 * (survey and feedback responses with consent, identified users). A 401/403 is a rejected or
 * under-privileged API key, a 404 an unknown organisation; a 429 is retried after its
 * {@code Retry-After} (Hotjar's limit is per API key, 3000 requests a minute: set
 * {@code lanes.hotjar.calls-per-period} accordingly).
 */
public final class HotjarConnector extends HttpConnector {

    /** Hotjar's documented limit of the look-up, repeated wherever its result is reported. */
    private static final String LIMIT = " (Hotjar's look-up does not cover personal data shown inside recordings or heatmap screenshots)";

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
            return new Outcome.Completed(true, "Hotjar look-up with deletion of all hits accepted" + LIMIT, null, List.of());
        }
        return new Outcome.NeedsPerson("Hotjar accepted the look-up; its API does not return the data. Open the look-up report in the "
                + "organisation's Hotjar account (Settings > User Lookup), add what it lists to the subject's package and confirm this "
                + "task with a note of what was found" + LIMIT + ".");
    }
}
