package dev.rightsflow.connectors.databases;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

import com.mongodb.ConnectionString;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import dev.rightsflow.schemas.model.Action;
import dev.rightsflow.schemas.model.ConnectorCapabilities;
import dev.rightsflow.connectors.spi.ConfigDef;
import dev.rightsflow.connectors.spi.ConfigKey;
import dev.rightsflow.connectors.spi.ConfigProblem;
import dev.rightsflow.connectors.spi.Connector;
import dev.rightsflow.connectors.spi.ConnectorContext;
import dev.rightsflow.connectors.spi.ConnectorTask;
import dev.rightsflow.connectors.spi.ExportedRecord;
import dev.rightsflow.connectors.spi.Outcome;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import dev.rightsflow.schemas.model.Counted;

/**
 * A MongoDB database holding personal data, through the MongoDB driver (the reactive-streams
 * driver the services already use, awaited on the runner's lane thread). The connection secret
 * holds the connection string ({@code mongodb://user:password@host:27017/?authSource=admin});
 * the system's {@link DataMap} names the collections ({@code collections}, then
 * {@code collection.<name>.*}: match, erase, rectify, category, provenance, omit) with dotted field
 * paths. Finds (a count per collection), exports (the documents, per collection), erases (delete,
 * set fields to null, or keep under an exemption) and rectifies (sets the fields a correction
 * names).
 *
 * <p>The subject's values are only ever compared as values ({@code $eq}, or for {@code email} an
 * anchored, escaped, case-insensitive regular expression), never parsed as a query, and field
 * names come only from the checked configuration (no {@code $}). Erasure is not one transaction:
 * multi-document transactions need a replica set (and the in-process server has none); each step
 * is idempotent instead, so a retry after a partial failure finishes the work.
 */
public final class MongoDbConnector implements Connector, AutoCloseable {

    private static final ConfigDef CONFIG = ConfigDef.of(
            ConfigKey.required("secretRef", ConfigKey.Type.SECRET_REF,
                    "name of the secret holding the MongoDB connection string with the user and password of the system's account"),
            ConfigKey.required("database", ConfigKey.Type.STRING, "the database holding the collections"),
            ConfigKey.required("collections", ConfigKey.Type.LIST,
                    "collections holding the subject, each configured under collection.<name>.* (match, erase, rectify, category, provenance, omit)"),
            ConfigKey.optional("connectTimeout", ConfigKey.Type.DURATION, "PT10S", "how long a task waits for the server before it is retried later"),
            ConfigKey.optional("operationTimeout", ConfigKey.Type.DURATION, "PT60S", "longest one operation may run"));

    private record Client(String connection, Duration connectTimeout, MongoClient client) {
    }

    private final Map<String, Client> clients = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "mongodb";
    }

    @Override
    public String documentation() {
        return "processor-connectors/README.md#database-connectors (https://www.mongodb.com/docs/drivers/java/reactive-streams/)";
    }

    @Override
    public ConfigDef config() {
        return CONFIG;
    }

    @Override
    public ConnectorCapabilities capabilities() {
        // rectification needs collection.<c>.rectify somewhere; without it the connector hands the task to a person itself
        return ConnectorCapabilities.of(name(), EnumSet.of(Action.ERASE, Action.EXPORT, Action.RECTIFY));
    }

    @Override
    public List<ConfigProblem> validate(Map<String, String> config) {
        List<ConfigProblem> problems = new ArrayList<>(CONFIG.validate(config));
        String database = config.get("database");
        if (database != null && !database.isBlank() && !DataMap.NAME.matcher(database.trim()).matches()) {
            problems.add(new ConfigProblem("database", "must be a plain name (letters, digits, '_')"));
        }
        problems.addAll(DataMap.parse(config, "collections", "collection", DataMap.FIELD_PATH, false).problems());
        return problems;
    }

    @Override
    public Outcome execute(ConnectorTask task, ConnectorContext context) {
        if (!supports().contains(task.action())) {
            return new Outcome.PermanentFailure("mongodb cannot " + task.action() + "; a person must do it");
        }
        DataMap.Parsed parsed = DataMap.parse(task.config().asMap(), "collections", "collection", DataMap.FIELD_PATH, false);
        if (!parsed.problems().isEmpty()) {
            return new Outcome.PermanentFailure("the data map of " + task.systemId() + " is invalid: " + parsed.problems());
        }
        String secretName = task.config().string("secretRef");
        Optional<String> connection = context.secret(secretName);
        if (connection.isEmpty() || !(connection.get().startsWith("mongodb://") || connection.get().startsWith("mongodb+srv://"))) {
            return new Outcome.PermanentFailure("the secret " + secretName + " must hold the MongoDB connection string of " + task.systemId()
                    + " (mongodb:// or mongodb+srv://)");
        }
        try {
            new ConnectionString(connection.get());
        } catch (IllegalArgumentException e) {
            return new Outcome.PermanentFailure("the secret " + secretName + " does not hold a valid MongoDB connection string");
        }
        Duration timeout = task.config().duration("operationTimeout");
        Run run = new Run(task, parsed.map(), timeout);
        try {
            MongoDatabase database = client(task.systemId(), connection.get(), task.config().duration("connectTimeout"), timeout)
                    .getDatabase(task.config().string("database"));
            return run.on(database);
        } catch (MongoException e) {
            return failure(e, task.systemId(), run.current);
        } catch (IllegalStateException e) {
            // Reactor's blocking read timed out: the server is too slow for now
            return new Outcome.RetriableFailure("the MongoDB server of " + task.systemId() + " did not answer in time"
                    + (run.current == null ? "" : " (collection " + run.current + ")"), null);
        }
    }

    private MongoClient client(String systemId, String connection, Duration connectTimeout, Duration operationTimeout) {
        return clients.compute(systemId, (id, existing) -> {
            if (existing != null && existing.connection().equals(connection) && existing.connectTimeout().equals(connectTimeout)) {
                return existing;
            }
            if (existing != null) {
                existing.client().close();
            }
            MongoClientSettings settings = MongoClientSettings.builder().applyConnectionString(new ConnectionString(connection))
                    .applicationName("rightsflow")
                    .applyToClusterSettings(c -> c.serverSelectionTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS))
                    .applyToSocketSettings(s -> s.connectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()), TimeUnit.MILLISECONDS)
                            .readTimeout((int) Math.min(Integer.MAX_VALUE, operationTimeout.toMillis()), TimeUnit.MILLISECONDS))
                    .applyToConnectionPoolSettings(p -> p.maxSize(2).minSize(0).maxConnectionIdleTime(1, TimeUnit.MINUTES)
                            .maxWaitTime(connectTimeout.toMillis(), TimeUnit.MILLISECONDS))
                    .build();
            return new Client(connection, connectTimeout, MongoClients.create(settings));
        }).client();
    }

    @Override
    public void close() {
        clients.values().forEach(c -> c.client().close());
        clients.clear();
    }

    /** One execution; {@link #current} names the collection being worked on in a failure. */
    private final class Run {
        private final ConnectorTask task;
        private final DataMap map;
        private final Duration timeout;
        private String current;

        Run(ConnectorTask task, DataMap map, Duration timeout) {
            this.task = task;
            this.map = map;
            this.timeout = timeout.plusSeconds(5);
        }

        Outcome on(MongoDatabase database) {
            Map<String, Bson> filters = new LinkedHashMap<>();
            List<String> unsearchable = new ArrayList<>();
            for (DataMap.Table collection : map.tables()) {
                List<Bson> any = new ArrayList<>();
                collection.match().forEach((field, subjectField) -> DataMap.subjectValue(task.subject(), subjectField)
                        .ifPresent(value -> any.add(subjectField.equals("email")
                                ? Filters.regex(field, "^" + escape(value) + "$", "i") : equalTo(field, value))));
                if (any.isEmpty()) {
                    unsearchable.add(collection.name());
                } else {
                    filters.put(collection.name(), any.size() == 1 ? any.get(0) : Filters.or(any));
                }
            }
            if (!unsearchable.isEmpty()) {
                return new Outcome.NeedsPerson("The task carries none of the identifiers that " + String.join(", ", unsearchable) + " in "
                        + task.systemId() + " is searched by, so it cannot be searched automatically. Search it by hand ("
                        + task.action().name().toLowerCase(Locale.ROOT) + "), then confirm the task.");
            }
            return switch (task.action()) {
                case EXPORT -> export(database, filters);
                case ERASE -> erase(database, filters);
                case RECTIFY -> rectify(database, filters);
                default -> new Outcome.PermanentFailure("mongodb cannot " + task.action());
            };
        }

        private Outcome export(MongoDatabase database, Map<String, Bson> filters) {
            List<ExportedRecord> records = new ArrayList<>();
            List<String> counts = new ArrayList<>();
            for (DataMap.Table collection : map.tables()) {
                current = collection.name();
                List<Document> found = Flux.from(database.getCollection(collection.name()).find(filters.get(collection.name())))
                        .collectList().block(timeout);
                for (Document document : found) {
                    Map<String, Object> fields = new LinkedHashMap<>();
                    document.forEach((key, value) -> {
                        if (!collection.omit().contains(key)) {
                            fields.put(key, json(value));
                        }
                    });
                    records.add(new ExportedRecord(collection.category(), collection.provenance(), fields));
                }
                counts.add(collection.name() + ": " + found.size());
            }
            current = null;
            return records.isEmpty() ? Outcome.Completed.notFound("no document of the subject in " + task.systemId() + " (" + String.join(", ", counts) + ")")
                    : Outcome.Completed.exported(Counted.of(records.size(), "document") + " exported from " + task.systemId() + " ("
                            + String.join(", ", counts) + ")", records);
        }

        private Outcome erase(MongoDatabase database, Map<String, Bson> filters) {
            List<String> lines = new ArrayList<>();
            long found = 0;
            long changed = 0;
            for (DataMap.Table collection : map.eraseOrder()) {
                current = collection.name();
                MongoCollection<Document> documents = database.getCollection(collection.name());
                Bson filter = filters.get(collection.name());
                long count = Mono.from(documents.countDocuments(filter)).block(timeout);
                found += count;
                if (collection.erase() instanceof EraseRule.Delete) {
                    long deleted = Mono.from(documents.deleteMany(filter)).block(timeout).getDeletedCount();
                    changed += deleted;
                    lines.add(collection.name() + ": " + deleted + " deleted");
                } else if (collection.erase() instanceof EraseRule.Nullify nullify) {
                    Bson notYet = Filters.or(nullify.columns().stream().map(f -> Filters.ne(f, null)).toList());
                    long nulled = Mono.from(documents.updateMany(Filters.and(filter, notYet),
                            Updates.combine(nullify.columns().stream().map(f -> Updates.set(f, null)).toList()))).block(timeout).getModifiedCount();
                    changed += nulled;
                    lines.add(collection.name() + ": " + count + " found, " + nulled + " with " + String.join(", ", nullify.columns())
                            + " set to null");
                } else if (collection.erase() instanceof EraseRule.Retain retain) {
                    lines.add(collection.name() + ": " + count + " kept (" + retain.legalBasis() + ": " + retain.exemption() + ")");
                }
            }
            current = null;
            if (found == 0) {
                return Outcome.Completed.notFound("no document of the subject in " + task.systemId() + " (searched "
                        + map.tables().stream().map(DataMap.Table::name).collect(Collectors.joining(", ")) + ")");
            }
            return new Outcome.Completed(true, "erased in " + task.systemId() + ": " + String.join("; ", lines), (int) changed, List.of());
        }

        private Outcome rectify(MongoDatabase database, Map<String, Bson> filters) {
            Map<String, String> settable = new LinkedHashMap<>();
            map.tables().forEach(t -> t.rectify().keySet().forEach(label -> settable.put(label, t.name())));
            Optional<Map<String, String>> correction = Correction.parse(task.details().rectificationCorrection());
            String fields = String.join(", ", settable.keySet());
            if (settable.isEmpty() || correction.isEmpty()
                    || correction.get().keySet().stream().anyMatch(label -> !settable.containsKey(label))) {
                return new Outcome.NeedsPerson("The correction cannot be applied to " + task.systemId() + " automatically (it must be"
                        + " 'field: value' lines naming only the fields it can set: " + (fields.isEmpty() ? "none configured" : fields)
                        + "); nothing was changed. Correct the data by hand as the request says, then confirm the task.");
            }
            List<String> lines = new ArrayList<>();
            long changed = 0;
            for (DataMap.Table collection : map.tables()) {
                List<Bson> sets = collection.rectify().entrySet().stream().filter(e -> correction.get().containsKey(e.getKey()))
                        .map(e -> Updates.set(e.getValue(), correction.get().get(e.getKey()))).toList();
                if (sets.isEmpty()) {
                    continue;
                }
                current = collection.name();
                long matched = Mono.from(database.getCollection(collection.name()).updateMany(filters.get(collection.name()),
                        Updates.combine(sets))).block(timeout).getMatchedCount();
                changed += matched;
                lines.add(collection.name() + ": " + Counted.of(matched, "document"));
            }
            current = null;
            return changed == 0 ? Outcome.Completed.notFound("no document of the subject to correct in " + task.systemId())
                    : Outcome.Completed.done("rectified in " + task.systemId() + ": " + String.join("; ", lines), (int) changed);
        }
    }

    /** The field equals the value, or the same whole number when the database stores it as one (a membership number). */
    private static Bson equalTo(String field, String value) {
        if (value.matches("-?\\d{1,18}")) {
            return Filters.in(field, value, Long.parseLong(value));
        }
        return Filters.eq(field, value);
    }

    /** The value as a literal inside a regular expression. */
    private static String escape(String value) {
        return value.replaceAll("[\\\\^$.|?*+()\\[\\]{}]", "\\\\$0");
    }

    private static Object json(Object value) {
        if (value == null || value instanceof String || value instanceof Number && !(value instanceof Decimal128) || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Decimal128 decimal) {
            return decimal.bigDecimalValue();
        }
        if (value instanceof ObjectId id) {
            return id.toHexString();
        }
        if (value instanceof Date date) {
            return date.toInstant().toString();
        }
        if (value instanceof Document document) {
            Map<String, Object> out = new LinkedHashMap<>();
            document.forEach((k, v) -> out.put(k, json(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(MongoDbConnector::json).toList();
        }
        return value.toString();
    }

    /** A driver failure as an outcome; the server's message is never repeated (it can quote the subject's values). */
    static Outcome failure(MongoException e, String systemId, String collection) {
        String where = collection == null ? "" : " (collection " + collection + ")";
        if (e instanceof MongoSecurityException || e instanceof MongoCommandException c && (c.getErrorCode() == 18 || c.getErrorCode() == 13)) {
            return new Outcome.PermanentFailure("the MongoDB server of " + systemId + " refused the account in the connection secret" + where
                    + " (code " + e.getCode() + "): check the secret and the account's roles");
        }
        if (e instanceof MongoWriteException w && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
            return new Outcome.NeedsPerson("A unique index of " + systemId + where + " stopped the change (duplicate key). Make the change by hand,"
                    + " then confirm the task.");
        }
        if (e instanceof MongoTimeoutException || e instanceof MongoSocketException || e.hasErrorLabel("RetryableWriteError")
                || !(e instanceof MongoServerException)) {
            return new Outcome.RetriableFailure("the MongoDB server of " + systemId + " is unavailable" + where + " (" + e.getClass().getSimpleName()
                    + ")", null);
        }
        return new Outcome.PermanentFailure("the MongoDB server of " + systemId + " refused the operation" + where + " (code " + e.getCode()
                + "): check the data map and the account's roles");
    }
}
