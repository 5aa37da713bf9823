package dev.rightsflow.intake.registry.application;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.rightsflow.intake.registry.model.Organisation;
import reactor.core.publisher.Mono;

/** Intake's copy of the router's registry, built from the REGISTRY topic. */
public interface RegistryView {

    Mono<Map<String, Organisation>> snapshot();

    default Mono<Optional<Organisation>> find(String organisationId) {
        return snapshot().map(all -> Optional.ofNullable(all.get(organisationId)));
    }

    default Mono<List<Organisation>> all() {
        return snapshot().map(all -> all.values().stream().sorted(java.util.Comparator.comparing(Organisation::name)).toList());
    }

    /** Keeps the newer of the stored and the given version (compacted topic, redelivery). */
    Mono<Void> save(Organisation organisation);

    Mono<Boolean> isEmpty();

    Mono<Void> clear();
}
