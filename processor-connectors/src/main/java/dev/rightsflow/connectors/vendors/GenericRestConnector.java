package dev.rightsflow.connectors.vendors;

import java.io.IOException;
import java.net.http.HttpRequest;
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
import dev.rightsflow.connectors.spi.ConfigProblem;
import dev.rightsflow.connectors.spi.ConnectorContext;
import dev.rightsflow.connectors.spi.ConnectorTask;
import dev.rightsflow.connectors.spi.ExportedRecord;
import dev.rightsflow.connectors.spi.Outcome;
import tools.jackson.databind.JsonNode;
import dev.rightsflow.schemas.model.Counted;

/**
 * A REST API configured per system, for CRMs and in-house systems with no dedicated connector
 * (OpenCRM, SNAP, a feedback centre). The registry gives, per system: the base URL, the
 * authentication ({@code none}, {@code bearer}, {@code basic} with a {@code user:password}
 * secret, or an API-key {@code header}), a look-up path that finds the subject's records
 * (placeholders {@code {email}}, {@code {name}}, {@code {identifier.NAME}}, URL-encoded), where the
 * records are in the answer ({@code resultsPointer}), each record's id field, the paths of the
 * other actions ({@code {id}} is the record id), and a field mapping for exports
 * ({@code map.theirField=Label}; unmapped fields are exported under their own names unless
 * {@code mappedOnly=true}; {@code provenance.theirField=OBSERVED|DERIVED} marks fields that are
 * not portable as provided data).
 *
 * <p>Every state-changing call carries {@code Idempotency-Key: <taskId>} so APIs that honour it
 * (Stripe-style) never apply a repeat twice; deleting a record already gone (404) counts as done.
 * Actions without a configured path are not supported for that system: the task fails permanently
 * and tells the administrator which key to set, or the registry plans a manual task instead.
 */
public final class GenericRestConnector extends HttpConnector {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(email|name|id|identifier\\.[A-Za-z0-9_]+)}");
    private static final Map<Action, String> ACTION_PATHS = Map.of(
            Action.ERASE, "erasePath", Action.RECTIFY, "rectifyPath", Action.RESTRICT, "restrictPath",
            Action.SUPPRESS, "suppressPath", Action.WITHDRAW_CONSENT, "consentPath");

    private static final ConfigDef CONFIG = ConfigDef.of(
            baseUrl(null, "API root of the system"),
            ConfigKey.optional("auth", ConfigKey.Type.STRING, "none", "none, bearer, basic (secret 'user:password') or header"),
            ConfigKey.optional("secretRef", ConfigKey.Type.SECRET_REF, null, "name of the secret for the chosen auth"),
            ConfigKey.optional("authHeader", ConfigKey.Type.STRING, "X-API-Key", "header carrying the key when auth=header"),
            ConfigKey.optional("lookupPath", ConfigKey.Type.STRING, "/contacts?email={email}", "GET path that finds the subject's records"),
            ConfigKey.optional("resultsPointer", ConfigKey.Type.STRING, "", "JSON pointer to the array of records in the look-up answer"),
            ConfigKey.optional("idField", ConfigKey.Type.STRING, "id", "field holding a record's id"),
            ConfigKey.optional("category", ConfigKey.Type.STRING, "record", "what a record is, for the access package"),
            ConfigKey.optional("erasePath", ConfigKey.Type.STRING, "/contacts/{id}", "DELETE path of one record"),
            ConfigKey.optional("rectifyPath", ConfigKey.Type.STRING, null, "PATCH path of one record for rectification"),
            ConfigKey.optional("restrictPath", ConfigKey.Type.STRING, null, "POST path that restricts one record"),
            ConfigKey.optional("suppressPath", ConfigKey.Type.STRING, null, "POST path that suppresses marketing to one record"),
            ConfigKey.optional("consentPath", ConfigKey.Type.STRING, null, "POST path that records a consent withdrawal for one record"),
            ConfigKey.optional("mappedOnly", ConfigKey.Type.BOOLEAN, "false", "export only the fields named in map.*"));

    public GenericRestConnector() {
        super("generic-rest", "processor-connectors/README.md#generic-rest", CONFIG,
                EnumSet.of(Action.ERASE, Action.EXPORT, Action.RECTIFY, Action.RESTRICT, Action.SUPPRESS, Action.WITHDRAW_CONSENT),
                // erasePath has a default; every other action's path must be configured for the system to do it
                Map.of(Action.RECTIFY, "rectifyPath", Action.RESTRICT, "restrictPath", Action.SUPPRESS, "suppressPath",
                        Action.WITHDRAW_CONSENT, "consentPath"));
    }

    @Override
    public List<ConfigProblem> validate(Map<String, String> config) {
        List<ConfigProblem> problems = new ArrayList<>(super.validate(config));
        String auth = config.getOrDefault("auth", "none");
        if (!List.of("none", "bearer", "basic", "header").contains(auth)) {
            problems.add(new ConfigProblem("auth", "must be none, bearer, basic or header"));
        } else if (!auth.equals("none") && (config.get("secretRef") == null || config.get("secretRef").isBlank())) {
            problems.add(new ConfigProblem("secretRef", "is required when auth is " + auth));
        }
        config.forEach((key, value) -> {
            if (key.startsWith("provenance.") && !List.of("PROVIDED", "OBSERVED", "DERIVED").contains(value)) {
                problems.add(new ConfigProblem(key, "must be PROVIDED, OBSERVED or DERIVED"));
            }
        });
        return problems;
    }

    @Override
    protected Outcome run(ConnectorTask task, ConnectorContext context) throws IOException, InterruptedException {
        var config = task.config();
        String pathKey = ACTION_PATHS.get(task.action());
        if (pathKey != null && config.optional(pathKey).isEmpty()) {
            return new Outcome.PermanentFailure("generic-rest system " + task.systemId() + " has no " + pathKey
                    + " configured for " + task.action());
        }
        String lookup = fill(task, config.string("lookupPath"), null);
        if (lookup == null) {
            return new Outcome.PermanentFailure("the look-up path needs an identifier the subject does not have");
        }
        Reply found = call(context, authorised(task, context, request(trimSlash(config.string("baseUrl")) + lookup)).GET().build(), 404);
        List<JsonNode> records = new ArrayList<>();
        if (found.ok()) {
            JsonNode results = config.string("resultsPointer").isEmpty() ? found.json() : found.json().at(config.string("resultsPointer"));
            if (results.isArray()) {
                results.forEach(records::add);
            } else if (results.isObject() && !results.isEmpty()) {
                records.add(results);
            }
        }
        if (records.isEmpty()) {
            return Outcome.Completed.notFound("no record of the subject in " + task.systemId());
        }
        if (task.action() == Action.EXPORT) {
            List<ExportedRecord> exported = new ArrayList<>();
            for (JsonNode record : records) {
                exported.add(map(task, flatten(record)));
            }
            return Outcome.Completed.exported(Counted.of(exported.size(), "record") + " exported from " + task.systemId(), exported);
        }
        int affected = 0;
        for (JsonNode record : records) {
            String id = record.path(config.string("idField")).asString("");
            if (id.isBlank()) {
                return new Outcome.PermanentFailure("a record in " + task.systemId() + " has no '" + config.string("idField") + "' field");
            }
            String url = trimSlash(config.string("baseUrl")) + fill(task, config.string(pathKey), id);
            HttpRequest.Builder builder = authorised(task, context, request(url)).header("Idempotency-Key", task.taskId());
            HttpRequest request = switch (task.action()) {
                case ERASE -> builder.DELETE().build();
                case RECTIFY -> builder.header("Content-Type", "application/json").method("PATCH", json(object()
                        .put("taskId", task.taskId()).put("whatIsWrong", task.details().rectificationWhatIsWrong())
                        .put("correction", task.details().rectificationCorrection()))).build();
                default -> builder.header("Content-Type", "application/json").POST(json(body(task))).build();
            };
            call(context, request, 404);
            affected++;
        }
        return Outcome.Completed.done(Counted.of(affected, "record") + " " + pastTense(task.action()) + " in " + task.systemId(), affected);
    }

    private static Object body(ConnectorTask task) {
        var body = object().put("taskId", task.taskId()).put("action", task.action().name());
        if (task.details().restrictionGround() != null) {
            body.put("ground", task.details().restrictionGround());
        }
        if (!task.details().consentPurposes().isEmpty()) {
            body.set("purposes", JSON.valueToTree(task.details().consentPurposes()));
        }
        return body;
    }

    private static ExportedRecord map(ConnectorTask task, Map<String, Object> fields) {
        Map<String, String> mapping = task.config().withPrefix("map.");
        Map<String, String> provenance = task.config().withPrefix("provenance.");
        boolean mappedOnly = task.config().bool("mappedOnly");
        Map<String, Object> out = new LinkedHashMap<>();
        ExportedRecord.Provenance least = ExportedRecord.Provenance.PROVIDED;
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            String label = mapping.get(field.getKey());
            if (label == null && mappedOnly) {
                continue;
            }
            out.put(label == null ? field.getKey() : label, field.getValue());
        }
        // A record whose every field is marked OBSERVED or DERIVED takes the weakest marking; single
        // DERIVED fields are dropped from the record instead, so the rest stays portable.
        for (Map.Entry<String, String> p : provenance.entrySet()) {
            if (p.getValue().equals("DERIVED")) {
                out.remove(mapping.getOrDefault(p.getKey(), p.getKey()));
            } else if (p.getValue().equals("OBSERVED")) {
                least = ExportedRecord.Provenance.OBSERVED;
            }
        }
        return new ExportedRecord(task.config().string("category"), least, out);
    }

    private HttpRequest.Builder authorised(ConnectorTask task, ConnectorContext context, HttpRequest.Builder builder) {
        String auth = task.config().string("auth");
        return switch (auth) {
            case "bearer" -> builder.header("Authorization", "Bearer " + secret(task, context, "secretRef"));
            case "basic" -> {
                String[] credentials = secret(task, context, "secretRef").split(":", 2);
                yield builder.header("Authorization", basic(credentials[0], credentials.length > 1 ? credentials[1] : ""));
            }
            case "header" -> builder.header(task.config().string("authHeader"), secret(task, context, "secretRef"));
            default -> builder;
        };
    }

    private static String fill(ConnectorTask task, String template, String id) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            String value = switch (key) {
                case "email" -> task.subject().email();
                case "name" -> task.subject().name();
                case "id" -> id;
                default -> task.subject().identifier(key.substring("identifier.".length())).orElse(null);
            };
            if (value == null) {
                return null;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(encode(value)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String pastTense(Action action) {
        return switch (action) {
            case ERASE -> "deleted";
            case RECTIFY -> "rectified";
            case RESTRICT -> "restricted";
            case SUPPRESS -> "suppressed";
            case WITHDRAW_CONSENT -> "marked consent withdrawn";
            default -> action.name().toLowerCase(Locale.ROOT);
        };
    }
}
