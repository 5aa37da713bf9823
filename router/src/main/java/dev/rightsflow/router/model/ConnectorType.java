package dev.rightsflow.router.model;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The connector types the platform ships and what each can carry out, as the router must know it
 * to plan: a task sent to a connector that cannot do its action fails permanently, so the planner
 * sends such an action to a person instead ({@link Planner}).
 *
 * <p>This table mirrors the "Connectors and their configuration" table of
 * {@code processor-connectors/README.md} (the router does not depend on that module: the two
 * services share only the event contracts). {@code ConnectorTypeTest} reads that README and
 * fails when the two disagree, so a connector gaining or losing an action is noticed here.
 *
 * @param name       connector type as named in the registry ({@code connector:})
 * @param actions    actions the connector can carry out
 * @param actionKeys configuration keys without which a system's connector cannot carry out an
 *                   action (generic-rest needs the path of each action but erasure, which has a default)
 */
public record ConnectorType(String name, Set<Action> actions, Map<Action, String> actionKeys) {

    /** The connector every action can fall back to: a person does it and confirms with evidence. */
    public static final String MANUAL = "manual";

    public static final List<ConnectorType> TYPES = List.of(
            new ConnectorType(MANUAL, EnumSet.allOf(Action.class), Map.of()),
            new ConnectorType("mailchimp",
                    EnumSet.of(Action.ERASE, Action.EXPORT, Action.SUPPRESS, Action.WITHDRAW_CONSENT), Map.of()),
            new ConnectorType("qualtrics",
                    EnumSet.of(Action.ERASE, Action.EXPORT, Action.SUPPRESS, Action.WITHDRAW_CONSENT), Map.of()),
            new ConnectorType("smartsurvey", EnumSet.of(Action.ERASE, Action.EXPORT), Map.of()),
            new ConnectorType("hotjar", EnumSet.of(Action.ERASE, Action.EXPORT), Map.of()),
            new ConnectorType("matomo", EnumSet.of(Action.ERASE, Action.EXPORT), Map.of()),
            new ConnectorType("generic-rest",
                    EnumSet.of(Action.ERASE, Action.EXPORT, Action.RECTIFY, Action.RESTRICT, Action.SUPPRESS,
                            Action.WITHDRAW_CONSENT),
                    Map.of(Action.RECTIFY, "rectifyPath", Action.RESTRICT, "restrictPath",
                            Action.SUPPRESS, "suppressPath", Action.WITHDRAW_CONSENT, "consentPath")),
            new ConnectorType("opendsr", EnumSet.of(Action.ERASE, Action.EXPORT), Map.of()),
            // Databases: rectification needs table.<name>.rectify on some table; without it (or when the correction
            // is not "field: value" lines) the connector hands the task to a person itself.
            new ConnectorType("postgresql", EnumSet.of(Action.ERASE, Action.EXPORT, Action.RECTIFY), Map.of()),
            new ConnectorType("mariadb", EnumSet.of(Action.ERASE, Action.EXPORT, Action.RECTIFY), Map.of()),
            new ConnectorType("mongodb", EnumSet.of(Action.ERASE, Action.EXPORT, Action.RECTIFY), Map.of()));

    public ConnectorType {
        actions = Set.copyOf(actions);
        actionKeys = Map.copyOf(actionKeys);
    }

    /** Names of the shipped connector types, as the registry spells them. */
    public static Set<String> names() {
        return TYPES.stream().map(ConnectorType::name).collect(Collectors.toUnmodifiableSet());
    }

    /** The connector type of that name (case-insensitive), if the platform ships it. */
    public static Optional<ConnectorType> of(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.toLowerCase(Locale.ROOT);
        return TYPES.stream().filter(t -> t.name.equals(wanted)).findFirst();
    }

    /**
     * Why a system's connector cannot carry out {@code action} with its configuration, in words an
     * administrator can act on; empty when it can.
     */
    public static Optional<String> whyNot(String connector, Action action, Map<String, String> config) {
        Optional<ConnectorType> type = of(connector);
        if (type.isEmpty()) {
            return Optional.of("the platform has no '" + connector + "' connector");
        }
        if (!type.get().actions.contains(action)) {
            return Optional.of("its " + type.get().name + " connector cannot " + verb(action)
                    + " (the API cannot)");
        }
        String key = type.get().actionKeys.get(action);
        if (key != null && (config.get(key) == null || config.get(key).isBlank())) {
            return Optional.of("its " + type.get().name + " connector has no " + key + " configured for this system");
        }
        return Optional.empty();
    }

    /** The action as a lower-case verb, for instructions and reasons. */
    static String verb(Action action) {
        return switch (action) {
            case ERASE -> "erase";
            case EXPORT -> "export";
            case RECTIFY -> "rectify";
            case RESTRICT -> "restrict";
            case SUPPRESS -> "suppress";
            case WITHDRAW_CONSENT -> "withdraw consent";
            case NOTIFY_RECIPIENT -> "notify a recipient";
            case FORWARD_TO_CONTROLLER -> "forward to the controller";
        };
    }
}
