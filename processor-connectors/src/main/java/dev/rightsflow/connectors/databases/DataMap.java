package dev.rightsflow.connectors.databases;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.rightsflow.connectors.spi.ConfigProblem;
import dev.rightsflow.connectors.spi.ExportedRecord;
import dev.rightsflow.connectors.spi.TaskSubject;

/**
 * One database system's data map, read from its flat connector configuration: which tables (or
 * collections) hold the subject, how each finds them, and what erasure and rectification mean
 * there. Every table and column name is checked against a strict identifier pattern here, before
 * any SQL or query is built, so the configuration can name tables but never inject into them;
 * the subject's values only ever travel as bound parameters.
 *
 * <pre>
 * tables: "members, survey_responses"                  (collections: for MongoDB)
 * table.members.match: "email=email, member_no=membershipNumber"
 * table.members.erase: delete
 * table.members.rectify: "surname=last_name, phone"    (label=column, or column)
 * table.survey_responses.via: "member_id=members.id"   (rows of the subject's members rows)
 * table.survey_responses.erase: "nullify(free_text)"
 * table.payments.erase: retain
 * table.payments.exemption: "payment records kept 6 years for HMRC"
 * table.payments.legalBasis: "Art 17(3)(b) legal obligation"
 * table.X.category / provenance (PROVIDED|OBSERVED|DERIVED) / omit (columns left out of exports)
 * </pre>
 * The right-hand side of {@code match} is a subject field as the router's data map names it
 * ({@code subjectIdentifiers}): {@code email}, {@code name}, {@code phone}, {@code postalAddress},
 * or an identifier such as {@code membershipNumber}.
 */
public final class DataMap {

    /** SQL table and column names, MongoDB collection names: no quoting, dots, spaces or dollars. */
    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    /** MongoDB field paths: names joined by dots (never a {@code $} operator). */
    static final Pattern FIELD_PATH = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62}){0,7}");
    private static final Pattern SUBJECT_FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,62}");
    private static final Pattern NULLIFY = Pattern.compile("nullify\\s*\\((.*)\\)", Pattern.DOTALL);
    private static final Set<String> TABLE_KEYS = Set.of("match", "via", "erase", "exemption", "legalBasis", "rectify",
            "category", "provenance", "omit");

    /** A table's rows that belong to the subject because their column points at a matched parent row. */
    public record Via(String column, String parent, String parentColumn) {
    }

    /**
     * One table or collection.
     *
     * @param match      column → subject field; a row matches when any of them equals the subject's value
     * @param via        rows that point at the subject's rows in another table; null when none
     * @param rectify    label a correction may use → the column it sets
     * @param omit       columns never exported (hashes, internal keys)
     */
    public record Table(String name, Map<String, String> match, Via via, EraseRule erase, Map<String, String> rectify,
            String category, ExportedRecord.Provenance provenance, Set<String> omit) {
    }

    private final List<Table> tables;

    private DataMap(List<Table> tables) {
        this.tables = List.copyOf(tables);
    }

    public List<Table> tables() {
        return tables;
    }

    public Optional<Table> table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /**
     * The order erasure runs in: the configured order, except that a table matched {@code via}
     * another comes before it (its rows are found through the parent's, and a foreign key usually
     * forbids deleting the parent first).
     */
    public List<Table> eraseOrder() {
        List<Table> out = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        for (Table table : tables) {
            childrenFirst(table, out, done);
        }
        return out;
    }

    private void childrenFirst(Table table, List<Table> out, Set<String> done) {
        if (!done.add(table.name())) {
            return;
        }
        for (Table child : tables) {
            if (child.via() != null && child.via().parent().equals(table.name())) {
                childrenFirst(child, out, done);
            }
        }
        out.add(table);
    }

    /** The subject's value for a field of the data map ({@code email}, {@code name}, ..., or an identifier). */
    public static Optional<String> subjectValue(TaskSubject subject, String field) {
        String value = switch (field) {
            case "email" -> subject.email();
            case "name" -> subject.name();
            case "phone" -> subject.phone();
            case "postalAddress" -> subject.postalAddress();
            default -> subject.identifier(field).orElse(null);
        };
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    /** The data map and what is wrong with it; a map with problems must not be used. */
    public record Parsed(DataMap map, List<ConfigProblem> problems) {
    }

    /**
     * Reads the data map from a system's configuration.
     *
     * @param listKey   {@code tables} or {@code collections}
     * @param prefix    {@code table} or {@code collection}
     * @param columns   the pattern a column (field) name must match
     * @param allowVia  whether {@code via} is supported (SQL only)
     */
    public static Parsed parse(Map<String, String> config, String listKey, String prefix, Pattern columns, boolean allowVia) {
        List<ConfigProblem> problems = new ArrayList<>();
        List<String> names = Arrays.stream(config.getOrDefault(listKey, "").split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
        if (names.isEmpty()) {
            problems.add(new ConfigProblem(listKey, "names no " + listKey));
        }
        Set<String> listed = new LinkedHashSet<>();
        for (String name : names) {
            if (!NAME.matcher(name).matches()) {
                problems.add(new ConfigProblem(listKey, "'" + shorten(name) + "' is not a plain name (letters, digits, '_', at most 63)"));
            } else if (!listed.add(name)) {
                problems.add(new ConfigProblem(listKey, name + " is listed twice"));
            }
        }
        config.keySet().stream().filter(k -> k.startsWith(prefix + ".")).forEach(key -> {
            String rest = key.substring(prefix.length() + 1);
            int dot = rest.lastIndexOf('.');
            if (dot < 0 || !listed.contains(rest.substring(0, dot)) || !TABLE_KEYS.contains(rest.substring(dot + 1))) {
                problems.add(new ConfigProblem(shorten(key), "is not a setting of a listed " + prefix + " (" + listKey + ": "
                        + String.join(", ", listed) + "; settings " + String.join(", ", TABLE_KEYS.stream().sorted().toList()) + ")"));
            }
        });
        List<Table> tables = new ArrayList<>();
        for (String name : listed) {
            Table table = table(config, prefix, name, columns, allowVia, listed, problems);
            if (table != null) {
                tables.add(table);
            }
        }
        DataMap map = new DataMap(tables);
        cycles(map, prefix, problems);
        return new Parsed(map, problems);
    }

    private static Table table(Map<String, String> config, String prefix, String name, Pattern columns, boolean allowVia,
            Set<String> listed, List<ConfigProblem> problems) {
        String at = prefix + "." + name + ".";
        int before = problems.size();
        Map<String, String> match = new LinkedHashMap<>();
        for (String pair : items(config.get(at + "match"))) {
            String[] parts = pair.split("=", 2);
            String column = parts[0].trim();
            String field = parts.length > 1 ? parts[1].trim() : "";
            if (!columns.matcher(column).matches() || !SUBJECT_FIELD.matcher(field).matches()) {
                problems.add(new ConfigProblem(at + "match", "'" + shorten(pair) + "' must be column=subjectField, e.g. email=email"));
            } else {
                match.put(column, field);
            }
        }
        Via via = null;
        String viaText = config.get(at + "via");
        if (viaText != null && !viaText.isBlank()) {
            Matcher m = Pattern.compile("\\s*(\\w+)\\s*=\\s*(\\w+)\\.(\\w+)\\s*").matcher(viaText);
            if (!allowVia) {
                problems.add(new ConfigProblem(at + "via", "is not supported here: match each " + prefix + " by its own fields"));
            } else if (!m.matches() || !NAME.matcher(m.group(1)).matches() || !NAME.matcher(m.group(3)).matches()) {
                problems.add(new ConfigProblem(at + "via", "must be column=parentTable.parentColumn, e.g. member_id=members.id"));
            } else if (!listed.contains(m.group(2)) || m.group(2).equals(name)) {
                problems.add(new ConfigProblem(at + "via", "must name another listed " + prefix + ", not '" + shorten(m.group(2)) + "'"));
            } else {
                via = new Via(m.group(1), m.group(2), m.group(3));
            }
        }
        if (match.isEmpty() && via == null && problems.size() == before) {
            problems.add(new ConfigProblem(at + "match", "is required: the column(s) that identify the subject, e.g. email=email"
                    + (allowVia ? " (or " + at + "via)" : "")));
        }
        EraseRule erase = erase(config, at, columns, problems);
        Map<String, String> rectify = new LinkedHashMap<>();
        for (String item : items(config.get(at + "rectify"))) {
            String[] parts = item.split("=", 2);
            String label = parts[0].trim();
            String column = parts.length > 1 ? parts[1].trim() : label;
            if (!SUBJECT_FIELD.matcher(label).matches() || !columns.matcher(column).matches()) {
                problems.add(new ConfigProblem(at + "rectify", "'" + shorten(item) + "' must be label=column or column"));
            } else {
                rectify.put(label.toLowerCase(java.util.Locale.ROOT), column);
            }
        }
        ExportedRecord.Provenance provenance = ExportedRecord.Provenance.PROVIDED;
        String provenanceText = config.get(at + "provenance");
        if (provenanceText != null && !provenanceText.isBlank()) {
            try {
                provenance = ExportedRecord.Provenance.valueOf(provenanceText.trim());
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem(at + "provenance", "must be PROVIDED, OBSERVED or DERIVED"));
            }
        }
        Set<String> omit = new LinkedHashSet<>();
        for (String column : items(config.get(at + "omit"))) {
            if (!columns.matcher(column).matches()) {
                problems.add(new ConfigProblem(at + "omit", "'" + shorten(column) + "' is not a column name"));
            }
            omit.add(column);
        }
        String category = config.getOrDefault(at + "category", "").isBlank() ? name : config.get(at + "category").trim();
        return problems.size() > before || erase == null ? null
                : new Table(name, match, via, erase, rectify, category, provenance, omit);
    }

    private static EraseRule erase(Map<String, String> config, String at, Pattern columns, List<ConfigProblem> problems) {
        String text = config.getOrDefault(at + "erase", "").trim();
        if (text.equals("delete")) {
            return new EraseRule.Delete();
        }
        if (text.equals("retain")) {
            String exemption = config.getOrDefault(at + "exemption", "").trim();
            String basis = config.getOrDefault(at + "legalBasis", "").trim();
            if (exemption.isEmpty() || basis.isEmpty()) {
                problems.add(new ConfigProblem(at + "erase", "retain needs " + at + "exemption (why) and " + at
                        + "legalBasis (the Art 17(3) ground)"));
                return null;
            }
            return new EraseRule.Retain(exemption, basis);
        }
        Matcher m = NULLIFY.matcher(text);
        if (m.matches()) {
            List<String> nulled = items(m.group(1));
            if (nulled.isEmpty() || !nulled.stream().allMatch(c -> columns.matcher(c).matches())) {
                problems.add(new ConfigProblem(at + "erase", "nullify needs column names, e.g. nullify(email, free_text)"));
                return null;
            }
            return new EraseRule.Nullify(nulled);
        }
        problems.add(new ConfigProblem(at + "erase", "is required: delete, nullify(columns) or retain (with exemption and legalBasis)"));
        return null;
    }

    private static void cycles(DataMap map, String prefix, List<ConfigProblem> problems) {
        for (Table table : map.tables) {
            Set<String> seen = new LinkedHashSet<>();
            Table at = table;
            while (at != null && at.via() != null) {
                if (!seen.add(at.name())) {
                    problems.add(new ConfigProblem(prefix + "." + table.name() + ".via", "goes round in a circle: " + String.join(" → ", seen)));
                    break;
                }
                at = map.table(at.via().parent()).orElse(null);
            }
        }
    }

    private static List<String> items(String text) {
        if (text == null) {
            return List.of();
        }
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** Configuration text echoed in a problem, cut short (it is configuration, never subject data). */
    private static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
