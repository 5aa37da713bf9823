package dev.rightsflow.connectors.catalogue.application;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

import dev.rightsflow.connectors.spi.ConfigKey;
import dev.rightsflow.connectors.spi.Connector;


/**
 * The connectors found on the class path with {@link ServiceLoader}. Their declarations are
 * checked when the catalogue is made, so a broken plug-in stops the service at start rather than
 * failing tasks later: names must be unique and non-blank, and every default value must pass the
 * connector's own validation of its type. Closing the catalogue closes the connectors that hold
 * resources (the database connectors' connection pools).
 */
public final class ConnectorCatalogue implements AutoCloseable {

    private final Map<String, Connector> byName = new TreeMap<>();

    public ConnectorCatalogue(Collection<Connector> connectors) {
        for (Connector connector : connectors) {
            String name = connector.name();
            if (name == null || name.isBlank()) {
                throw new IllegalStateException(connector.getClass().getName() + " has no name");
            }
            if (byName.put(name, connector) != null) {
                throw new IllegalStateException("two connectors are named " + name);
            }
            for (ConfigKey key : connector.config().keys()) {
                if (key.defaultValue() != null && !connector.config().validate(Map.of(key.name(), key.defaultValue())).stream()
                        .filter(p -> p.key().equals(key.name())).toList().isEmpty()) {
                    throw new IllegalStateException(name + " declares an invalid default for " + key.name());
                }
            }
        }
    }

    public static ConnectorCatalogue discover(ClassLoader loader) {
        List<Connector> found = new ArrayList<>();
        ServiceLoader.load(Connector.class, loader).forEach(found::add);
        return new ConnectorCatalogue(found);
    }

    public Optional<Connector> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Collection<Connector> all() {
        return byName.values();
    }

    @Override
    public void close() {
        for (Connector connector : byName.values()) {
            if (connector instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new IllegalStateException(connector.name() + " did not close", e);
                }
            }
        }
    }
}
