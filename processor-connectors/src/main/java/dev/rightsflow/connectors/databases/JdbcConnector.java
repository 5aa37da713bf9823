package dev.rightsflow.connectors.databases;

import java.sql.Array;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

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
import dev.rightsflow.schemas.model.Counted;

/**
 * A relational database holding personal data, reached over JDBC with the system's own account
 * (the connection secret names the JDBC URL with its user and password; nothing of it is in the
 * registry). The system's {@link DataMap} says which tables hold the subject and how each finds
 * them; the connector then finds (a count per table), exports (the rows, per table, into the
 * access package), erases (per table: delete, null out columns, or keep under an exemption, all
 * in one transaction) and rectifies (sets the columns a correction names, in one transaction).
 *
 * <p>Only parameterised SQL: the subject's values are always bound parameters, compared with the
 * column as text (so {@code '1 OR 1=1'} never equals member 1 through a database's implicit
 * number conversion) and, for {@code email}, case-insensitively; table and column names come only
 * from the configuration, each checked against a plain-identifier pattern and against the
 * database's own metadata, and quoted. Subclasses say how their database is reached and quotes.
 */
public abstract class JdbcConnector implements Connector, AutoCloseable {

    private static final ConfigDef CONFIG = ConfigDef.of(
            ConfigKey.required("secretRef", ConfigKey.Type.SECRET_REF,
                    "name of the secret holding the JDBC URL with the user and password of the system's database account"),
            ConfigKey.required("tables", ConfigKey.Type.LIST,
                    "tables holding the subject, each configured under table.<name>.* (match or via, erase, rectify, category, provenance, omit)"),
            ConfigKey.optional("schema", ConfigKey.Type.STRING, null, "schema (PostgreSQL) or database (MariaDB) of the tables, when not the connection's own"),
            ConfigKey.optional("connectTimeout", ConfigKey.Type.DURATION, "PT10S", "how long a task waits for a connection before it is retried later"),
            ConfigKey.optional("statementTimeout", ConfigKey.Type.DURATION, "PT60S", "longest one statement may run"),
            ConfigKey.optional("poolSize", ConfigKey.Type.INT, "2", "connections the system's pool may hold (1-20)"));

    private static final Set<Integer> TEXT_TYPES = Set.of(Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR,
            Types.LONGNVARCHAR, Types.CLOB, Types.NCLOB);

    private final JdbcPools pools = new JdbcPools();

    /** The URL prefixes the connection secret may start with. */
    protected abstract List<String> urlPrefixes();

    protected abstract String driverClass();

    /** The identifier, already checked against {@link DataMap#NAME}, quoted for this database. */
    protected abstract String quote(String identifier);

    /** The column as text, for comparing with a bound string. */
    protected abstract String asText(String quotedColumn);

    /** Driver properties for the timeouts (each driver names and measures them its own way). */
    protected abstract Properties timeouts(Duration connect, Duration socket);

    @Override
    public ConfigDef config() {
        return CONFIG;
    }

    @Override
    public ConnectorCapabilities capabilities() {
        // rectification needs table.<t>.rectify somewhere; without it the connector hands the task to a person itself
        return ConnectorCapabilities.of(name(), EnumSet.of(Action.ERASE, Action.EXPORT, Action.RECTIFY));
    }

    @Override
    public List<ConfigProblem> validate(Map<String, String> config) {
        List<ConfigProblem> problems = new ArrayList<>(config().validate(config));
        String schema = config.get("schema");
        if (schema != null && !schema.isBlank() && !DataMap.NAME.matcher(schema.trim()).matches()) {
            problems.add(new ConfigProblem("schema", "must be a plain name (letters, digits, '_')"));
        }
        String size = config.get("poolSize");
        if (size != null && size.trim().matches("\\d{1,9}") && (Integer.parseInt(size.trim()) < 1 || Integer.parseInt(size.trim()) > 20)) {
            problems.add(new ConfigProblem("poolSize", "must be between 1 and 20"));
        }
        problems.addAll(DataMap.parse(config, "tables", "table", DataMap.NAME, true).problems());
        return problems;
    }

    @Override
    public Outcome execute(ConnectorTask task, ConnectorContext context) {
        if (!supports().contains(task.action())) {
            return new Outcome.PermanentFailure(name() + " cannot " + task.action() + "; a person must do it");
        }
        DataMap.Parsed parsed = DataMap.parse(task.config().asMap(), "tables", "table", DataMap.NAME, true);
        if (!parsed.problems().isEmpty()) {
            return new Outcome.PermanentFailure("the data map of " + task.systemId() + " is invalid: " + parsed.problems());
        }
        String secretName = task.config().string("secretRef");
        Optional<String> url = context.secret(secretName);
        if (url.isEmpty() || url.get().isBlank()) {
            return new Outcome.PermanentFailure("the secret " + secretName + " is not set: it must hold the JDBC URL of " + task.systemId());
        }
        if (urlPrefixes().stream().noneMatch(p -> url.get().startsWith(p))) {
            return new Outcome.PermanentFailure("the secret " + secretName + " must hold a URL starting with " + String.join(" or ", urlPrefixes()));
        }
        Duration statement = task.config().duration("statementTimeout");
        Duration connect = task.config().duration("connectTimeout");
        JdbcPools.Settings settings = new JdbcPools.Settings(url.get(), driverClass(), timeouts(connect, statement.plusSeconds(30)), connect,
                task.config().integer("poolSize"));
        Run run = new Run(task, parsed.map(), (int) Math.max(1, statement.toSeconds()));
        try (Connection connection = pools.get(task.systemId(), settings).getConnection()) {
            return run.on(connection);
        } catch (SQLException e) {
            return DatabaseFailures.of(e, task.systemId(), run.current);
        }
    }

    /** Closes every system's pool (the runtime stops). */
    @Override
    public void close() {
        pools.close();
    }

    /** A bound WHERE clause. */
    private record Where(String sql, List<String> parameters) {
    }

    /** One execution: the task, its data map, and the table being worked on (named in a failure). */
    private final class Run {
        private final ConnectorTask task;
        private final DataMap map;
        private final int timeoutSeconds;
        private final Map<String, Map<String, Integer>> columnTypes = new HashMap<>();
        private String current;

        Run(ConnectorTask task, DataMap map, int timeoutSeconds) {
            this.task = task;
            this.map = map;
            this.timeoutSeconds = timeoutSeconds;
        }

        Outcome on(Connection connection) throws SQLException {
            for (DataMap.Table table : map.tables()) {
                Optional<String> missing = checkColumns(connection, table);
                if (missing.isPresent()) {
                    return new Outcome.PermanentFailure("the data map of " + task.systemId() + " names " + missing.get()
                            + ", which the database does not have: fix the registry");
                }
            }
            Map<String, Where> where = new LinkedHashMap<>();
            List<String> unsearchable = new ArrayList<>();
            for (DataMap.Table table : map.tables()) {
                Optional<Where> w = where(table, 0);
                if (w.isPresent()) {
                    where.put(table.name(), w.get());
                } else {
                    unsearchable.add(table.name());
                }
            }
            if (!unsearchable.isEmpty()) {
                return new Outcome.NeedsPerson("The task carries none of the identifiers that " + String.join(", ", unsearchable) + " in "
                        + task.systemId() + " is searched by, so it cannot be searched automatically. Search it by hand ("
                        + task.action().name().toLowerCase(Locale.ROOT) + "), then confirm the task.");
            }
            current = null;
            return switch (task.action()) {
                case EXPORT -> export(connection, where);
                case ERASE -> inTransaction(connection, () -> erase(connection, where));
                case RECTIFY -> rectify(connection, where);
                default -> new Outcome.PermanentFailure(name() + " cannot " + task.action());
            };
        }

        private Outcome export(Connection connection, Map<String, Where> where) throws SQLException {
            List<ExportedRecord> records = new ArrayList<>();
            List<String> counts = new ArrayList<>();
            for (DataMap.Table table : map.tables()) {
                current = table.name();
                int found = 0;
                try (PreparedStatement select = prepare(connection, "SELECT * FROM " + table(table.name()) + " WHERE "
                        + where.get(table.name()).sql(), where.get(table.name()).parameters()); ResultSet rows = select.executeQuery()) {
                    ResultSetMetaData meta = rows.getMetaData();
                    while (rows.next()) {
                        Map<String, Object> fields = new LinkedHashMap<>();
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            String column = meta.getColumnLabel(i);
                            if (!table.omit().contains(column)) {
                                fields.put(column, json(rows.getObject(i)));
                            }
                        }
                        records.add(new ExportedRecord(table.category(), table.provenance(), fields));
                        found++;
                    }
                }
                counts.add(table.name() + ": " + found);
            }
            current = null;
            String summary = Counted.of(records.size(), "row") + " exported from " + task.systemId() + " (" + String.join(", ", counts) + ")";
            return records.isEmpty() ? Outcome.Completed.notFound("no row of the subject in " + task.systemId() + " (" + String.join(", ", counts) + ")")
                    : Outcome.Completed.exported(summary, records);
        }

        private Outcome erase(Connection connection, Map<String, Where> where) throws SQLException {
            List<String> lines = new ArrayList<>();
            int found = 0;
            int changed = 0;
            for (DataMap.Table table : map.eraseOrder()) {
                current = table.name();
                Where w = where.get(table.name());
                int count = count(connection, table, w);
                found += count;
                if (table.erase() instanceof EraseRule.Delete) {
                    int deleted = update(connection, "DELETE FROM " + table(table.name()) + " WHERE " + w.sql(), w.parameters());
                    changed += deleted;
                    lines.add(table.name() + ": " + deleted + " deleted");
                } else if (table.erase() instanceof EraseRule.Nullify nullify) {
                    String set = nullify.columns().stream().map(c -> quote(c) + " = NULL").collect(Collectors.joining(", "));
                    String notYet = nullify.columns().stream().map(c -> quote(c) + " IS NOT NULL").collect(Collectors.joining(" OR "));
                    int nulled = update(connection, "UPDATE " + table(table.name()) + " SET " + set + " WHERE (" + w.sql() + ") AND ("
                            + notYet + ")", w.parameters());
                    changed += nulled;
                    lines.add(table.name() + ": " + count + " found, " + nulled + " with " + String.join(", ", nullify.columns())
                            + " set to null");
                } else if (table.erase() instanceof EraseRule.Retain retain) {
                    lines.add(table.name() + ": " + count + " kept (" + retain.legalBasis() + ": " + retain.exemption() + ")");
                }
            }
            current = null;
            if (found == 0) {
                return Outcome.Completed.notFound("no row of the subject in " + task.systemId() + " (searched " + tableNames() + ")");
            }
            return new Outcome.Completed(true, "erased in " + task.systemId() + ": " + String.join("; ", lines), changed, List.of());
        }

        private Outcome rectify(Connection connection, Map<String, Where> where) throws SQLException {
            Map<String, String> settable = new LinkedHashMap<>();
            map.tables().forEach(t -> t.rectify().keySet().forEach(label -> settable.put(label, t.name())));
            if (settable.isEmpty()) {
                return new Outcome.NeedsPerson("No table of " + task.systemId() + " has rectify configured, so the correction cannot be"
                        + " applied automatically. Correct the data by hand as the request says, then confirm the task.");
            }
            Optional<Map<String, String>> correction = Correction.parse(task.details().rectificationCorrection());
            String fields = String.join(", ", settable.keySet());
            if (correction.isEmpty()) {
                return new Outcome.NeedsPerson("The correction is not written as 'field: value' lines, so " + task.systemId()
                        + " cannot apply it automatically (the fields it can set: " + fields + "). Correct the data by hand as the request"
                        + " says, then confirm the task.");
            }
            long unknown = correction.get().keySet().stream().filter(label -> !settable.containsKey(label)).count();
            if (unknown > 0) {
                return new Outcome.NeedsPerson("The correction names " + Counted.of(unknown, "field") + " " + task.systemId()
                        + " cannot set automatically (the fields it can set: " + fields + "); nothing was changed. Correct the data by hand"
                        + " as the request says, then confirm the task.");
            }
            return inTransaction(connection, () -> {
                List<String> lines = new ArrayList<>();
                int changed = 0;
                for (DataMap.Table table : map.tables()) {
                    List<Map.Entry<String, String>> sets = table.rectify().entrySet().stream()
                            .filter(e -> correction.get().containsKey(e.getKey())).toList();
                    if (sets.isEmpty()) {
                        continue;
                    }
                    current = table.name();
                    Where w = where.get(table.name());
                    List<String> parameters = new ArrayList<>();
                    sets.forEach(e -> parameters.add(correction.get().get(e.getKey())));
                    parameters.addAll(w.parameters());
                    int updated = update(connection, "UPDATE " + table(table.name()) + " SET "
                            + sets.stream().map(e -> quote(e.getValue()) + " = ?").collect(Collectors.joining(", ")) + " WHERE " + w.sql(),
                            parameters);
                    changed += updated;
                    lines.add(table.name() + ": " + Counted.of(updated, "row") + ", " + sets.stream().map(Map.Entry::getValue).collect(Collectors.joining(", ")));
                }
                current = null;
                if (changed == 0) {
                    return Outcome.Completed.notFound("no row of the subject to correct in " + task.systemId());
                }
                return Outcome.Completed.done("rectified in " + task.systemId() + ": " + String.join("; ", lines), changed);
            });
        }

        /** The rows of the subject in a table: its own match, or its parent's rows through {@code via}; empty when unsearchable. */
        private Optional<Where> where(DataMap.Table table, int depth) {
            List<String> clauses = new ArrayList<>();
            List<String> parameters = new ArrayList<>();
            Map<String, Integer> types = columnTypes.getOrDefault(table.name(), Map.of());
            table.match().forEach((column, field) -> DataMap.subjectValue(task.subject(), field).ifPresent(value -> {
                Integer type = types.get(column.toLowerCase(Locale.ROOT));
                String side = type != null && TEXT_TYPES.contains(type) ? quote(column) : asText(quote(column));
                clauses.add(field.equals("email") ? "LOWER(" + side + ") = LOWER(?)" : side + " = ?");
                parameters.add(value);
            }));
            if (table.via() != null && depth < map.tables().size()) {
                DataMap.Table parent = map.table(table.via().parent()).orElseThrow();
                where(parent, depth + 1).ifPresent(p -> {
                    clauses.add(quote(table.via().column()) + " IN (SELECT " + quote(table.via().parentColumn()) + " FROM "
                            + table(parent.name()) + " WHERE " + p.sql() + ")");
                    parameters.addAll(p.parameters());
                });
            }
            return clauses.isEmpty() ? Optional.empty() : Optional.of(new Where("(" + String.join(" OR ", clauses) + ")", parameters));
        }

        /** The first configured table or column the database does not have; records each column's type. */
        private Optional<String> checkColumns(Connection connection, DataMap.Table table) throws SQLException {
            current = table.name();
            Map<String, Integer> types = new HashMap<>();
            try (PreparedStatement probe = prepare(connection, "SELECT * FROM " + table(table.name()) + " WHERE 1 = 0", List.of());
                    ResultSet none = probe.executeQuery()) {
                ResultSetMetaData meta = none.getMetaData();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    types.put(meta.getColumnName(i).toLowerCase(Locale.ROOT), meta.getColumnType(i));
                }
            } catch (SQLException e) {
                if (e.getSQLState() != null && (e.getSQLState().equals("42P01") || e.getSQLState().equals("42S02"))) {
                    return Optional.of("table " + table.name());
                }
                throw e;
            }
            columnTypes.put(table.name(), types);
            List<String> named = new ArrayList<>(table.match().keySet());
            named.addAll(table.rectify().values());
            if (table.erase() instanceof EraseRule.Nullify nullify) {
                named.addAll(nullify.columns());
            }
            if (table.via() != null) {
                named.add(table.via().column());
            }
            return named.stream().filter(c -> !types.containsKey(c.toLowerCase(Locale.ROOT))).findFirst()
                    .map(c -> "column " + table.name() + "." + c);
        }

        private int count(Connection connection, DataMap.Table table, Where w) throws SQLException {
            try (PreparedStatement select = prepare(connection, "SELECT COUNT(*) FROM " + table(table.name()) + " WHERE " + w.sql(), w.parameters());
                    ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }

        private int update(Connection connection, String sql, List<String> parameters) throws SQLException {
            try (PreparedStatement statement = prepare(connection, sql, parameters)) {
                return statement.executeUpdate();
            }
        }

        private PreparedStatement prepare(Connection connection, String sql, List<String> parameters) throws SQLException {
            PreparedStatement statement = connection.prepareStatement(sql);
            statement.setQueryTimeout(timeoutSeconds);
            for (int i = 0; i < parameters.size(); i++) {
                statement.setString(i + 1, parameters.get(i));
            }
            return statement;
        }

        private String table(String name) {
            return task.config().optional("schema").map(s -> quote(s) + ".").orElse("") + quote(name);
        }

        private String tableNames() {
            return map.tables().stream().map(DataMap.Table::name).collect(Collectors.joining(", "));
        }
    }

    /** A unit of work that commits together or not at all. */
    @FunctionalInterface
    private interface Work {
        Outcome run() throws SQLException;
    }

    private static Outcome inTransaction(Connection connection, Work work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            Outcome outcome = work.run();
            connection.commit();
            return outcome;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the connection is broken; the pool discards it and the database rolls back
            }
            throw e;
        } finally {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException ignored) {
                // as above
            }
        }
    }

    /** A column's value as JSON can hold it (the access package is JSON and CSV). */
    static Object json(Object value) throws SQLException {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toLocalDateTime().toString();
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (value instanceof java.sql.Time t) {
            return t.toLocalTime().toString();
        }
        if (value instanceof TemporalAccessor) {
            return value.toString();
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof Clob clob) {
            return clob.getSubString(1, (int) Math.min(Integer.MAX_VALUE, clob.length()));
        }
        if (value instanceof Array array) {
            List<Object> items = new ArrayList<>();
            for (Object item : (Object[]) array.getArray()) {
                items.add(json(item));
            }
            return items;
        }
        return value.toString();
    }
}
