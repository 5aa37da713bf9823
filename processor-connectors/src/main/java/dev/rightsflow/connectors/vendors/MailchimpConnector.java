package dev.rightsflow.connectors.vendors;

import java.io.IOException;
import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.rightsflow.schemas.model.Action;
import dev.rightsflow.connectors.spi.ConfigDef;
import dev.rightsflow.connectors.spi.ConfigKey;
import dev.rightsflow.connectors.spi.ConfigProblem;
import dev.rightsflow.connectors.spi.ConnectorContext;
import dev.rightsflow.connectors.spi.ConnectorTask;
import dev.rightsflow.connectors.spi.ExportedRecord;
import dev.rightsflow.connectors.spi.Outcome;
import tools.jackson.databind.JsonNode;

/**
 * Mailchimp Marketing API v3, audience ("list") members. Follows
 * <a href="https://mailchimp.com/developer/marketing/api/list-members/">Marketing API: List members</a>
 * and <a href="https://mailchimp.com/developer/marketing/docs/fundamentals/">Fundamentals</a>
 * (HTTP Basic auth with any user name and the API key; the key's suffix is the data centre;
 * errors as problem JSON; 429 when more than 10 simultaneous connections).
 * <ul>
 *   <li>ERASE: {@code POST /3.0/lists/{list_id}/members/{subscriber_hash}/actions/delete-permanent}
 *       (Art 17; the member cannot be re-imported), or archive with
 *       {@code DELETE /3.0/lists/{list_id}/members/{subscriber_hash}} when {@code eraseMode=archive};</li>
 *   <li>EXPORT: {@code GET .../members/{subscriber_hash}} and its {@code /activity-feed};</li>
 *   <li>SUPPRESS (Art 21(3) marketing objection): {@code PUT .../members/{subscriber_hash}} with
 *       status and status_if_new {@code unsubscribed}, so the address stays suppressed even if it is
 *       imported again (keeping only what is needed never to contact them);</li>
 *   <li>WITHDRAW_CONSENT: {@code PATCH .../members/{subscriber_hash}} to {@code unsubscribed}.</li>
 * </ul>
 * {@code subscriber_hash} is the MD5 hash of the lower-cased email address. 404 means the subject
 * is not in the audience: "subject not found".
 */
public final class MailchimpConnector extends HttpConnector {

    private static final ConfigDef CONFIG = ConfigDef.of(
            baseUrl(null, "API root, e.g. https://us21.api.mailchimp.com (the data centre is the API key's suffix)"),
            ConfigKey.required("listId", ConfigKey.Type.STRING, "the audience (list) id"),
            secretRef("name of the secret holding the Mailchimp API key"),
            ConfigKey.optional("eraseMode", ConfigKey.Type.STRING, "delete-permanent",
                    "delete-permanent (Art 17, default) or archive"));

    public MailchimpConnector() {
        super("mailchimp", "https://mailchimp.com/developer/marketing/api/list-members/", CONFIG,
                EnumSet.of(Action.ERASE, Action.EXPORT, Action.SUPPRESS, Action.WITHDRAW_CONSENT));
    }

    @Override
    public List<ConfigProblem> validate(Map<String, String> config) {
        List<ConfigProblem> problems = new ArrayList<>(super.validate(config));
        String mode = config.getOrDefault("eraseMode", "delete-permanent");
        if (!mode.equals("delete-permanent") && !mode.equals("archive")) {
            problems.add(new ConfigProblem("eraseMode", "must be delete-permanent or archive"));
        }
        return problems;
    }

    /** Mailchimp's member id: MD5 of the lower-cased email address, in hex. */
    public static String subscriberHash(String email) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(email.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return String.format("%032x", new BigInteger(1, digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected Outcome run(ConnectorTask task, ConnectorContext context) throws IOException, InterruptedException {
        String auth = basic("rightsflow", secret(task, context, "secretRef"));
        String member = root(task, "/3.0") + "/3.0/lists/" + encode(task.config().string("listId"))
                + "/members/" + subscriberHash(task.subject().email());
        switch (task.action()) {
            case ERASE -> {
                boolean archive = task.config().string("eraseMode").equals("archive");
                Reply reply = call(context, archive
                        ? request(member).header("Authorization", auth).DELETE().build()
                        : request(member + "/actions/delete-permanent").header("Authorization", auth)
                                .POST(HttpRequest.BodyPublishers.noBody()).build(), 404);
                if (reply.status() == 404) {
                    return Outcome.Completed.notFound("not a member of the Mailchimp audience");
                }
                return Outcome.Completed.done(archive ? "audience member archived" : "audience member permanently deleted", 1);
            }
            case EXPORT -> {
                Reply reply = call(context, request(member).header("Authorization", auth).GET().build(), 404);
                if (reply.status() == 404) {
                    return Outcome.Completed.notFound("not a member of the Mailchimp audience");
                }
                List<ExportedRecord> records = new ArrayList<>();
                records.add(new ExportedRecord("audience member", ExportedRecord.Provenance.PROVIDED, flatten(reply.json())));
                Reply feed = call(context, request(member + "/activity-feed").header("Authorization", auth).GET().build(), 404);
                if (feed.ok()) {
                    for (JsonNode activity : feed.json().path("activity")) {
                        records.add(new ExportedRecord("email activity", ExportedRecord.Provenance.OBSERVED, flatten(activity)));
                    }
                }
                return Outcome.Completed.exported("audience member and " + (records.size() - 1) + " activities exported", records);
            }
            case SUPPRESS -> {
                var body = object().put("email_address", task.subject().email()).put("status", "unsubscribed")
                        .put("status_if_new", "unsubscribed");
                call(context, request(member).header("Authorization", auth).header("Content-Type", "application/json")
                        .PUT(json(body)).build());
                return Outcome.Completed.done("address suppressed (unsubscribed) in the Mailchimp audience", 1);
            }
            case WITHDRAW_CONSENT -> {
                Reply reply = call(context, request(member).header("Authorization", auth).header("Content-Type", "application/json")
                        .method("PATCH", json(object().put("status", "unsubscribed"))).build(), 404);
                if (reply.status() == 404) {
                    return Outcome.Completed.notFound("not a member of the Mailchimp audience");
                }
                return Outcome.Completed.done("marketing consent withdrawn (unsubscribed)", 1);
            }
            default -> throw new IllegalStateException("unsupported " + task.action());
        }
    }
}
