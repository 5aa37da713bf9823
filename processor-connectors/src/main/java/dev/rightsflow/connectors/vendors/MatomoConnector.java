package dev.rightsflow.connectors.vendors;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.rightsflow.connectors.spi.Action;
import dev.rightsflow.connectors.spi.ConfigDef;
import dev.rightsflow.connectors.spi.ConfigKey;
import dev.rightsflow.connectors.spi.ConnectorContext;
import dev.rightsflow.connectors.spi.ConnectorTask;
import dev.rightsflow.connectors.spi.ExportedRecord;
import dev.rightsflow.connectors.spi.Outcome;
import tools.jackson.databind.JsonNode;

/**
 * Matomo's GDPR tools, through the Reporting API. Follows
 * <a href="https://developer.matomo.org/api-reference/reporting-api#PrivacyManager">Reporting API:
 * PrivacyManager</a> and <a href="https://matomo.org/faq/general/faq_114/">how to authenticate</a>:
 * {@code index.php?module=API&method=PrivacyManager.findDataSubjects&idSite=..&segment=..},
 * {@code deleteDataSubjects} and {@code exportDataSubjects} with the found visits
 * ({@code visits[i][idsite]}, {@code visits[i][idvisit]}), {@code format=JSON}, and
 * {@code token_auth} sent in the POST body so it never appears in a URL. Matomo reports errors
 * with HTTP 200 and {@code {"result":"error","message":...}}.
 *
 * <p>The subject is found with a segment, by default {@code userId=={email}}; the template may
 * use {@code {email}} and {@code {identifier.NAME}} (values are URL-encoded inside the segment, as
 * Matomo requires).
 */
public final class MatomoConnector extends HttpConnector {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(email|identifier\\.[A-Za-z0-9_]+)}");
    private static final ConfigDef CONFIG = ConfigDef.of(
            baseUrl(null, "Matomo URL, e.g. https://analytics.example.org"),
            ConfigKey.required("siteId", ConfigKey.Type.INT, "idSite of the website"),
            secretRef("name of the secret holding a token_auth with write access"),
            ConfigKey.optional("segment", ConfigKey.Type.STRING, "userId=={email}", "segment that finds the subject's visits"));

    public MatomoConnector() {
        super("matomo", "https://developer.matomo.org/api-reference/reporting-api#PrivacyManager", CONFIG,
                EnumSet.of(Action.ERASE, Action.EXPORT));
    }

    @Override
    protected Outcome run(ConnectorTask task, ConnectorContext context) throws IOException, InterruptedException {
        String token = secret(task, context, "secretRef");
        String segment = segment(task);
        if (segment == null) {
            return new Outcome.PermanentFailure("the segment needs an identifier the subject does not have");
        }
        Map<String, String> find = new LinkedHashMap<>(base("PrivacyManager.findDataSubjects", token));
        find.put("idSite", task.config().string("siteId"));
        find.put("segment", segment);
        JsonNode visits = api(task, context, find);
        if (!visits.isArray() || visits.isEmpty()) {
            return Outcome.Completed.notFound("no Matomo visits for the subject");
        }
        Map<String, String> withVisits = new LinkedHashMap<>(base(task.action() == Action.ERASE
                ? "PrivacyManager.deleteDataSubjects" : "PrivacyManager.exportDataSubjects", token));
        int i = 0;
        for (JsonNode visit : visits) {
            withVisits.put("visits[" + i + "][idsite]", visit.path("idSite").asString(task.config().string("siteId")));
            withVisits.put("visits[" + i + "][idvisit]", visit.path("idVisit").asString());
            i++;
        }
        JsonNode answer = api(task, context, withVisits);
        if (task.action() == Action.ERASE) {
            return Outcome.Completed.done(visits.size() + " visit(s) deleted", visits.size());
        }
        List<ExportedRecord> records = new ArrayList<>();
        for (JsonNode visit : answer.isArray() ? answer : visits) {
            records.add(new ExportedRecord("website visit", ExportedRecord.Provenance.OBSERVED, flatten(visit)));
        }
        return Outcome.Completed.exported(records.size() + " visit(s) exported", records);
    }

    private JsonNode api(ConnectorTask task, ConnectorContext context, Map<String, String> fields) throws IOException, InterruptedException {
        Reply reply = call(context, request(trimSlash(task.config().string("baseUrl")) + "/index.php")
                .header("Content-Type", "application/x-www-form-urlencoded").POST(form(fields)).build());
        JsonNode json = reply.json();
        if (json.isObject() && "error".equals(json.path("result").asString(""))) {
            String message = redact(json.path("message").asString("no message"));
            boolean access = message.toLowerCase().contains("access") || message.toLowerCase().contains("token");
            throw new Stop(access ? new Outcome.PermanentFailure("Matomo refused: " + message)
                    : new Outcome.RetriableFailure("Matomo answered an error: " + message, null));
        }
        return json;
    }

    private static Map<String, String> base(String method, String token) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("module", "API");
        fields.put("method", method);
        fields.put("format", "JSON");
        fields.put("token_auth", token);
        return fields;
    }

    private static String segment(ConnectorTask task) {
        Matcher m = PLACEHOLDER.matcher(task.config().string("segment"));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            String value = key.equals("email") ? task.subject().email()
                    : task.subject().identifier(key.substring("identifier.".length())).orElse(null);
            if (value == null) {
                return null;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(encode(value)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
