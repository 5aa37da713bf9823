package dev.rightsflow.router.registry.model;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.rightsflow.schemas.model.Action;
import dev.rightsflow.schemas.model.ConnectorCapabilities;

/**
 * The connector types the platform ships and what each can carry out, as the router must know it to plan: a task sent
 * to a connector that cannot do its action fails permanently, so the planner sends such an action to a person instead
 * ({@link Planner}).
 *
 * <p>What each type can do is not written here: it is each connector's own declaration, read from the catalogue in
 * schemas ({@link ConnectorCapabilities#catalogue()}, generated from processor-connectors' connectors), so the router
 * plans from the connectors' word without depending on that module. This class only puts the declarations in the
 * router's words.
 */
public final class ConnectorType {

    /** The connector every action can fall back to: a person does it and confirms with evidence. */
    public static final String MANUAL = "manual";

    /** Every shipped connector type's declaration. */
    public static final List<ConnectorCapabilities> TYPES = ConnectorCapabilities.catalogue();

    private ConnectorType() {
    }

    /** Names of the shipped connector types, as the registry spells them. */
    public static Set<String> names() {
        return TYPES.stream().map(ConnectorCapabilities::name).collect(Collectors.toUnmodifiableSet());
    }

    /** The connector type of that name (case-insensitive), if the platform ships it. */
    public static Optional<ConnectorCapabilities> of(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.toLowerCase(Locale.ROOT);
        return TYPES.stream().filter(t -> t.name().equals(wanted)).findFirst();
    }

    /**
     * Why a system's connector cannot carry out {@code action} with its configuration, in words an
     * administrator can act on; empty when it can.
     */
    public static Optional<String> whyNot(String connector, Action action, Map<String, String> config) {
        Optional<ConnectorCapabilities> type = of(connector);
        if (type.isEmpty()) {
            return Optional.of("the platform has no '" + connector + "' connector");
        }
        if (!type.get().can(action)) {
            return Optional.of("its " + type.get().name() + " connector cannot " + verb(action)
                    + " (the API cannot)");
        }
        String key = type.get().actionKeys().get(action);
        if (key != null && (config.get(key) == null || config.get(key).isBlank())) {
            return Optional.of("its " + type.get().name() + " connector has no " + key + " configured for this system");
        }
        return Optional.empty();
    }

    /** The action as a lower-case verb, for instructions and reasons. */
    public static String verb(Action action) {
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
