package dev.rightsflow.auditlog.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.bson.Document;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.rightsflow.deadline.ResponseTargetSpec;
import dev.rightsflow.deadline.UkDivision;

/**
 * audit-log's own view of the registry, built from the REGISTRY topic (the router owns the
 * registry). Kept in the {@code organisations} collection and in memory; a newer version replaces
 * an older one, an older or equal version changes nothing (redelivery, replay).
 */
public class RegistryView {

    static final String ORGANISATIONS = "organisations";

    private final MongoDatabase database;
    private final Map<String, Organisation> byId = new ConcurrentHashMap<>();
    private final List<java.util.function.Consumer<String>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public RegistryView(MongoDatabase database) {
        this.database = database;
    }

    private MongoCollection<Document> collection() {
        return database.getCollection(ORGANISATIONS);
    }

    /** Loads the stored view into memory (at start). */
    public Mono<Void> load() {
        return Flux.from(collection().find()).map(RegistryView::organisation)
                .doOnNext(o -> byId.put(o.id(), o)).then();
    }

    public Mono<Void> publish(Organisation organisation) {
        Organisation current = byId.get(organisation.id());
        if (current != null && current.version() >= organisation.version()) {
            return Mono.empty();
        }
        byId.put(organisation.id(), organisation);
        listeners.forEach(listener -> listener.accept(organisation.id()));
        return Mono.from(collection().replaceOne(Filters.eq("_id", organisation.id()), document(organisation),
                new ReplaceOptions().upsert(true))).then();
    }

    /** Calls the listener with the organisation's id whenever a newer version of it replaces the one held. */
    public void onChange(java.util.function.Consumer<String> listener) {
        listeners.add(listener);
    }

    public Optional<Organisation> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
    }

    /**
     * For the deadline calculator ({@code GET /api/v1/deadlines?organisation=...}, its {@code OrganisationTargets} port,
     * adapted in {@code deadlines.DeadlinesConfiguration}): the organisation's targets; empty when it is unknown.
     */
    public Optional<List<ResponseTargetSpec>> targetsOf(String organisationId) {
        return find(organisationId).map(Organisation::targets);
    }

    /** The organisation's UK division, when known. */
    public Optional<UkDivision> divisionOf(String organisationId) {
        return find(organisationId).flatMap(o -> {
            try {
                return Optional.of(UkDivision.valueOf(o.division()));
            } catch (IllegalArgumentException | NullPointerException unknown) {
                return Optional.empty();
            }
        });
    }

    /** The processors of a service (by its id, whichever organisation lists it), minus its controller. */
    public List<String> processorsOfService(String serviceId) {
        if (serviceId == null) {
            return List.of();
        }
        return byId.values().stream().flatMap(o -> o.services().stream())
                .filter(s -> serviceId.equals(s.serviceId()))
                .flatMap(s -> s.processorIds().stream().filter(p -> !p.equals(s.controllerId())))
                .distinct().toList();
    }

    public Collection<Organisation> all() {
        return byId.values();
    }

    /** The name of a system, from the registry entry of whichever organisation lists it. */
    public Optional<String> systemName(String systemId) {
        return all().stream().map(o -> o.systemNames().get(systemId)).filter(java.util.Objects::nonNull).findFirst();
    }

    public String name(String id) {
        return find(id).map(Organisation::name).orElse(id);
    }

    public Mono<Void> clear() {
        byId.clear();
        return Mono.from(collection().drop()).then();
    }

    private static Document document(Organisation o) {
        List<Document> services = new ArrayList<>();
        for (Organisation.Service s : o.services()) {
            services.add(new Document("serviceId", s.serviceId()).append("name", s.name())
                    .append("controllerId", s.controllerId()).append("processorIds", s.processorIds()));
        }
        List<Document> targets = new ArrayList<>();
        for (ResponseTargetSpec t : o.targets()) {
            targets.add(new Document("regime", t.regime()).append("acknowledgeWorkingDays", t.acknowledgeWorkingDays())
                    .append("respondWorkingDays", t.respondWorkingDays())
                    .append("respondCalendarDays", t.respondCalendarDays())
                    .append("extensionCalendarDays", t.extensionCalendarDays()));
        }
        return new Document("_id", o.id()).append("version", o.version()).append("name", o.name())
                .append("division", o.division()).append("services", services).append("targets", targets)
                .append("alertEmail", o.alertEmail()).append("alertWebhook", o.alertWebhook())
                .append("consentPurposes", o.consentPurposes().stream()
                        .map(p -> new Document("id", p.id()).append("name", p.name())).toList());
    }

    @SuppressWarnings("unchecked")
    private static Organisation organisation(Document d) {
        List<Organisation.Service> services = new ArrayList<>();
        for (Document s : d.getList("services", Document.class, List.of())) {
            services.add(new Organisation.Service(s.getString("serviceId"), s.getString("name"),
                    s.getString("controllerId"), (List<String>) s.get("processorIds", List.class)));
        }
        List<ResponseTargetSpec> targets = new ArrayList<>();
        for (Document t : d.getList("targets", Document.class, List.of())) {
            targets.add(new ResponseTargetSpec(t.getString("regime"), t.getInteger("acknowledgeWorkingDays"),
                    t.getInteger("respondWorkingDays"), t.getInteger("respondCalendarDays"),
                    t.getInteger("extensionCalendarDays")));
        }
        List<Organisation.ConsentPurpose> purposes = d.getList("consentPurposes", Document.class, List.of()).stream()
                .map(p -> new Organisation.ConsentPurpose(p.getString("id"), p.getString("name"))).toList();
        return new Organisation(d.getString("_id"), d.get("version", Number.class).longValue(), d.getString("name"),
                d.getString("division"), services, targets, d.getString("alertEmail"), d.getString("alertWebhook"),
                purposes);
    }
}
