package dev.rightsflow.router.registry.model;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An immutable snapshot of the registry: every organisation by id, and every service by id. */
public final class Registry {

    private final Map<String, Organisation> organisations;
    private final Map<String, Organisation.Service> services;

    public Registry(Collection<Organisation> organisations) {
        Map<String, Organisation> byId = new LinkedHashMap<>();
        Map<String, Organisation.Service> serviceById = new LinkedHashMap<>();
        for (Organisation organisation : organisations) {
            byId.put(organisation.id(), organisation);
            for (Organisation.Service service : organisation.services()) {
                serviceById.putIfAbsent(service.id(), service);
            }
        }
        this.organisations = Map.copyOf(byId);
        this.services = Map.copyOf(serviceById);
    }

    public Optional<Organisation> organisation(String id) {
        return Optional.ofNullable(id == null ? null : organisations.get(id));
    }

    public Optional<Organisation.Service> service(String id) {
        return Optional.ofNullable(id == null ? null : services.get(id));
    }

    public List<Organisation> organisations() {
        return List.copyOf(organisations.values());
    }

    public Registry with(Organisation organisation) {
        Map<String, Organisation> copy = new LinkedHashMap<>(organisations);
        copy.put(organisation.id(), organisation);
        return new Registry(copy.values());
    }
}
