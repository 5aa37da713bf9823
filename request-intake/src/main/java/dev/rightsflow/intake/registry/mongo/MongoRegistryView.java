package dev.rightsflow.intake.registry.mongo;

import dev.rightsflow.intake.shared.mongo.DuplicateKeys;
import dev.rightsflow.intake.shared.mongo.JsonDocuments;
import dev.rightsflow.intake.status.mongo.MongoStatusStore;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import dev.rightsflow.intake.registry.application.RegistryView;
import dev.rightsflow.intake.registry.model.Organisation;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Intake's view of the registry: an immutable map in memory, which every request is checked against,
 * backed by collection {@code organisations} ({@code {_id: organisationId, version, organisation: {...}}}).
 *
 * <p>Lifecycle:
 * <ol>
 *   <li>the first read loads the collection once (decoding each document once);</li>
 *   <li>every registry event intake's listener folds ({@link #save}) is stored and applied to the map, so a
 *       change takes effect on the next request without a restart;</li>
 *   <li>every {@link #REFRESH} the collection is read again in the background, so an organisation stored by
 *       another intake instance's listener (the instances share a consumer group) reaches this one too.</li>
 * </ol>
 * An older version never replaces a newer one, in the collection or in memory. No request reads MongoDB here.
 */
public class MongoRegistryView implements RegistryView, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(MongoRegistryView.class);

    /** How often the map is reconciled with the collection, off the request path. */
    static final Duration REFRESH = Duration.ofSeconds(30);

    private final MongoCollection<Document> collection;
    private final AtomicReference<Map<String, Organisation>> memory = new AtomicReference<>();
    private final Mono<Map<String, Organisation>> firstLoad;
    private final Disposable refresh;

    public MongoRegistryView(MongoDatabase database) {
        this.collection = database.getCollection("organisations");
        // a failed first load is not kept: the next read tries again
        this.firstLoad = load().cache(loaded -> Duration.ofMillis(Long.MAX_VALUE), failed -> Duration.ZERO, () -> Duration.ZERO);
        this.refresh = Flux.interval(REFRESH, REFRESH).concatMap(tick -> load().onErrorResume(e -> {
            log.warn("registry view not refreshed from MongoDB ({}); keeping the one in memory", e.getClass().getSimpleName());
            return Mono.empty();
        })).subscribe();
    }

    @Override
    public Mono<Map<String, Organisation>> snapshot() {
        Map<String, Organisation> now = memory.get();
        return now != null ? Mono.just(now) : firstLoad;
    }

    /** Reads the collection and merges it into the map (the newer version of each organisation wins). */
    private Mono<Map<String, Organisation>> load() {
        return Flux.from(collection.find())
                .map(doc -> JsonDocuments.fromDocument(doc.get("organisation", Document.class), Organisation.class))
                .collectList()
                .map(stored -> memory.updateAndGet(current -> {
                    Map<String, Organisation> next = current == null ? new LinkedHashMap<>() : new LinkedHashMap<>(current);
                    stored.forEach(organisation -> keepNewer(next, organisation));
                    return Map.copyOf(next);
                }));
    }

    private static void keepNewer(Map<String, Organisation> map, Organisation organisation) {
        map.merge(organisation.id(), organisation, (held, given) -> given.version() >= held.version() ? given : held);
    }

    @Override
    public Mono<Void> save(Organisation organisation) {
        Document doc = new Document("_id", organisation.id()).append("version", organisation.version())
                .append("organisation", JsonDocuments.toDocument(organisation));
        return Mono.from(collection.replaceOne(Filters.and(Filters.eq("_id", organisation.id()),
                        Filters.lte("version", organisation.version())), doc, new ReplaceOptions().upsert(true)))
                .onErrorResume(DuplicateKeys::duplicate, e -> Mono.empty())
                // loaded first, so the map never lacks what the collection holds
                .then(firstLoad)
                .doOnNext(loaded -> memory.updateAndGet(current -> {
                    Map<String, Organisation> next = new LinkedHashMap<>(current);
                    keepNewer(next, organisation);
                    return Map.copyOf(next);
                }))
                .then();
    }

    @Override
    public Mono<Boolean> isEmpty() {
        return JsonDocuments.isEmpty(collection);
    }

    @Override
    public Mono<Void> clear() {
        return JsonDocuments.clear(collection).then(Mono.fromRunnable(() -> memory.set(Map.of())));
    }

    @Override
    public void destroy() {
        refresh.dispose();
    }
}
