package dev.rightsflow.schemas.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one connector type can do, as the connector itself declares it ({@code Connector.capabilities()} in
 * processor-connectors, like a Kafka Connect plug-in declaring its configuration): the runtime trusts the declaration,
 * and so does the router, which plans from the {@link #catalogue()} of every shipped connector's declaration
 * without depending on processor-connectors.
 *
 * <p>The catalogue is {@value #CATALOGUE}, generated from the declarations: processor-connectors'
 * {@code ConnectorCapabilitiesTest} fails when the file and the connectors disagree and rewrites it when run with
 * {@code -Drightsflow.write-catalogue=true}, so the file is never edited by hand.
 *
 * @param name       the connector type as tasks and the registry name it ({@code mailchimp})
 * @param actions    the actions it can carry out; any other is a permanent failure, so the router sends it to a person
 * @param actionKeys configuration keys without which a system's connector cannot carry out an action (generic-rest
 *                   needs the path of each action but erasure, which has a default)
 */
public record ConnectorCapabilities(String name, Set<Action> actions, Map<Action, String> actionKeys) {

    /** The class-path resource holding every shipped connector's declaration. */
    public static final String CATALOGUE = "/dev/rightsflow/schemas/model/connector-capabilities.properties";

    private static final List<ConnectorCapabilities> SHIPPED = load();

    public ConnectorCapabilities {
        actions = actions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(actions));
        actionKeys = Map.copyOf(actionKeys);
    }

    /** A declaration with no action that needs a key. */
    public static ConnectorCapabilities of(String name, Set<Action> actions) {
        return new ConnectorCapabilities(name, actions, Map.of());
    }

    /** Whether the connector can carry out the action. */
    public boolean can(Action action) {
        return actions.contains(action);
    }

    /** Every shipped connector's declaration, by name. */
    public static List<ConnectorCapabilities> catalogue() {
        return SHIPPED;
    }

    /**
     * The catalogue file's text for these declarations: one {@code <name>.actions} line per connector and one
     * {@code <name>.needs.<ACTION>} line per action that needs a key, sorted, so that the same declarations always
     * give the same file.
     */
    public static String render(List<ConnectorCapabilities> declarations) {
        StringBuilder text = new StringBuilder("""
                # What each connector type can do, as the connector declares it (Connector.capabilities(),
                # processor-connectors). Generated: do not edit. processor-connectors' ConnectorCapabilitiesTest fails
                # when this file and the declarations differ, and rewrites it with -Drightsflow.write-catalogue=true.
                """);
        declarations.stream().sorted(Comparator.comparing(ConnectorCapabilities::name)).forEach(c -> {
            text.append(c.name).append(".actions=")
                    .append(String.join(",", c.actions.stream().sorted().map(Action::name).toList()))
                    .append('\n');
            c.actionKeys.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(need -> text.append(c.name)
                    .append(".needs.").append(need.getKey().name()).append('=').append(need.getValue()).append('\n'));
        });
        return text.toString();
    }

    /** Reads catalogue text (as {@link #render} writes it). */
    public static List<ConnectorCapabilities> parse(InputStream in) throws IOException {
        Properties p = new Properties();
        p.load(in);
        List<ConnectorCapabilities> found = new ArrayList<>();
        for (String key : new TreeSet<>(p.stringPropertyNames())) {
            if (!key.endsWith(".actions")) {
                continue;
            }
            String name = key.substring(0, key.length() - ".actions".length());
            Set<Action> actions = EnumSet.noneOf(Action.class);
            for (String action : p.getProperty(key).split(",")) {
                if (!action.isBlank()) {
                    actions.add(Action.valueOf(action.trim()));
                }
            }
            Map<Action, String> keys = new EnumMap<>(Action.class);
            for (Action action : Action.values()) {
                String needs = p.getProperty(name + ".needs." + action.name());
                if (needs != null) {
                    keys.put(action, needs.trim());
                }
            }
            found.add(new ConnectorCapabilities(name, actions, keys));
        }
        return List.copyOf(found);
    }

    private static List<ConnectorCapabilities> load() {
        try (InputStream in = ConnectorCapabilities.class.getResourceAsStream(CATALOGUE)) {
            if (in == null) {
                throw new IllegalStateException(CATALOGUE + " is missing from the class path");
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
