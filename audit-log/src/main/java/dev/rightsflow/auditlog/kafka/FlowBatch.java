package dev.rightsflow.auditlog.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.rightsflow.auditlog.cases.application.CaseProjection;
import dev.rightsflow.auditlog.cases.model.CaseFile;
import dev.rightsflow.auditlog.trail.application.AuditStore;
import dev.rightsflow.auditlog.trail.model.AuditChain;
import dev.rightsflow.auditlog.trail.model.AuditEntry;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.avro.AuditEntryAppended;
import dev.rightsflow.schemas.avro.LanePaused;
import dev.rightsflow.schemas.avro.LaneResumed;
import dev.rightsflow.schemas.avro.OrganisationPublished;
import dev.rightsflow.schemas.avro.WebhookAttempted;

/**
 * {@link FlowIngest} for a batch of events (a poll's records, or a chunk of a replay), with the
 * same outcome as ingesting them one by one in the same order, in a handful of store round trips
 * instead of about six per event:
 * <ol>
 * <li>one read each of the cases, the audit chains' heads and the entries already recorded that the
 * batch touches ({@code _id $in}, {@code sourceEventId $in}: index-served, also by the in-process
 * server);</li>
 * <li>the events folded in order in memory: each case's events applied as {@code CaseProjection}
 * applies them (an event already applied is skipped), each event's audit entry chained to its
 * chain's head as it stands after the events before it, with the deadline as it stood once the
 * event had taken effect, hashed exactly as one at a time;</li>
 * <li>one ordered bulk write of the new entries (then their chains' heads);</li>
 * <li>live only, once the entries are written: each entry's witness sent without awaiting it (the listener's
 * poll awaits them before its offsets are stored), so the broker's round trips overlap the next write;</li>
 * <li>one bulk write of the changed cases;</li>
 * <li>live only, after the case write: open dashboards told, new alerts sent on.</li>
 * </ol>
 * Registry, lane and webhook-attempt events (rare, and they change views the case events are read
 * against) go one at a time through {@link FlowIngest}, in their place in the order. When a write
 * fails (for example a head left behind by a crash between an entry and its head, whose sequence is
 * then taken) the run is ingested again one event at a time, which is idempotent and re-reads each
 * head. An event that cannot be folded stops the batch: those before it are written first, and
 * {@link FailedAt} says which it was.
 */
public class FlowBatch {

    private static final Logger log = LoggerFactory.getLogger(FlowBatch.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(60);

    private final FlowIngest ingest;
    private final CaseProjection cases;
    private final AuditStore trail;

    public FlowBatch(FlowIngest ingest, CaseProjection cases, AuditStore trail) {
        this.ingest = ingest;
        this.cases = cases;
        this.trail = trail;
    }

    /**
     * One event of a batch.
     *
     * @param recordedAt when its entry was first recorded, as witnessed (a rebuild passes it), or null: now
     */
    public record Item(String topic, SpecificRecord event, Instant recordedAt) {
    }

    /** The batch stopped at the event at {@code index}; every event before it is written. */
    public static final class FailedAt extends RuntimeException {
        private final int index;

        public FailedAt(int index, Throwable cause) {
            super("event " + index + " of the batch could not be ingested: " + cause, cause);
            this.index = index;
        }

        public int index() {
            return index;
        }
    }

    /**
     * Ingests the events in order; blocks until their effects are written.
     *
     * @param isLive whether witnesses and live effects follow (false while catching up and in a rebuild)
     * @param sends  where live witness sends go without being awaited (null: each is awaited)
     * @throws FailedAt when an event could not be ingested (the events before it are)
     */
    public void ingest(List<Item> items, boolean isLive, List<CompletableFuture<?>> sends) {
        int runStart = 0;
        for (int i = 0; i < items.size(); i++) {
            SpecificRecord event = items.get(i).event();
            if (event instanceof OrganisationPublished || event instanceof LanePaused || event instanceof LaneResumed
                    || event instanceof WebhookAttempted) {
                flush(items, runStart, i, isLive, sends);
                one(items, i, isLive, sends);
                runStart = i + 1;
            }
        }
        flush(items, runStart, items.size(), isLive, sends);
    }

    private void one(List<Item> items, int i, boolean isLive, List<CompletableFuture<?>> sends) {
        Item it = items.get(i);
        try {
            ingest.ingest(it.topic(), it.event(), isLive, it.recordedAt(), sends).block(WRITE_TIMEOUT);
        } catch (RuntimeException e) {
            throw new FailedAt(i, e);
        }
    }

    /** Folds and writes the case events {@code from} (inclusive) to {@code to} (exclusive) as one batch. */
    private void flush(List<Item> items, int from, int to, boolean isLive, List<CompletableFuture<?>> sends) {
        if (from >= to) {
            return;
        }
        Folded folded;
        try {
            folded = fold(items.subList(from, to), isLive);
        } catch (FoldFailed f) {
            // nothing is written yet; the events before the one that failed are folded again and written
            flush(items, from, from + f.index, isLive, sends);
            throw new FailedAt(from + f.index, f.getCause());
        }
        try {
            trail.appendAll(folded.entries).block(WRITE_TIMEOUT);
            if (isLive) {
                // a witness needs its entry written, not the cases: the sends' round trips to the broker overlap the
                // case write (the poll awaits them before its offsets are stored)
                witness(folded.witnessed, sends);
            }
            Mono.fromFuture(() -> cases.saveAll(folded.changed.values())).block(WRITE_TIMEOUT);
        } catch (RuntimeException e) {
            log.info("audit-log ingests {} event(s) one at a time after a batch write failed ({})", to - from,
                    e.toString());
            for (int i = from; i < to; i++) {
                one(items, i, isLive, sends);
            }
            return;
        }
        if (isLive) {
            // after the case write: dashboards and alert recipients
            Flux.fromIterable(folded.live)
                    .concatMap(l -> ingest.afterLive(l.event, l.requestId, l.organisations, l.applied))
                    .then().block(WRITE_TIMEOUT);
        }
    }

    /** Starts the entries' witness sends, in entry order, into {@code sends} (null: each awaited). */
    private void witness(List<AuditEntry> entries, List<CompletableFuture<?>> sends) {
        Flux.fromIterable(entries).concatMap(entry -> ingest.witness(entry, sends)).then().block(WRITE_TIMEOUT);
    }

    /** An event of the batch could not be folded (its effect or entry failed); nothing was written. */
    private static final class FoldFailed extends RuntimeException {
        final int index;

        FoldFailed(int index, Throwable cause) {
            super(cause);
            this.index = index;
        }
    }

    /** What a batch's events come to: entries to append, cases changed, and what follows live. */
    private record Folded(List<AuditEntry> entries, Map<String, CaseFile> changed, List<AuditEntry> witnessed,
            List<Live> live) {
    }

    /** A live effect as it stood once its event had taken effect. */
    private record Live(SpecificRecord event, String requestId, Set<String> organisations, boolean applied) {
    }

    private Folded fold(List<Item> run, boolean isLive) {
        Set<String> requestIds = new LinkedHashSet<>();
        List<String> eventIds = new ArrayList<>(run.size());
        for (Item it : run) {
            requestIds.add(Events.requestId(it.event()));
            eventIds.add(Events.eventId(it.event()));
        }
        // the three reads, side by side
        var read = Mono.zip(Mono.fromFuture(() -> cases.findAll(requestIds)), trail.heads(requestIds), trail.bySourceEventIds(eventIds))
                .block(WRITE_TIMEOUT);
        Map<String, CaseFile> files = new HashMap<>(read.getT1());
        Map<String, AuditEntry> heads = new HashMap<>(read.getT2());
        Map<String, AuditEntry> recorded = new HashMap<>(read.getT3());
        Map<String, CaseFile> changed = new LinkedHashMap<>();
        List<AuditEntry> entries = new ArrayList<>();
        List<AuditEntry> witnessed = new ArrayList<>();
        List<Live> live = new ArrayList<>();
        for (int i = 0; i < run.size(); i++) {
            Item it = run.get(i);
            try {
                SpecificRecord event = it.event();
                if (event instanceof AuditEntryAppended) {
                    continue;
                }
                String requestId = Events.requestId(event);
                String eventId = Events.eventId(event);
                Optional<Consumer<CaseFile>> effect = ingest.effect(event);
                CaseFile file = files.get(requestId);
                boolean applied = false;
                if (effect.isPresent()) {
                    CaseFile target = file != null ? file : CaseFile.of(requestId);
                    if (!target.seen(eventId)) {
                        effect.get().accept(target);
                        target.touched(Events.occurredAt(event));
                        file = target;
                        files.put(requestId, target);
                        changed.put(requestId, target);
                        applied = true;
                    }
                }
                String deadline = file == null ? null : ingest.deadlineAsItStands(file);
                AuditEntry entry = recorded.get(eventId);
                if (entry == null) {
                    Instant at = it.recordedAt() != null ? it.recordedAt() : ingest.now();
                    entry = AuditChain.next(Optional.ofNullable(heads.get(requestId)),
                            EventPayloads.unchained(requestId, it.topic(), event, at, deadline));
                    heads.put(requestId, entry);
                    recorded.put(eventId, entry);
                    entries.add(entry);
                }
                if (isLive) {
                    witnessed.add(entry);
                    if (file != null) {
                        live.add(new Live(event, requestId, Set.copyOf(file.organisations()), applied));
                    }
                }
            } catch (RuntimeException e) {
                throw new FoldFailed(i, e);
            }
        }
        return new Folded(entries, changed, witnessed, live);
    }
}
