package dev.rightsflow.router.registry.application;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rightsflow.router.registry.model.FieldError;
import dev.rightsflow.router.registry.model.Organisation;
import dev.rightsflow.router.registry.model.Registry;
import dev.rightsflow.router.registry.model.RegistryValidator;
import dev.rightsflow.router.events.model.Actor;

/**
 * Owns the registry. Every change is an {@code OrganisationPublished} event first (topic REGISTRY,
 * key organisation id, compacted); the MongoDB store and the in-memory snapshot are projections
 * of it, rebuilt from the topic when empty. Other services build their own registry views from
 * the same topic.
 */
public final class RegistryService {

    private static final Logger log = LoggerFactory.getLogger(RegistryService.class);

    /** The outcome of an edit: published with a version, or rejected with field errors. */
    public sealed interface EditResult {
        record Published(RegistryEntry entry) implements EditResult {
        }

        record Rejected(List<FieldError> errors) implements EditResult {
        }

        /** The caller edited a version that is no longer the current one (optimistic concurrency). */
        record Stale(long currentVersion) implements EditResult {
        }

        /** No such organisation, or no such service or system in it. */
        record NotFound(String what) implements EditResult {
        }
    }

    private final RegistryStore store;
    private final RegistryPublisher publisher;
    private final RegistryCodec codec;
    private final Clock clock;
    private final AtomicReference<Map<String, RegistryEntry>> entries = new AtomicReference<>(Map.of());
    private final AtomicReference<Registry> snapshot = new AtomicReference<>(new Registry(List.of()));

    public RegistryService(RegistryStore store, RegistryPublisher publisher, RegistryCodec codec, Clock clock) {
        this.store = store;
        this.publisher = publisher;
        this.codec = codec;
        this.clock = clock;
    }

    public Registry current() {
        return snapshot.get();
    }

    public Optional<RegistryEntry> entry(String organisationId) {
        return Optional.ofNullable(entries.get().get(organisationId));
    }

    public List<RegistryEntry> entries() {
        return List.copyOf(entries.get().values());
    }

    /** Loads the snapshot from the store (after a rebuild, at start). */
    public synchronized void reload() {
        Map<String, RegistryEntry> byId = new LinkedHashMap<>();
        store.all().forEach(e -> byId.put(e.organisation().id(), e));
        setEntries(byId);
    }

    /**
     * Applies a published organisation (its {@code document} at {@code version}) to the projection: newer versions
     * win; replays and redeliveries change nothing.
     */
    public synchronized void project(String document, long version) {
        RegistryEntry entry = codec.readDocument(document);
        entry = new RegistryEntry(entry.organisation(), version, entry.seedDigest());
        if (store.upsertIfNewer(entry)) {
            Map<String, RegistryEntry> byId = new LinkedHashMap<>(entries.get());
            RegistryEntry known = byId.get(entry.organisation().id());
            if (known == null || known.version() <= entry.version()) {
                byId.put(entry.organisation().id(), entry);
                setEntries(byId);
            }
        }
    }

    /** An admin's edit without a version check (last writer wins). */
    public EditResult edit(Organisation organisation, Actor actor) {
        return edit(organisation, actor, null);
    }

    /**
     * An admin's edit: validated against the registry as it stands, published, then projected.
     *
     * @param expectedVersion the version the admin edited (HTTP If-Match), or null for no check;
     *                        a different current version makes the edit {@link EditResult.Stale}
     */
    public synchronized EditResult edit(Organisation organisation, Actor actor, Long expectedVersion) {
        RegistryEntry current = entries.get().get(organisation.id());
        if (expectedVersion != null && (current == null ? expectedVersion != 0 : current.version() != expectedVersion)) {
            return new EditResult.Stale(current == null ? 0 : current.version());
        }
        Registry without = current();
        List<FieldError> errors = RegistryValidator.validate(organisation, without);
        if (!errors.isEmpty()) {
            return new EditResult.Rejected(errors);
        }
        RegistryEntry previous = current;
        RegistryEntry next = new RegistryEntry(organisation, previous == null ? 1 : previous.version() + 1,
                previous == null ? null : previous.seedDigest());
        publishAndProject(next, actor);
        return new EditResult.Published(next);
    }

    /**
     * Removes a service or site from an organisation: a new version of the organisation, published
     * like any edit, so every service's registry view drops it. Open cases keep their resolution.
     */
    public synchronized EditResult removeService(String organisationId, String serviceId, Actor actor,
            Long expectedVersion) {
        return remove(organisationId, expectedVersion, actor,
                o -> o.services().stream().anyMatch(s -> s.id().equals(serviceId)) ? o.withoutService(serviceId) : null,
                "service " + serviceId);
    }

    /**
     * Removes a system from an organisation's data map: a new version of the organisation. Cases
     * already planned keep their tasks; later plans no longer task it.
     */
    public synchronized EditResult removeSystem(String organisationId, String systemId, Actor actor,
            Long expectedVersion) {
        return remove(organisationId, expectedVersion, actor,
                o -> o.systems().stream().anyMatch(s -> s.id().equals(systemId)) ? o.withoutSystem(systemId) : null,
                "system " + systemId);
    }

    private EditResult remove(String organisationId, Long expectedVersion, Actor actor,
            java.util.function.UnaryOperator<Organisation> removal, String what) {
        RegistryEntry current = entries.get().get(organisationId);
        if (current == null) {
            return new EditResult.NotFound("organisation " + organisationId);
        }
        Organisation changed = removal.apply(current.organisation());
        if (changed == null) {
            return new EditResult.NotFound(what + " of " + organisationId);
        }
        return edit(changed, actor, expectedVersion);
    }

    /**
     * Publishes every seed organisation whose seed entry changed since it was last published from
     * the seed (or that is missing), so that admins' edits of unchanged seed entries survive restarts.
     *
     * @throws IllegalStateException when the seed itself is invalid, listing every problem
     */
    public synchronized int publishSeed(List<Organisation> seed) {
        Registry seedRegistry = new Registry(seed);
        List<String> problems = new ArrayList<>();
        for (Organisation o : seed) {
            RegistryValidator.validate(o, seedRegistry)
                    .forEach(e -> problems.add(o.id() + "." + e.field() + ": " + e.message()));
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the seed registry is invalid: " + problems);
        }
        int published = 0;
        for (Organisation o : seed) {
            String digest = codec.digest(o);
            RegistryEntry stored = entries.get().get(o.id());
            if (stored == null || !digest.equals(stored.seedDigest())) {
                publishAndProject(new RegistryEntry(o, stored == null ? 1 : stored.version() + 1, digest),
                        Actor.ROUTER);
                published++;
            }
        }
        log.info("registry seed: {} of {} organisations published", published, seed.size());
        return published;
    }

    private void publishAndProject(RegistryEntry entry, Actor actor) {
        String document = codec.document(entry);
        publisher.publish(entry, document, actor, clock.instant());
        project(document, entry.version());
    }

    private void setEntries(Map<String, RegistryEntry> byId) {
        entries.set(Map.copyOf(byId));
        snapshot.set(new Registry(byId.values().stream().map(RegistryEntry::organisation).toList()));
    }
}
