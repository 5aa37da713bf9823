package dev.rightsflow.auditlog.lanes;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.bson.Document;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import dev.rightsflow.auditlog.cases.model.Viewer;
import dev.rightsflow.auditlog.lanes.model.LaneState;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * audit-log's view of the systems' lanes, folded from the LANES topic (processor-connectors owns the
 * lanes): the latest state per system, kept in the {@code lanes} collection (by {@code _id} = system
 * id) and in memory. An announcement older than the one held changes nothing (redelivery, replay,
 * a publish retried out of order). Cleared with the other projections on a rebuild.
 */
public class LaneView {

    static final String LANES = "lanes";

    private final MongoDatabase database;
    private final Map<String, LaneState> bySystem = new ConcurrentHashMap<>();

    public LaneView(MongoDatabase database) {
        this.database = database;
    }

    private MongoCollection<Document> collection() {
        return database.getCollection(LANES);
    }

    /** Loads the stored view into memory (at start). */
    public Mono<Void> load() {
        return Flux.from(collection().find()).map(LaneView::state).doOnNext(s -> bySystem.put(s.systemId(), s)).then();
    }

    public Mono<Void> apply(LaneState state) {
        LaneState current = bySystem.get(state.systemId());
        if (current != null && current.changedAt() != null && state.changedAt() != null && current.changedAt().isAfter(state.changedAt())) {
            return Mono.empty();
        }
        bySystem.put(state.systemId(), state);
        return Mono.from(collection().replaceOne(Filters.eq("_id", state.systemId()), document(state),
                new ReplaceOptions().upsert(true))).then();
    }

    /** The paused lanes the viewer may see, longest paused first. */
    public List<LaneState> paused(Viewer viewer) {
        return bySystem.values().stream().filter(LaneState::paused).filter(s -> s.visibleTo(viewer))
                .sorted(Comparator.comparing(LaneState::since, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(LaneState::systemId))
                .toList();
    }

    /** The system's lane if it is paused now (its tasks wait for the vendor). */
    public Optional<LaneState> pausedSystem(String systemId) {
        return Optional.ofNullable(systemId == null ? null : bySystem.get(systemId)).filter(LaneState::paused);
    }

    /** Empties the view (a delete, not a drop: dropping a collection that was never made logs an error on the in-process server). */
    public Mono<Void> clear() {
        bySystem.clear();
        return Mono.from(collection().deleteMany(new Document())).then();
    }

    private static Document document(LaneState s) {
        return new Document("_id", s.systemId()).append("lane", s.lane()).append("connector", s.connector())
                .append("organisationIds", s.organisationIds()).append("paused", s.paused()).append("reason", s.reason())
                .append("since", date(s.since())).append("nextProbeAt", date(s.nextProbeAt()))
                .append("probeEveryMillis", s.probeEvery() == null ? null : s.probeEvery().toMillis())
                .append("changedAt", date(s.changedAt()));
    }

    private static LaneState state(Document d) {
        Number probe = d.get("probeEveryMillis", Number.class);
        return new LaneState(d.getString("_id"), d.getString("lane"), d.getString("connector"),
                d.getList("organisationIds", String.class, List.of()), Boolean.TRUE.equals(d.getBoolean("paused")),
                d.getString("reason"), instant(d.getDate("since")), instant(d.getDate("nextProbeAt")),
                probe == null ? null : Duration.ofMillis(probe.longValue()), instant(d.getDate("changedAt")));
    }

    private static Date date(Instant at) {
        return at == null ? null : Date.from(at);
    }

    private static Instant instant(Date at) {
        return at == null ? null : at.toInstant();
    }
}
