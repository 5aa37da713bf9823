package dev.rightsflow.connectors.vendors;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * Matomo's GDPR tools, through the Reporting API. Follows
 * <a href="https://developer.matomo.org/api-reference/reporting-api">the Reporting API reference</a>
 * (methods {@code SitesManager.getSitesIdWithAdminAccess}, {@code Live.getLastVisitsDetails},
 * {@code PrivacyManager.deleteDataSubjects}, {@code PrivacyManager.exportDataSubjects}, and the
 * standard parameters {@code filter_limit} / {@code filter_offset}),
 * <a href="https://matomo.org/faq/general/faq_114/">how to authenticate</a> and
 * <a href="https://matomo.org/faq/new-to-piwik/how-to-exercise-user-rights-in-matomo/">how to exercise
 * data subjects' rights in Matomo</a> (the GDPR tools). Every call is a POST to {@code index.php}
 * with {@code module=API}, {@code format=JSON} and {@code token_auth} in the body, so the token never
 * appears in a URL. Matomo reports errors as {@code {"result":"error","message":...}}, usually with
 * HTTP 200.
 *
 * <p>What Matomo requires, and why each step is here:
 * <ol>
 *   <li><b>Permission.</b> {@code PrivacyManager.deleteDataSubjects} and {@code exportDataSubjects}
 *       need <em>admin</em> access to every site of the visits (a super user has it everywhere);
 *       "write" or "view" is refused. The connector first asks
 *       {@code SitesManager.getSitesIdWithAdminAccess} and stops, saying which access to grant, when
 *       the token's user is not an admin of the configured site.</li>
 *   <li><b>Finding the visits.</b> Matomo's own {@code PrivacyManager.findDataSubjects} answers an
 *       empty list both when the subject has no visits and when the Live plugin or the visitor
 *       log is disabled, and stops at 401 visits. The connector therefore reads
 *       {@code Live.getLastVisitsDetails} itself (the segment, {@code period=range},
 *       {@code date=1998-01-01,today} as the GDPR tools do), which answers an error naming the
 *       cause when the plugin or the visitor log is disabled: that is a task for a person, with
 *       Matomo's reason, never a "not found" for an erasure.</li>
 *   <li><b>Every visit.</b> Pages of {@code pageSize} visits ({@code filter_limit}) at growing
 *       {@code filter_offset} until a page is short. Visits come newest first, so a visit tracked
 *       while paging shifts the pages down: a visit may be seen twice (ids are de-duplicated),
 *       never missed.</li>
 *   <li><b>Erase or export</b> the visits by {@code visits[i][idsite]} / {@code visits[i][idvisit]},
 *       in batches of {@code pageSize}.</li>
 * </ol>
 *
 * <p>The subject is found with a segment, by default {@code userId=={email}}; the template may
 * use {@code {email}} and {@code {identifier.NAME}} (values are URL-encoded inside the segment, as
 * Matomo requires).
 */
public final class MatomoConnector extends HttpConnector {

    /** The documentation page this connector and its test stubs follow. */
    public static final String DOCUMENTATION = "https://developer.matomo.org/api-reference/reporting-api";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(email|identifier\\.[A-Za-z0-9_]+)}");
    /** Matomo's own GDPR tools search from here: the first year Matomo (Piwik) existed. */
    private static final String ALL_TIME = "1998-01-01,today";
    /** A stop against a server that ignores filter_offset: 10,000 pages. */
    private static final int MAX_PAGES = 10_000;
    private static final ConfigDef CONFIG = ConfigDef.of(
            baseUrl(null, "Matomo URL, e.g. https://analytics.example.org"),
            ConfigKey.required("siteId", ConfigKey.Type.INT, "idSite of the website"),
            secretRef("name of the secret holding the token_auth of a Matomo user with ADMIN access to the site"
                    + " (or a super user): Matomo's PrivacyManager API refuses write or view access"),
            ConfigKey.optional("segment", ConfigKey.Type.STRING, "userId=={email}", "segment that finds the subject's visits"),
            ConfigKey.optional("pageSize", ConfigKey.Type.INT, "100",
                    "visits per Live.getLastVisitsDetails page (filter_limit) and per erase/export batch"));

    public MatomoConnector() {
        super("matomo", DOCUMENTATION, CONFIG, EnumSet.of(Action.ERASE, Action.EXPORT));
    }

    /** One visit as Matomo identifies it. */
    private record Visit(String idSite, String idVisit) {
    }

    @Override
    protected Outcome run(ConnectorTask task, ConnectorContext context) throws IOException, InterruptedException {
        String token = secret(task, context, "secretRef");
        String segment = segment(task);
        if (segment == null) {
            return new Outcome.PermanentFailure("the segment needs an identifier the subject does not have");
        }
        String siteId = task.config().string("siteId");
        int pageSize = Math.max(1, task.config().integer("pageSize"));

        JsonNode adminSites = api(task, context, base("SitesManager.getSitesIdWithAdminAccess", token));
        if (!contains(adminSites, siteId)) {
            return new Outcome.PermanentFailure("the Matomo token has no admin access to site " + siteId
                    + ": PrivacyManager.deleteDataSubjects and exportDataSubjects need admin access to the site"
                    + " (write or view is not enough); give the token's user Admin on this site, or use a super user's token");
        }

        List<Visit> visits = findVisits(task, context, token, siteId, segment, pageSize);
        if (visits.isEmpty()) {
            return Outcome.Completed.notFound("no Matomo visits of the subject in site " + siteId
                    + " (visitor log readable, every page read)");
        }

        String method = task.action() == Action.ERASE ? "PrivacyManager.deleteDataSubjects" : "PrivacyManager.exportDataSubjects";
        List<ExportedRecord> records = new ArrayList<>();
        for (int from = 0; from < visits.size(); from += pageSize) {
            List<Visit> batch = visits.subList(from, Math.min(visits.size(), from + pageSize));
            Map<String, String> withVisits = new LinkedHashMap<>(base(method, token));
            for (int i = 0; i < batch.size(); i++) {
                withVisits.put("visits[" + i + "][idsite]", batch.get(i).idSite());
                withVisits.put("visits[" + i + "][idvisit]", batch.get(i).idVisit());
            }
            JsonNode answer = api(task, context, withVisits);
            if (task.action() == Action.EXPORT && answer.isArray()) {
                for (JsonNode visit : answer) {
                    records.add(new ExportedRecord("website visit", ExportedRecord.Provenance.OBSERVED, flatten(visit)));
                }
            }
        }
        if (task.action() == Action.ERASE) {
            return Outcome.Completed.done(Counted.of(visits.size(), "visit") + " deleted", visits.size());
        }
        return Outcome.Completed.exported(Counted.of(records.size(), "visit") + " exported", records);
    }

    /** Every visit of the segment, page by page, without duplicates. */
    private List<Visit> findVisits(ConnectorTask task, ConnectorContext context, String token, String siteId,
            String segment, int pageSize) throws IOException, InterruptedException {
        Map<String, Visit> found = new LinkedHashMap<>();
        for (int page = 0; page < MAX_PAGES; page++) {
            Map<String, String> fields = new LinkedHashMap<>(base("Live.getLastVisitsDetails", token));
            fields.put("idSite", siteId);
            fields.put("period", "range");
            fields.put("date", ALL_TIME);
            fields.put("segment", segment);
            fields.put("doNotFetchActions", "1");
            fields.put("filter_limit", String.valueOf(pageSize));
            fields.put("filter_offset", String.valueOf(page * pageSize));
            JsonNode rows = api(task, context, fields);
            if (!rows.isArray()) {
                throw new Stop(new Outcome.RetriableFailure("Matomo answered Live.getLastVisitsDetails with something"
                        + " other than a list of visits", null));
            }
            for (JsonNode row : rows) {
                Visit visit = new Visit(row.path("idSite").asString(siteId), row.path("idVisit").asString());
                found.putIfAbsent(visit.idSite() + "/" + visit.idVisit(), visit);
            }
            if (rows.size() < pageSize) {
                return new ArrayList<>(found.values());
            }
        }
        throw new Stop(new Outcome.NeedsPerson("Matomo returned more than " + MAX_PAGES + " pages of visits for the"
                + " subject's segment: check the segment in Matomo (Administration > Privacy > GDPR tools) and"
                + " erase or export the visits there, then confirm here"));
    }

    private JsonNode api(ConnectorTask task, ConnectorContext context, Map<String, String> fields) throws IOException, InterruptedException {
        Reply reply = send(context, request(trimSlash(task.config().string("baseUrl")) + "/index.php")
                .header("Content-Type", "application/x-www-form-urlencoded").POST(form(fields)).build());
        JsonNode json = reply.body() == null || reply.body().isBlank() ? null : parseOrNull(reply);
        if (json != null && json.isObject() && "error".equals(json.path("result").asString(""))) {
            throw new Stop(matomoError(fields.get("method"), redact(json.path("message").asString("no message"))));
        }
        if (!reply.ok()) {
            throw new Stop(failure(reply));
        }
        if (json == null) {
            throw new Stop(new Outcome.RetriableFailure("Matomo answered " + fields.get("method") + " without JSON", null));
        }
        return json;
    }

    private static JsonNode parseOrNull(Reply reply) {
        try {
            return reply.json();
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    /**
     * What a Matomo error means: the Live plugin or the visitor log being disabled is a task for a
     * person (the visits cannot be seen, which is not "no visits"); refused access is permanent
     * until someone grants it; anything else may pass.
     */
    static Outcome matomoError(String method, String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("plugin live is not enabled") || lower.contains("visits log is deactivated")
                || lower.contains("visitor profile is deactivated")) {
            return new Outcome.NeedsPerson("Matomo cannot show the subject's visits, so it cannot be told whether it"
                    + " holds any (Matomo says: " + message + "). A Matomo administrator must enable the Live plugin"
                    + " and the visitor log for the site, or find and " + "erase or export the subject's visits"
                    + " under Administration > Privacy > GDPR tools, then confirm here.");
        }
        if (lower.contains("access") || lower.contains("token")) {
            return new Outcome.PermanentFailure("Matomo refused " + method + ": " + message
                    + " (the token's user needs admin access to the site)");
        }
        return new Outcome.RetriableFailure("Matomo answered an error to " + method + ": " + message, null);
    }

    private static boolean contains(JsonNode ids, String siteId) {
        if (ids == null || !ids.isArray()) {
            return false;
        }
        for (JsonNode id : ids) {
            if (id.asString("").equals(siteId)) {
                return true;
            }
        }
        return false;
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
